"""Read a content folder into validated models, collecting every problem as ``path:line: message``."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.content import schema
from app.content.files import ContentError, SourceDoc, read_markdown, read_yaml
from app.easyread.schema import LeafletFile, split_link
from app.easyread.source import read_leaflet
from app.publishing.page_kinds import PageKind

ALL_AREAS = "all"

Model = TypeVar("Model", bound=BaseModel)
Page = TypeVar("Page", schema.ServiceFile, schema.HubFile, schema.GuideFile, LeafletFile)  # one file per page


class ContentErrors(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.path, e.line))
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ContentSet:
    taxonomies: list[schema.TaxonomyIn] = field(default_factory=list)
    areas: list[schema.AreaIn] = field(default_factory=list)
    organisations: list[schema.OrganisationIn] = field(default_factory=list)
    venues: list[schema.VenueIn] = field(default_factory=list)
    services: list[schema.ServiceFile] = field(default_factory=list)
    hubs: list[schema.HubFile] = field(default_factory=list)
    guides: list[schema.GuideFile] = field(default_factory=list)
    leaflets: list[LeafletFile] = field(default_factory=list)

    def terms(self, taxonomy_slug: str) -> set[str]:
        return {t.slug for tax in self.taxonomies if tax.slug == taxonomy_slug for t in tax.terms}


def _message(error: ErrorDetails) -> str:
    if error["type"] == "extra_forbidden":
        return f"unknown field '{error['loc'][-1]}'"
    if error["type"] == "missing":
        return f"'{error['loc'][-1]}' is required"
    message = error["msg"].removeprefix("Value error, ")
    field_name = next((str(part) for part in reversed(error["loc"]) if isinstance(part, str)), "")
    return f"{field_name}: {message}" if field_name else message


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []
        self.docs: dict[int, SourceDoc] = {}  # id(model) -> where it came from, for cross-reference errors

    def validate(self, doc: SourceDoc, model: type[Model]) -> Model | None:
        try:
            item = model.model_validate(doc.data)
        except ValidationError as exc:
            for error in exc.errors():
                self.errors.append(doc.error(error["loc"], _message(error)))
            return None
        self.docs[id(item)] = doc
        return item

    def yaml_file(self, name: str, model: type[Model], required: bool = True) -> Model | None:
        path = self.root / name
        if not path.exists():
            if required:
                self.errors.append(ContentError(path, 1, "this file is missing"))
            return None
        try:
            doc = read_yaml(path)
        except ContentError as error:
            self.errors.append(error)
            return None
        return self.validate(doc, model)

    def markdown_files(self, folder: str | Path, model: type[Page], body_field: str, read=read_markdown) -> list[Page]:
        items: list[Page] = []
        for path in sorted((self.root / folder).glob("*.md")):
            try:
                doc = read(path, body_field)
            except ContentError as error:
                self.errors.append(error)
                continue
            item = self.validate(doc, model)
            if item is None:
                continue
            if item.slug != path.stem:
                self.errors.append(doc.error(("slug",), f"the slug '{item.slug}' must match the file name"))
            items.append(item)
        return items

    def error(self, item: BaseModel, loc: tuple, message: str) -> None:
        self.errors.append(self.docs[id(item)].error(loc, message))


def load_content(root: Path, easyread: Path | None = None) -> ContentSet:
    """Read and check everything under ``root`` (and the leaflets in ``easyread``, when given); raise
    :class:`ContentErrors` listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise ContentErrors([ContentError(root, 1, "this content folder does not exist")])
    reader = _Reader(root)
    content = ContentSet()
    taxonomy = reader.yaml_file("taxonomy.yml", schema.TaxonomyFile)
    areas = reader.yaml_file("areas.yml", schema.AreasFile)
    organisations = reader.yaml_file("organisations.yml", schema.OrganisationsFile)
    venues = reader.yaml_file("venues.yml", schema.VenuesFile, required=False)
    content.taxonomies = taxonomy.taxonomies if taxonomy else []
    content.areas = areas.areas if areas else []
    content.organisations = organisations.organisations if organisations else []
    content.venues = venues.venues if venues else []
    content.services = reader.markdown_files("services", schema.ServiceFile, "description")
    content.hubs = reader.markdown_files("hubs", schema.HubFile, "description")
    content.guides = reader.markdown_files("guides", schema.GuideFile, "body")
    if easyread is not None and Path(easyread).is_dir():
        content.leaflets = reader.markdown_files(
            Path(easyread).resolve(), LeafletFile, "rows", read=lambda path, _field: read_leaflet(path)
        )
    for source, items in (
        (taxonomy, content.taxonomies),
        (areas, content.areas),
        (organisations, content.organisations),
        (venues, content.venues),
    ):
        for item in items:
            reader.docs.setdefault(id(item), reader.docs[id(source)])
    _check_references(reader, content, taxonomy, areas, organisations, venues)
    if reader.errors:
        raise ContentErrors(reader.errors)
    return content


def _check_references(reader: _Reader, content: ContentSet, taxonomy, areas, organisations, venues) -> None:
    topics = content.terms("topics")
    service_types = content.terms("service-types")
    area_slugs = {area.slug for area in content.areas}
    organisation_slugs = {org.slug for org in content.organisations}
    location_slugs = {venue.slug for venue in content.venues} | {hub.slug for hub in content.hubs}

    def unique(items: Sequence[BaseModel], key: str, where: str, top: BaseModel, label: str) -> None:
        seen: set[str] = set()
        for index, item in enumerate(items):
            slug = getattr(item, key)
            if slug in seen:
                reader.error(top, (where, index, key), f"the {label} slug '{slug}' is used twice")
            seen.add(slug)

    if taxonomy:
        unique(content.taxonomies, "slug", "taxonomies", taxonomy, "taxonomy")
        for t_index, tax in enumerate(content.taxonomies):
            seen: set[str] = set()
            for index, term in enumerate(tax.terms):
                if term.slug in seen:
                    reader.error(
                        taxonomy,
                        ("taxonomies", t_index, "terms", index, "slug"),
                        f"the term slug '{term.slug}' is used twice",
                    )
                seen.add(term.slug)
        if "topics" not in {tax.slug for tax in content.taxonomies}:
            reader.error(taxonomy, ("taxonomies",), "a taxonomy with the slug 'topics' is required")
    if areas:
        unique(content.areas, "slug", "areas", areas, "area")
        if ALL_AREAS in area_slugs:
            reader.error(areas, ("areas",), f"'{ALL_AREAS}' is reserved and cannot be an area's slug")
    if organisations:
        unique(content.organisations, "slug", "organisations", organisations, "organisation")
    if venues:
        unique(content.venues, "slug", "venues", venues, "venue")
        hub_slugs = {hub.slug for hub in content.hubs}
        for index, venue in enumerate(content.venues):
            if venue.slug in hub_slugs:
                reader.error(venues, ("venues", index, "slug"), f"'{venue.slug}' is also a community hub's slug")

    def check_service(item, owner, prefix: tuple) -> None:
        if item.organisation not in organisation_slugs:
            reader.error(owner, prefix + ("organisation",), f"unknown organisation '{item.organisation}'")
        for index, slug in enumerate(item.topics):
            if slug not in topics:
                reader.error(owner, prefix + ("topics", index), f"unknown topic '{slug}'")
        for index, slug in enumerate(item.service_types):
            if slug not in service_types:
                reader.error(owner, prefix + ("service_types", index), f"unknown service type '{slug}'")

    def check_areas(item, owner) -> None:
        for index, slug in enumerate(item.areas):
            if slug != ALL_AREAS and slug not in area_slugs:
                reader.error(owner, ("areas", index), f"unknown area '{slug}' (see areas.yml, or use 'all')")

    service_slugs: set[str] = set()

    def claim(slug: str, owner, loc: tuple) -> None:
        if slug in service_slugs:
            reader.error(owner, loc, f"the service or activity slug '{slug}' is used twice")
        service_slugs.add(slug)

    for service in content.services:
        claim(service.slug, service, ("slug",))
        check_service(service, service, ())
        check_areas(service, service)
        for index, slug in enumerate(service.locations):
            if slug not in location_slugs:
                reader.error(service, ("locations", index), f"unknown location '{slug}' (a venue or a hub)")
    for hub in content.hubs:
        check_areas(hub, hub)
        if hub.organisation and hub.organisation not in organisation_slugs:
            reader.error(hub, ("organisation",), f"unknown organisation '{hub.organisation}'")
        for index, activity in enumerate(hub.activities):
            claim(activity.slug, hub, ("activities", index, "slug"))
            check_service(activity, hub, ("activities", index))
    for guide in content.guides:
        for index, slug in enumerate(guide.topics):
            if slug not in topics:
                reader.error(guide, ("topics", index), f"unknown topic '{slug}'")
    pages: dict[str, set[str]] = {
        PageKind.service: service_slugs,
        PageKind.hub: {hub.slug for hub in content.hubs},
        PageKind.guide: {guide.slug for guide in content.guides},
    }
    for leaflet in content.leaflets:
        for index, link in enumerate(leaflet.links):
            kind, slug = split_link(link)
            if slug not in pages[kind]:
                reader.error(leaflet, ("links", index), f"unknown {kind} '{slug}'")
