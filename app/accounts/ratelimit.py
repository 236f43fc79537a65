"""Sign-in throttling, stored in the database so every app process sees the same counts.

Failures are counted per (client address, account) pair and per client address, never per account alone, so
nobody can lock an administrator out by failing on purpose:

- a pair gets ``login_free_failures`` failures without waiting; after that each attempt must wait 2, 4, 8 …
  seconds (at most ``login_max_delay_minutes``) since the pair's last failure. Failures count for
  ``login_delay_window_hours``;
- when the account has had ``login_max_failures`` failures from *other* addresses within ``login_window_minutes``
  (guessing from many addresses), a pair gets no free failures: a modest wait after each of its own failures.
  An address that has not failed is never made to wait, so the owner can always sign in from elsewhere;
- one address may fail ``login_max_failures_per_client`` times within ``login_window_minutes``, whatever the
  accounts, then waits until its oldest counted failure leaves the window.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from app.accounts.models import LoginAttempt
from app.config import Settings
from app.timeutil import aware, utcnow

_NO_WAIT = timedelta(0)


def time_to_wait(db: Session, *, username: str, client: str, settings: Settings) -> timedelta:
    """How long this address must wait before its next attempt at this account (zero: it may try now)."""
    now, client = utcnow(), client[:64]
    return max(_address_wait(db, client, settings, now), _pair_wait(db, username, client, settings, now))


def _address_wait(db: Session, client: str, settings: Settings, now: datetime) -> timedelta:
    """Until the address's failures within the window drop below the cap: when the cap-th most recent one,
    if there is one, leaves the window."""
    window = timedelta(minutes=settings.login_window_minutes)
    capped = db.exec(
        select(LoginAttempt.at)
        .where(LoginAttempt.client == client, LoginAttempt.at >= now - window)
        .order_by(col(LoginAttempt.at).desc())
        .offset(settings.login_max_failures_per_client - 1)
        .limit(1)
    ).first()
    return max(_NO_WAIT, aware(capped) + window - now) if capped else _NO_WAIT


def _pair_wait(db: Session, username: str, client: str, settings: Settings, now: datetime) -> timedelta:
    """The growing delay since this address's last failure at this account."""
    failures, last = db.exec(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username,
            LoginAttempt.client == client,
            LoginAttempt.at >= now - timedelta(hours=settings.login_delay_window_hours),
        )
    ).one()
    if not failures:
        return _NO_WAIT
    free = (
        0
        if _others_failures(db, username, client, settings, now) >= settings.login_max_failures
        else settings.login_free_failures
    )
    return max(_NO_WAIT, aware(last) + _delay_after(failures, free=free, settings=settings) - now)


def _others_failures(db: Session, username: str, client: str, settings: Settings, now: datetime) -> int:
    """Failures at the account from every other address within the window: guessing from many places."""
    since = now - timedelta(minutes=settings.login_window_minutes)
    return db.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.username == username, LoginAttempt.client != client, LoginAttempt.at >= since)
    ).one()


def _delay_after(failures: int, *, free: int, settings: Settings) -> timedelta:
    """The wait after ``failures`` failures of which ``free`` cost nothing: 2, 4, 8 … seconds, capped."""
    if failures <= free:
        return _NO_WAIT
    return timedelta(seconds=min(2 ** (failures - free), settings.login_max_delay_minutes * 60))


def record_failure(db: Session, *, username: str, client: str) -> None:
    db.add(LoginAttempt(username=username[:80], client=client[:64]))


def forget(db: Session, *, username: str, client: str | None = None) -> None:
    """After a successful sign-in the failures from that address no longer count (an attacker's elsewhere still
    do); after a reset by an administrator none of the account's failures count."""
    query = delete(LoginAttempt).where(col(LoginAttempt.username) == username)
    db.execute(query if client is None else query.where(col(LoginAttempt.client) == client[:64]))
