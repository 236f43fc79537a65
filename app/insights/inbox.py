"""The staff inbox of help requests: who may see which, working them, subject access exports, deletion and the
retention purge. Services never commit."""

from datetime import timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import delete
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from app.accounts.models import Role, StaffMember
from app.insights.models import FeedbackComment, HelpRequest, HelpStatus
from app.timeutil import utcnow

EVERYTHING = (Role.admin, Role.editor)

_Query = TypeVar("_Query", bound=SelectOfScalar[Any])


def _languages(user: StaffMember) -> list[str]:
    """The request languages a translator or reviewer handles: their locales' languages ("zh-Hans" -> "zh")."""
    return sorted({code.split("-")[0] for code in user.locales} | set(user.locales))


def visible(query: _Query, user: StaffMember) -> _Query:
    """Admins and editors see every request; translators and reviewers those in their languages."""
    if user.has(*EVERYTHING):
        return query
    return query.where(col(HelpRequest.language).in_(_languages(user)))


def may_see(user: StaffMember, request: HelpRequest) -> bool:
    return user.has(*EVERYTHING) or request.language in _languages(user)


def page_of_requests(
    db: Session, user: StaffMember, *, status: str, offset: int, limit: int
) -> tuple[list[HelpRequest], int]:
    query = visible(select(HelpRequest), user)
    count = visible(select(func.count()).select_from(HelpRequest), user)
    if status:
        query, count = query.where(HelpRequest.status == status), count.where(HelpRequest.status == status)
    order = (col(HelpRequest.created_at).desc(), col(HelpRequest.id).desc())
    rows = db.exec(query.order_by(*order).offset(offset).limit(limit))
    return list(rows), db.exec(count).one()


def update(db: Session, request: HelpRequest, *, status: str, assigned_to: str, notes: str) -> None:
    if status == HelpStatus.done and request.status != HelpStatus.done:
        request.done_at = utcnow()
    elif status != HelpStatus.done:
        request.done_at = None
    request.status, request.assigned_to, request.notes = status, assigned_to, notes
    request.updated_at = utcnow()
    db.add(request)


def export(request: HelpRequest) -> dict:
    """Everything stored about the person, for a subject access request."""
    return request.model_dump(mode="json")


def purge(db: Session, *, retention_days: int) -> tuple[int, int]:
    """Delete help requests done more than ``retention_days`` ago, and feedback comments as old; returns both
    counts. Requests never marked done are kept: someone still has to answer them."""
    cutoff = utcnow() - timedelta(days=retention_days)
    done = delete(HelpRequest).where(col(HelpRequest.status) == HelpStatus.done, col(HelpRequest.done_at) < cutoff)
    old = delete(FeedbackComment).where(col(FeedbackComment.day) < cutoff.date())
    # A DELETE's result is a CursorResult, which has the row count; Session.execute is typed as any Result.
    requests = cast(CursorResult[Any], db.execute(done))
    comments = cast(CursorResult[Any], db.execute(old))
    return requests.rowcount, comments.rowcount
