"""Staff sessions: a signed, HttpOnly cookie naming a row in ``staff_session``, with idle and absolute time-outs.

Signing in always starts a new session (the old one is ended), and signing out ends the row, so a copied cookie is
worthless afterwards.
"""

import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from app.accounts.models import StaffMember, StaffSession, User
from app.accounts.signing import digest, sign, unsign
from app.config import Settings
from app.timeutil import aware, utcnow

COOKIE = "signpost_staff"
PURPOSE = "staff-session"
TOUCH_EVERY = timedelta(seconds=60)  # write last_seen_at at most once a minute per session


def start(db: Session, user: User, settings: Settings) -> str:
    """A new session for ``user``, a stored user (so it has an id); returns the cookie value."""
    assert user.id is not None, "only a stored user can sign in"
    token = secrets.token_urlsafe(32)
    db.add(StaffSession(id=digest(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32)))
    return sign(settings.secret_key.get_secret_value(), token, purpose=PURPOSE)


def _row(db: Session, cookie: str | None, settings: Settings) -> StaffSession | None:
    token = unsign(settings.secret_key.get_secret_value(), cookie, purpose=PURPOSE)
    return db.get(StaffSession, digest(token)) if token else None


def load(db: Session, cookie: str | None, settings: Settings) -> tuple[StaffSession, StaffMember] | None:
    """The live session and its user, or None when there is none, it timed out, ended or the user is disabled."""
    row = _row(db, cookie, settings)
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    idle = now - aware(row.last_seen_at) > timedelta(minutes=settings.session_idle_minutes)
    too_old = now - aware(row.created_at) > timedelta(hours=settings.session_max_hours)
    user = db.get(User, row.user_id)
    if idle or too_old or user is None or user.disabled:
        row.ended_at = now
        db.add(row)
        return None
    if now - aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
        db.add(row)
    return row, StaffMember.of(user)


def end(db: Session, cookie: str | None, settings: Settings) -> StaffSession | None:
    row = _row(db, cookie, settings)
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        db.add(row)
    return row


def end_all_for(db: Session, user_id: int) -> None:
    """End every session of a user (disabled, password reset or roles changed)."""
    for row in db.exec(
        select(StaffSession).where(StaffSession.user_id == user_id, col(StaffSession.ended_at).is_(None))
    ).all():
        row.ended_at = utcnow()
        db.add(row)
