"""Lists for the staff area: items by kind with search and filters, and what needs attention."""

from datetime import date, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.publishing.models import ContentItem, ItemState

STALE_AFTER = timedelta(days=365)
FILTERS = ("draft", "published", "unpublished", "archived", "unchecked")


def _filtered(query, *, kind: str, text: str, state: str):
    query = query.where(ContentItem.kind == kind)
    if text:
        pattern = "%" + text.lower().replace("\\", "").replace("%", "").replace("_", " ") + "%"
        query = query.where(or_(func.lower(ContentItem.title).like(pattern), col(ContentItem.slug).like(pattern)))
    if state == "draft":
        query = query.where(ContentItem.has_draft)
    elif state == "unchecked":
        query = query.where(ContentItem.state == ItemState.published, _unchecked())
    elif state in FILTERS:
        query = query.where(ContentItem.state == state)
    else:
        query = query.where(ContentItem.state != ItemState.archived)
    return query


def _unchecked():
    return or_(ContentItem.last_checked.is_(None), ContentItem.last_checked < date.today() - STALE_AFTER)


def list_items(
    db: Session, *, kind: str, text: str = "", state: str = "", offset: int = 0, limit: int = 20
) -> tuple[list[ContentItem], int]:
    total = db.exec(_filtered(select(func.count()).select_from(ContentItem), kind=kind, text=text, state=state)).one()
    items = db.exec(
        _filtered(select(ContentItem), kind=kind, text=text, state=state)
        .order_by(ContentItem.title, ContentItem.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return list(items), total


def drafts(db: Session, limit: int = 50) -> list[ContentItem]:
    return list(
        db.exec(
            select(ContentItem).where(ContentItem.has_draft).order_by(col(ContentItem.updated_at).desc()).limit(limit)
        )
    )


def unchecked(db: Session, limit: int = 50) -> tuple[list[ContentItem], int]:
    query = select(ContentItem).where(ContentItem.state == ItemState.published, _unchecked())
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    return list(
        db.exec(query.order_by(col(ContentItem.last_checked).is_not(None), col(ContentItem.last_checked)).limit(limit))
    ), total


def counts(db: Session) -> dict[tuple[str, str], int]:
    """(kind, state) -> how many."""
    rows = db.exec(
        select(ContentItem.kind, ContentItem.state, func.count()).group_by(ContentItem.kind, ContentItem.state)
    )
    return {(kind, state): count for kind, state, count in rows}
