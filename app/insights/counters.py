"""Recording anonymous events. Services never commit: the request does."""

from sqlmodel import Session

from app.insights.models import SearchEvent
from app.timeutil import utcnow


def record_search(session: Session, *, query: str, locale: str, results: int) -> None:
    session.add(SearchEvent(day=utcnow().date(), locale=locale, query=query[:200], results=results))
