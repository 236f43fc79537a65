"""Reading leaflets: the public list, one leaflet, the leaflets that go with a page, and a leaflet's data in a
language (for the checker)."""

from sqlmodel import Session, select

from app.directory.models import Location, Service
from app.easyread.models import Leaflet
from app.easyread.schema import split_link
from app.guides.models import Guide
from app.i18n.locales import SOURCE_LOCALE, Locale
from app.publishing import history
from app.publishing.page_kinds import PageKind
from app.translation.status import Counts, counts, shown
from app.translation.views import LocalPage, localize, localize_list

_DATA_FIELDS = ("title", "summary", "cover", "cover_alt", "rows", "glossary", "links")


def list_leaflets(db: Session) -> list[Leaflet]:
    return list(db.exec(select(Leaflet).order_by(Leaflet.title)).all())


def list_in_language(db: Session, locale: Locale) -> tuple[list, bool]:
    """Every leaflet, in the reader's language where it is shown in it (a few queries for the whole list); and
    whether all of them are."""
    leaflets = list_leaflets(db)
    items, _complete = localize_list(db, leaflets, locale, kind_of=lambda _row: PageKind.leaflet)
    if locale == SOURCE_LOCALE:
        return items, True
    states = counts(db, locale.code, kind=PageKind.leaflet)
    shown_here = [
        shown(PageKind.leaflet, states.get((PageKind.leaflet, leaflet.slug), Counts()).status) for leaflet in leaflets
    ]
    return [item if ok else leaflet for item, ok, leaflet in zip(items, shown_here, leaflets, strict=True)], all(
        shown_here
    )


def get_leaflet(db: Session, slug: str) -> Leaflet | None:
    return db.exec(select(Leaflet).where(Leaflet.slug == slug)).first()


def leaflets_for(db: Session, kind: str, slug: str) -> list:
    """The easy-read versions of a service, hub or guide: published leaflets that link to it (their slug and
    title only: this runs on every such page)."""
    link = f"{kind}:{slug}"
    return [
        leaflet
        for leaflet in db.exec(select(Leaflet.slug, Leaflet.title, Leaflet.links).order_by(Leaflet.title)).all()
        if link in leaflet[2]  # its links
    ]


def linked_pages(db: Session, links: list[str]) -> list[tuple[str, str, str]]:
    """(route name, slug, title) of the published pages a leaflet links to, in its order."""
    columns: dict[str, tuple[str, str]] = {
        PageKind.service: (Service.slug, Service.name),
        PageKind.hub: (Location.slug, Location.name),
        PageKind.guide: (Guide.slug, Guide.title),
    }
    found = []
    for kind, slug in map(split_link, links):
        key, title = columns[kind]
        name = db.exec(select(title).where(key == slug)).first()
        if name is not None:
            found.append((kind, slug, name))
    return found


def in_language(db: Session, leaflet: Leaflet, locale: Locale) -> LocalPage:
    """The leaflet in the reader's language only when a person has reviewed every part of the translation: easy
    read that nobody checked can mislead the people it is for. Otherwise the English leaflet."""
    local = localize(db, PageKind.leaflet, leaflet, locale)
    if local.translated and locale != SOURCE_LOCALE and not shown(PageKind.leaflet, local.status):
        return LocalPage(leaflet, translated=False, status=local.status)
    return local


def as_data(item) -> dict:
    return {name: getattr(item, name) for name in _DATA_FIELDS}


def leaflet_data(db: Session, slug: str, locale: Locale | None = None) -> dict | None:
    """What the checker reads: the newest version (draft or not) in English, or the published leaflet's complete
    translation (reviewed or not) in another language."""
    if locale is None or locale == SOURCE_LOCALE:
        item = history.get_item(db, PageKind.leaflet, slug)
        return history.latest_revision(db, item).data if item is not None else None
    leaflet = get_leaflet(db, slug)
    local = localize(db, PageKind.leaflet, leaflet, locale) if leaflet is not None else None
    return as_data(local.item) if local is not None and local.translated else None
