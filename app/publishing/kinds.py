"""The kinds of page staff edit, each with its document model (the content-file shape) and labels."""

from dataclasses import dataclass

from pydantic import BaseModel

from app.content import schema
from app.easyread.schema import LeafletFile
from app.i18n.context import N_


@dataclass(frozen=True)
class Kind:
    name: str  # service, activity, hub, guide, leaflet
    plural: str  # the URL segment under /staff/
    label: str
    label_plural: str
    model: type[BaseModel]
    title_field: str
    public_route: str  # the public page's route name

    def document(self, data: dict) -> BaseModel:
        """Validate stored or submitted data as this kind's document (raises pydantic's ValidationError)."""
        return self.model.model_validate(data)

    def title(self, data: dict) -> str:
        return str(data.get(self.title_field) or data.get("slug") or "")


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("service", "services", N_("service"), N_("Services"), schema.ServiceFile, "name", "service"),
        Kind("activity", "activities", N_("activity"), N_("Activities"), schema.ActivityDoc, "name", "service"),
        Kind("hub", "hubs", N_("community hub"), N_("Community hubs"), schema.HubFile, "name", "hub"),
        Kind("guide", "guides", N_("guide"), N_("Advice guides"), schema.GuideFile, "title", "guide"),
        Kind("leaflet", "leaflets", N_("leaflet"), N_("Easy read leaflets"), LeafletFile, "title", "leaflet"),
    )
}
BY_PLURAL = {kind.plural: kind for kind in KINDS.values()}


def dump(document: BaseModel) -> dict:
    """A document as JSON-safe data for a revision (hubs' activities are separate pages, so never kept here)."""
    return document.model_dump(mode="json", exclude={"activities"} if isinstance(document, schema.HubFile) else None)
