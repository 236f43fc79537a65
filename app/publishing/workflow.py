"""Draft → published: saving drafts, publishing, unpublishing, archiving and restoring versions.

Every change names the version the editor started from (``base``). If anyone saved since, the change is refused
with :class:`Conflict` and nothing is overwritten. The check is an ``UPDATE … WHERE latest = base`` on the item's
row, so two editors saving at the same moment cannot both win, on SQLite or PostgreSQL.

Services never commit. A publish or unpublish tells :func:`app.publishing.changes.pages_changed` in the caller's
transaction; search, translation memory, page cache and PDFs follow from there.
"""

from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from app.content.importer import apply_document
from app.directory.models import Location, Service, ServiceAtLocation
from app.easyread import checker
from app.easyread.models import Leaflet
from app.guides.models import Guide
from app.i18n.context import gettext as _
from app.publishing import history
from app.publishing.changes import pages_changed
from app.publishing.choices import Choices
from app.publishing.kinds import KINDS, dump
from app.publishing.models import Action, ContentItem, ItemState, Revision
from app.publishing.page_kinds import PageKind


class Conflict(Exception):
    """Someone saved a newer version since the editor opened the form."""

    def __init__(self, item: ContentItem, theirs: Revision) -> None:
        super().__init__(f"{item.kind} {item.slug} changed: version {theirs.number} by {theirs.author}")
        self.item = item
        self.theirs = theirs


class Refused(Exception):
    """The change cannot be made; ``problems`` maps form fields (or "") to plain messages."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


_PUBLIC_TABLE: dict[str, type[Service] | type[Location] | type[Guide] | type[Leaflet]] = {  # by PageKind (a str)
    PageKind.service: Service,
    PageKind.activity: Service,
    PageKind.hub: Location,
    PageKind.guide: Guide,
    PageKind.leaflet: Leaflet,
}
_SIBLING_KINDS: dict[str, tuple[PageKind, ...]] = {
    PageKind.service: (PageKind.service, PageKind.activity),
    PageKind.activity: (PageKind.service, PageKind.activity),
    PageKind.hub: (PageKind.hub,),
    PageKind.guide: (PageKind.guide,),
    PageKind.leaflet: (PageKind.leaflet,),
}


def _claim(db: Session, item: ContentItem, base: int) -> None:
    """Lock the item's row and make sure nobody saved since ``base``; raise :class:`Conflict` otherwise."""
    # An UPDATE's result is a CursorResult, which has the row count; Session.execute is typed as any Result.
    result = cast(
        CursorResult[Any],
        db.execute(
            update(ContentItem)
            .where(col(ContentItem.id) == item.id, col(ContentItem.latest) == base)
            .values(latest=base)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        db.refresh(item)
        raise Conflict(item, history.latest_revision(db, item))


def slug_taken(db: Session, kind: str, slug: str) -> bool:
    table = _PUBLIC_TABLE[kind]
    tracked = db.exec(
        select(ContentItem.id).where(col(ContentItem.kind).in_(_SIBLING_KINDS[kind]), ContentItem.slug == slug)
    ).first()
    return tracked is not None or db.exec(select(col(table.id)).where(col(table.slug) == slug)).first() is not None


def create(db: Session, kind: str, document: BaseModel, *, author: str) -> ContentItem:
    slug = history.slug_of(document)
    if slug_taken(db, kind, slug):
        raise Refused({"slug": _("This web address is already used. Choose another")})
    item = ContentItem(kind=kind, slug=slug, title="")
    history.append(db, item, data=dump(document), action=Action.draft, author=author)
    return item


def save_draft(db: Session, item: ContentItem, document: BaseModel, *, base: int, author: str) -> Revision | None:
    """A new draft version; None when nothing changed since ``base`` (no empty versions in the history)."""
    _claim(db, item, base)
    data = dump(document)
    if data == _latest_data(db, item):
        return None
    return history.append(db, item, data=data, action=Action.draft, author=author)


def _latest_data(db: Session, item: ContentItem) -> dict:
    return history.latest_revision(db, item).data


def _checked_document(db: Session, item: ContentItem, data: dict) -> BaseModel:
    """The version as a valid document: imported data may break the rules, and must be edited before publishing."""
    try:
        document = KINDS[item.kind].document(data)
    except ValidationError as exc:
        fields = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
        raise Refused(
            {"": _("This version has problems (%(fields)s). Edit it, then publish", fields=", ".join(fields))}
        ) from exc
    problems = Choices.load(db).problems(item.kind, data)
    if problems:
        raise Refused(problems)
    return document


def leaflet_problems(data: dict, acknowledged: bool) -> dict[str, str]:
    """Why a leaflet cannot be published yet: errors always; warnings until a reviewer says they have read them."""
    findings = checker.check(data)
    found = checker.errors(findings)
    if found:
        return {"": _("The easy-read check found %(count)s errors. Fix them, then publish", count=len(found))}
    if checker.warnings(findings) and not acknowledged:
        return {"acknowledge": _("Tick the box to confirm you have read the warnings")}
    return {}


def publish(db: Session, item: ContentItem, *, base: int, author: str, acknowledged: bool = False) -> Revision:
    """Put the newest version on the public site; refused when it refers to things that no longer exist, and for
    an easy-read leaflet, while the checker finds errors or nobody has acknowledged its warnings."""
    _claim(db, item, base)
    data = _latest_data(db, item)
    if item.kind == PageKind.leaflet and (problems := leaflet_problems(data, acknowledged)):
        raise Refused(problems)
    apply_document(db, item.kind, _checked_document(db, item, data))
    row = history.append(db, item, data=data, action=Action.publish, author=author)
    item.published, item.state = row.number, ItemState.published.value
    db.add(item)
    return row


def _remove_public(db: Session, item: ContentItem) -> None:
    if item.kind == PageKind.hub:
        location = db.exec(select(Location).where(Location.slug == item.slug)).first()
        if (
            location is not None
            and db.exec(select(ServiceAtLocation.id).where(ServiceAtLocation.location_id == location.id)).first()
        ):
            raise Refused(
                {
                    "": _(
                        "Services and activities are still held here. "
                        "Unpublish them or move them to another place first"
                    )
                }
            )
    table = _PUBLIC_TABLE[item.kind]
    db.execute(delete(table).where(col(table.slug) == item.slug))
    pages_changed(db, [(item.kind, item.slug)])


def withdraw(db: Session, item: ContentItem, *, base: int, author: str, archive: bool = False) -> Revision:
    """Take the page off the public site (unpublish), or also out of the everyday lists (archive).

    Nothing is deleted: the history keeps every version, and publishing again brings the page back.
    """
    _claim(db, item, base)
    _remove_public(db, item)
    row = history.append(
        db, item, data=_latest_data(db, item), action=Action.archive if archive else Action.unpublish, author=author
    )
    item.published = None
    item.state = (ItemState.archived if archive else ItemState.unpublished).value
    db.add(item)
    return row


def restore(db: Session, item: ContentItem, number: int, *, base: int, author: str) -> Revision:
    """Make an old version the newest draft (it is not published until someone publishes it)."""
    old = history.revision(db, item, number)
    if old is None:
        raise Refused({"": _("There is no version %(number)s", number=number)})
    _claim(db, item, base)
    return history.append(
        db,
        item,
        data=old.data,
        action=Action.restore,
        author=author,
        note=_("Restored from version %(number)s", number=number),
    )
