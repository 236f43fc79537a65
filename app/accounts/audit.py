"""The audit log: sign-ins, failed sign-ins, publishing, role changes and exports. Services never commit."""

from typing import Any, TypeVar

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from app.accounts.models import AuditEvent

ACTIONS = (
    "sign-in",
    "sign-in-failed",
    "sign-out",
    "user-created",
    "roles-changed",
    "user-disabled",
    "user-enabled",
    "password-reset",
    "publish",
    "unpublish",
    "archive",
    "restore",
    "import",
    "export",
    "help-deleted",
    "machine-translated",
    "translation-saved",
)

_Query = TypeVar("_Query", bound=SelectOfScalar[Any])


def record(db: Session, *, actor: str, action: str, target: str = "", detail: str = "", client: str = "") -> None:
    db.add(AuditEvent(actor=actor[:80], action=action, target=target[:200], detail=detail[:1000], client=client[:64]))


def _filtered(query: _Query, *, action: str | None, actor: str | None) -> _Query:
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    return query


def page_of_events(
    db: Session, *, action: str | None, actor: str | None, offset: int, limit: int
) -> tuple[list[AuditEvent], int]:
    total = db.exec(_filtered(select(func.count()).select_from(AuditEvent), action=action, actor=actor)).one()
    events = db.exec(
        _filtered(select(AuditEvent), action=action, actor=actor)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return list(events), total


def all_events(db: Session, *, action: str | None, actor: str | None) -> list[list]:
    """Every matching event, oldest first, as rows for a CSV download."""
    return [
        [event.at.strftime("%Y-%m-%d %H:%M:%S"), event.actor, event.action, event.target, event.detail, event.client]
        for event in db.exec(_filtered(select(AuditEvent), action=action, actor=actor).order_by(col(AuditEvent.at)))
    ]


CSV_HEADER = ["time (UTC)", "who", "action", "what", "detail", "client address"]
