"""Recording revisions, and reading an item's history. Services never commit."""

from collections.abc import Iterable
from datetime import date
from typing import Protocol, cast

from pydantic import BaseModel
from sqlmodel import Session, col, select

from app.publishing.kinds import KINDS, dump
from app.publishing.models import Action, ContentItem, ItemState, Revision
from app.publishing.page_kinds import PageKind
from app.timeutil import utcnow

IMPORT_AUTHOR = "content import"


class _Page(Protocol):
    slug: str


def slug_of(document: BaseModel) -> str:
    """A page document's slug: services, activities, hubs, guides and leaflets all have one."""
    return cast(_Page, document).slug


def get_item(db: Session, kind: str, slug: str) -> ContentItem | None:
    return db.exec(select(ContentItem).where(ContentItem.kind == kind, ContentItem.slug == slug)).first()


def revision(db: Session, item: ContentItem, number: int) -> Revision | None:
    return db.exec(select(Revision).where(Revision.item_id == item.id, Revision.number == number)).first()


def latest_revision(db: Session, item: ContentItem) -> Revision:
    """The item's newest revision (``item.latest``), which every item has: it is made with its first revision."""
    found = revision(db, item, item.latest)
    assert found is not None, f"{item.kind} {item.slug} has no revision {item.latest}"
    return found


def revisions(db: Session, item: ContentItem) -> list[Revision]:
    return list(db.exec(select(Revision).where(Revision.item_id == item.id).order_by(col(Revision.number).desc())))


def append(db: Session, item: ContentItem, *, data: dict, action: Action, author: str, note: str = "") -> Revision:
    """Add the next revision and keep the item's summary columns in step (the caller checked ``item.latest``)."""
    item.latest += 1
    item.title = KINDS[item.kind].title(data)[:300]
    checked = data.get("last_checked")
    item.last_checked = date.fromisoformat(checked) if checked else None
    item.updated_at = utcnow()
    item.updated_by = author[:80]
    item.has_draft = action in (Action.draft, Action.restore)
    db.add(item)
    db.flush()
    assert item.id is not None  # the flush gave a new item its id
    row = Revision(
        item_id=item.id, number=item.latest, action=action.value, data=data, author=author[:80], note=note[:300]
    )
    db.add(row)
    return row


def record_published(
    db: Session,
    changed: Iterable[tuple[str, BaseModel]],
    *,
    author: str = IMPORT_AUTHOR,
    action: Action = Action.imported,
) -> int:
    """Record documents that were just written to the public tables (by an import) as published revisions."""
    count = 0
    for kind, document in changed:
        slug = slug_of(document)
        item = get_item(db, kind, slug) or ContentItem(kind=kind, slug=slug, title="")
        row = append(db, item, data=dump(document), action=action, author=author)
        item.published, item.state, item.has_draft = row.number, ItemState.published.value, False
        db.add(item)
        count += 1
    db.flush()
    return count


def documents(content) -> list[tuple[str, BaseModel]]:
    """(kind, document) for every page in a ContentSet; a hub's activities become documents of their own."""
    from app.content.schema import ActivityDoc

    found: list[tuple[str, BaseModel]] = [(PageKind.service, s) for s in content.services]
    found += [(PageKind.guide, g) for g in content.guides]
    found += [(PageKind.leaflet, leaflet) for leaflet in content.leaflets]
    for hub in content.hubs:
        found.append((PageKind.hub, hub))
        found += [
            (PageKind.activity, ActivityDoc.model_construct(**dict(a), hub=hub.slug, last_checked=hub.last_checked))
            for a in hub.activities
        ]
    return found


def untracked(db: Session, content) -> list[tuple[str, BaseModel]]:
    """Pages in ``content`` that have no history yet."""
    tracked = set(db.exec(select(ContentItem.kind, ContentItem.slug)).all())
    return [(kind, doc) for kind, doc in documents(content) if (kind, slug_of(doc)) not in tracked]


def record_from_database(db: Session, pages: set[tuple[str, str]], *, author: str = IMPORT_AUTHOR) -> int:
    """Record the published state of ``pages`` ((kind, slug) just written by an import that works on the tables
    directly, like the ORUK import), and of every page without history, as published revisions. Without this an
    edit form would start from an older version and undo the import."""
    from app.content.exporter import content_from_db

    tracked = set(db.exec(select(ContentItem.kind, ContentItem.slug)).all())
    chosen = [
        (kind, doc)
        for kind, doc in documents(content_from_db(db))
        if (kind, slug_of(doc)) in pages or (kind, slug_of(doc)) not in tracked
    ]
    return record_published(db, chosen, author=author)
