"""The content version: bumped in the same transaction as any change to the public tables (by
:func:`app.publishing.changes.pages_changed`), and read cheaply (at most once per ``interval`` seconds per process) by
the page cache."""

import logging
import threading
import time
import weakref
from typing import Any, cast

from sqlalchemy import Engine, event, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from app.publishing.models import ContentVersion
from app.timeutil import utcnow

log = logging.getLogger("signpost.version")
_watches: "weakref.WeakSet[VersionWatch]" = weakref.WeakSet()


def bump(db: Session) -> None:
    """Mark the public content as changed (services never commit: it lands with the change itself)."""
    # An UPDATE's result is a CursorResult, which has the row count; Session.execute is typed as any Result.
    changed = cast(
        CursorResult[Any],
        db.execute(
            update(ContentVersion)
            .where(col(ContentVersion.id) == 1)
            .values(version=ContentVersion.version + 1, changed_at=utcnow())
        ),
    )
    if changed.rowcount == 0:
        db.add(ContentVersion(id=1, version=2))
    db.info["content_changed"] = True


@event.listens_for(Session, "after_commit")
def _expire_watches(session: Session) -> None:
    """The process that made a change sees it at once; other processes within their watch's interval."""
    if session.info.pop("content_changed", False):
        for watch in list(_watches):
            watch.expire()


@event.listens_for(Session, "after_soft_rollback")
def _forget_change(session: Session, _previous) -> None:
    session.info.pop("content_changed", None)


class VersionWatch:
    """This process's view of the content version, refreshed from the database at most every ``interval`` s."""

    def __init__(self, engine: Engine, interval: float = 0.5) -> None:
        self.engine = engine
        self.interval = interval
        self._value = 0
        self._checked = float("-inf")
        self._lock = threading.Lock()
        _watches.add(self)

    def expire(self) -> None:
        self._checked = float("-inf")

    @property
    def stale(self) -> bool:
        return time.monotonic() - self._checked >= self.interval

    def current(self) -> int:
        """One thread reads the database while the others go on with the value they have (at most ``interval``
        old): under load, requests never queue behind each other here, holding threads the pool needs."""
        if self.stale and self._lock.acquire(blocking=False):
            try:
                with Session(self.engine) as session:
                    self._value = session.exec(select(ContentVersion.version)).first() or 0
            except SQLAlchemyError as exc:  # the database is away: pages already cached stay right, try later
                log.warning("could not read the content version: %s", exc)
            finally:
                self._checked = time.monotonic()
                self._lock.release()
        return self._value
