"""Sign-in limits: too many failures for one account, or from one client address, within a window blocks
further attempts for that account or address until the window has passed. Stored in the database, so every
app process sees the same counts."""

from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, func, select

from app.accounts.models import LoginAttempt
from app.config import Settings
from app.timeutil import utcnow


def _failures(db: Session, column, value: str, settings: Settings) -> int:
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    return db.exec(select(func.count()).select_from(LoginAttempt)
                   .where(column == value, LoginAttempt.at >= since)).one()


def blocked(db: Session, *, username: str, client: str, settings: Settings) -> bool:
    return (_failures(db, LoginAttempt.username, username, settings) >= settings.login_max_failures
            or _failures(db, LoginAttempt.client, client, settings) >= settings.login_max_failures_per_client)


def record_failure(db: Session, *, username: str, client: str) -> None:
    db.add(LoginAttempt(username=username[:80], client=client[:64]))


def forget(db: Session, *, username: str) -> None:
    """After a successful sign-in (or a reset by an administrator) the account's failures no longer count."""
    db.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
