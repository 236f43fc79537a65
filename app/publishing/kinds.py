"""The registry of the kinds of public page: what belongs to each kind (its staff URL segment, labels, document
model — the content-file shape —, title field, public route and public path). Code names a kind only through
:class:`app.publishing.page_kinds.PageKind`."""

from dataclasses import dataclass

from pydantic import BaseModel

from app.content import schema
from app.easyread.schema import LeafletFile
from app.i18n.context import N_
from app.publishing.page_kinds import PageKind


@dataclass(frozen=True)
class Kind:
    name: PageKind
    plural: str  # the URL segment under /staff/
    label: str
    label_plural: str
    model: type[BaseModel]
    title_field: str
    public_route: str  # the public page's route name
    public_path: str  # the public pages' folder: /{lang}/{public_path}/{slug}
    reviewed: bool = False  # published only with a reviewer's approval (easy read: checked with its pictures)

    def document(self, data: dict) -> BaseModel:
        """Validate stored or submitted data as this kind's document (raises pydantic's ValidationError)."""
        return self.model.model_validate(data)

    def title(self, data: dict) -> str:
        return str(data.get(self.title_field) or data.get("slug") or "")


KINDS: dict[str, Kind] = {  # by PageKind (a str, so a stored value finds it too)
    kind.name: kind
    for kind in (
        Kind(
            PageKind.service,
            "services",
            N_("service"),
            N_("Services"),
            schema.ServiceFile,
            "name",
            "service",
            "services",
        ),
        Kind(
            PageKind.activity,
            "activities",
            N_("activity"),
            N_("Activities"),
            schema.ActivityDoc,
            "name",
            "service",
            "services",
        ),
        Kind(PageKind.hub, "hubs", N_("community hub"), N_("Community hubs"), schema.HubFile, "name", "hub", "hubs"),
        Kind(PageKind.guide, "guides", N_("guide"), N_("Advice guides"), schema.GuideFile, "title", "guide", "guides"),
        Kind(
            PageKind.leaflet,
            "leaflets",
            N_("leaflet"),
            N_("Easy read leaflets"),
            LeafletFile,
            "title",
            "leaflet",
            "easy-read",
            reviewed=True,
        ),
    )
}
BY_PLURAL = {kind.plural: kind for kind in KINDS.values()}


def dump(document: BaseModel) -> dict:
    """A document as JSON-safe data for a revision (hubs' activities are separate pages, so never kept here)."""
    return document.model_dump(mode="json", exclude={"activities"} if isinstance(document, schema.HubFile) else None)
