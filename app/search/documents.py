"""What gets indexed: one plain document per (page, locale it is available in), read from the database."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from app.db import relation
from app.directory.models import Location, Service, ServiceAtLocation, ServiceStatus, TaxonomyTerm
from app.easyread.models import Leaflet
from app.guides.models import Guide
from app.i18n import locales
from app.i18n.catalogs import translations_for
from app.i18n.formatting import DAYS
from app.publishing.page_kinds import PageKind
from app.search.facets import KIND_LABELS
from app.translation import memory
from app.translation.models import PageSegment
from app.translation.status import by_page, shown
from app.translation.views import in_language


@dataclass
class SearchDocument:
    kind: str  # service | activity | hub | guide | leaflet
    slug: str
    locale: str
    title: str
    summary: str = ""
    body: str = ""
    topics: list[str] = field(default_factory=list)
    service_types: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)
    free: bool | None = None
    min_age: int | None = None
    max_age: int | None = None
    updated: datetime | None = None
    active: bool = True
    locales: list[str] = field(default_factory=list)  # every locale this page is available in

    @property
    def page(self) -> str:
        return f"{self.kind}:{self.slug}"

    @property
    def id(self) -> str:
        return f"{self.page}:{self.locale}"


def _days(schedules) -> list[str]:
    found = {day for schedule in schedules for day in schedule.days}
    return [day for day in DAYS if day in found]


# (locale code, the page's row in that language), English first: the row itself, or a stand-in for it that answers
# its translatable attributes in that language (app.translation.views), so typed by what it is used as: Any.
Versions = list[tuple[str, Any]]


def shown_in(kind: str, code: str, counts) -> bool:
    """Whether the public page is shown in that language (so indexed in it)."""
    return locales.get_locale(code) is not None and shown(kind, counts.status)


class Translations:
    """Everything needed to put pages into the languages they are completely translated into, loaded in a few
    queries for the whole index (a query per page would crawl while searches hold the interpreter)."""

    def __init__(self, session: Session, *, kind: str | None = None, slug: str | None = None) -> None:
        self.complete = {
            page: sorted(code for code, counts in languages.items() if shown_in(page[0], code, counts))
            for page, languages in by_page(session, kind=kind, slug=slug).items()
        }
        self.complete = {page: codes for page, codes in self.complete.items() if codes}
        wanted = set(self.complete)
        self.segments: dict[tuple[str, str], list[PageSegment]] = {}
        query = (
            select(PageSegment)
            if kind is None
            else select(PageSegment).where(PageSegment.kind == kind, PageSegment.slug == slug)
        )
        for segment in session.exec(query).all() if wanted else ():
            if (segment.kind, segment.slug) in wanted:
                self.segments.setdefault((segment.kind, segment.slug), []).append(segment)
        self.texts: dict[str, dict[str, str]] = {}
        for code in {code for codes in self.complete.values() for code in codes}:
            hashes = {
                s.source_hash
                for page, codes in self.complete.items()
                if code in codes
                for s in self.segments.get(page, [])
            }
            self.texts[code] = {key: t.text for key, t in memory.translations(session, hashes, code).items()}

    def versions(self, kind: str, row) -> Versions:
        """The page in English and in every language it is completely translated into."""
        found: Versions = [(locales.SOURCE_LOCALE.code, row)]
        page = (kind, row.slug)
        for code in self.complete.get(page, []):
            item = in_language(kind, row, self.segments.get(page, []), self.texts[code])
            if item is not None:
                found.append((code, item))
        return found


def service_documents(service: Service, in_languages: Versions) -> list[SearchDocument]:
    features = sorted({f for link in service.locations for f in link.location.accessibility})
    codes = [code for code, _item in in_languages]
    return [
        SearchDocument(
            kind=service.kind.value if hasattr(service.kind, "value") else service.kind,
            slug=service.slug,
            locale=code,
            title=item.name,
            summary=item.summary,
            body="\n".join(
                [
                    item.description,
                    item.eligibility,
                    service.organization.name,
                    " ".join(link.location.name for link in service.locations),
                ]
            ),
            topics=[t.slug for t in service.terms_in("topics")],
            service_types=[t.slug for t in service.terms_in("service-types")],
            areas=[a.slug for a in service.areas],
            languages=service.languages,
            accessibility=features,
            weekdays=_days(service.schedules),
            free=service.is_free,
            min_age=service.minimum_age,
            max_age=service.maximum_age,
            updated=service.updated_at,
            active=service.status in (ServiceStatus.active, ServiceStatus.temporarily_closed),
            locales=codes,
        )
        for code, item in in_languages
    ]


def hub_documents(hub: Location, in_languages: Versions) -> list[SearchDocument]:
    codes = [code for code, _item in in_languages]
    return [
        SearchDocument(
            kind=PageKind.hub,
            slug=hub.slug,
            locale=code,
            title=item.name,
            summary=item.summary,
            body="\n".join([item.description, hub.address_1 or "", hub.postcode or ""]),
            areas=[a.slug for a in hub.areas],
            accessibility=hub.accessibility,
            weekdays=_days(hub.schedules),
            free=True,
            updated=hub.updated_at,
            locales=codes,
        )
        for code, item in in_languages
    ]


def guide_documents(guide: Guide, in_languages: Versions) -> list[SearchDocument]:
    codes = [code for code, _item in in_languages]
    return [
        SearchDocument(
            kind=PageKind.guide,
            slug=guide.slug,
            locale=code,
            title=item.title,
            summary=item.summary,
            body=item.body,
            topics=[t.slug for t in guide.topics],
            updated=guide.updated_at,
            locales=codes,
        )
        for code, item in in_languages
    ]


def leaflet_documents(leaflet: Leaflet, in_languages: Versions) -> list[SearchDocument]:
    """A leaflet's words, and "Easy read" in its language: residents ask for the format by name."""
    codes = [code for code, _item in in_languages]
    return [
        SearchDocument(
            kind=PageKind.leaflet,
            slug=leaflet.slug,
            locale=code,
            title=item.title,
            summary=item.summary,
            body="\n".join(
                [translations_for(code).gettext(KIND_LABELS[PageKind.leaflet])]
                + [row["text"] for row in item.rows]
                + [f"{entry['word']} {entry['meaning']}" for entry in item.glossary]
            ),
            updated=leaflet.updated_at,
            locales=codes,
        )
        for code, item in in_languages
    ]


SERVICE_OPTIONS = (
    selectinload(relation(Service.terms)).selectinload(relation(TaxonomyTerm.taxonomy)),
    selectinload(relation(Service.areas)),
    selectinload(relation(Service.language_rows)),
    selectinload(relation(Service.schedules)),
    selectinload(relation(Service.organization)),
    selectinload(relation(Service.locations))
    .selectinload(relation(ServiceAtLocation.location))
    .selectinload(relation(Location.accessibility_rows)),
)


def _kind(service: Service) -> str:
    return service.kind.value if hasattr(service.kind, "value") else service.kind


def all_documents(session: Session) -> Iterator[SearchDocument]:
    translations = Translations(session)
    for service in session.exec(select(Service).options(*SERVICE_OPTIONS)).all():
        yield from service_documents(service, translations.versions(_kind(service), service))
    hub_options = (
        selectinload(relation(Location.areas)),
        selectinload(relation(Location.schedules)),
        selectinload(relation(Location.accessibility_rows)),
    )
    for hub in session.exec(select(Location).where(Location.is_hub).options(*hub_options)).all():
        yield from hub_documents(hub, translations.versions(PageKind.hub, hub))
    for guide in session.exec(select(Guide).options(selectinload(relation(Guide.topics)))).all():
        yield from guide_documents(guide, translations.versions(PageKind.guide, guide))
    for leaflet in session.exec(select(Leaflet)).all():
        yield from leaflet_documents(leaflet, translations.versions(PageKind.leaflet, leaflet))


def page_documents(session: Session, kind: str, slug: str) -> list[SearchDocument]:
    """The documents of one page (none when it is not published), to refresh it in the index after a publish."""
    translations = Translations(session, kind=kind, slug=slug)
    if kind in (PageKind.service, PageKind.activity):
        service = session.exec(select(Service).where(Service.slug == slug).options(*SERVICE_OPTIONS)).first()
        return service_documents(service, translations.versions(_kind(service), service)) if service else []
    if kind == PageKind.hub:
        hub = session.exec(select(Location).where(Location.slug == slug, Location.is_hub)).first()
        return hub_documents(hub, translations.versions(PageKind.hub, hub)) if hub else []
    if kind == PageKind.leaflet:
        leaflet = session.exec(select(Leaflet).where(Leaflet.slug == slug)).first()
        return leaflet_documents(leaflet, translations.versions(PageKind.leaflet, leaflet)) if leaflet else []
    guide = session.exec(select(Guide).where(Guide.slug == slug)).first()
    return guide_documents(guide, translations.versions(PageKind.guide, guide)) if guide else []


def document_count(session: Session) -> int:
    """How many documents :func:`all_documents` yields, counted in SQL: the start-up health check must not load a
    large directory into every worker's memory. One per page, plus one per complete translation of a page."""
    from sqlmodel import func

    pages = sum(
        session.exec(select(func.count()).select_from(model).where(*where)).one()
        for model, where in ((Service, ()), (Location, (Location.is_hub,)), (Guide, ()), (Leaflet, ()))
    )
    translated = sum(
        shown_in(kind, code, counts)
        for (kind, _slug), languages in by_page(session).items()
        for code, counts in languages.items()
    )
    return pages + translated


def first_document(session: Session) -> SearchDocument | None:
    """One document to probe the index with."""
    slug = session.exec(select(Guide.slug).order_by(Guide.slug)).first()
    return next(iter(page_documents(session, PageKind.guide, slug)), None) if slug else None
