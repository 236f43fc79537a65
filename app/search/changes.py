"""The search change log: every process keeps its own search index in step with the database.

Whatever changes a public page (a publish, an unpublish, an import, a translation) adds a row naming the page, in
the same transaction. Each app process follows the log from a background thread — one small query a second — and
refreshes those pages in its index. On one machine, processes that share an index folder just repeat the same
idempotent refresh; on several machines, each keeps its own index. A burst larger than ``BATCH`` (a big import)
becomes one full rebuild instead. No cluster protocol: the database is the only thing the processes share.
"""

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlmodel import Field, Session, SQLModel, func, select

from app.timeutil import utcnow

log = logging.getLogger("signpost.search")
BATCH = 200
OVERLAP = 50  # ids re-read each time: a transaction that took an id earlier may commit after a later one
KEEP = timedelta(days=1)


class SearchChange(SQLModel, table=True):
    __tablename__ = "search_change"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    slug: str = Field(max_length=100)
    changed_at: datetime = Field(default_factory=utcnow, index=True)


def record(db: Session, pages: Iterable[tuple[str, str]]) -> None:
    """Note that these pages changed (services never commit: it lands with the change itself)."""
    db.add_all(SearchChange(kind=kind, slug=slug) for kind, slug in set(pages))


class ChangeFollower:
    def __init__(
        self, engine: Engine, search, interval: float = 1.0, listeners: tuple[Callable[[str, str], None], ...] = ()
    ) -> None:
        self.engine = engine
        self.search = search
        self.listeners = listeners  # also told of each changed page (the leaflet PDFs, say)
        self.interval = interval
        self.last: int | None = None
        self._seen: deque[int] = deque(maxlen=OVERLAP * 4)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._polls = 0

    def poll(self) -> int:
        """Apply what changed since the last poll; returns how many pages were refreshed."""
        with Session(self.engine) as db:
            if self.last is None:  # starting: the index was checked against the database just now
                self._skip_to_end(db)
                return 0
            rows = db.exec(
                select(SearchChange.id, SearchChange.kind, SearchChange.slug)
                .where(SearchChange.id > self.last - OVERLAP)
                .order_by(SearchChange.id)
                .limit(BATCH + OVERLAP + 1)
            ).all()
            fresh = [row for row in rows if row[0] not in self._seen]
            if len(fresh) > BATCH:
                self._skip_to_end(db)
                self.search.rebuild_in_background()
                return len(fresh)
            self._polls += 1
            if self._polls % 3600 == 0:
                db.execute(delete(SearchChange).where(SearchChange.changed_at < utcnow() - KEEP))
                db.commit()
        for change_id, _kind, _slug in fresh:
            self._seen.append(change_id)
            self.last = max(self.last, change_id)
        pages = sorted({(kind, slug) for _id, kind, slug in fresh})
        for kind, slug in pages:
            self.search.refresh(kind, slug)
            for listener in self.listeners:
                listener(kind, slug)
        return len(pages)

    def _skip_to_end(self, db: Session) -> None:
        """Treat everything logged so far as applied (the index is, or is about to be, rebuilt from the database)."""
        self.last = db.exec(select(func.max(SearchChange.id))).one() or 0
        self._seen.extend(db.exec(select(SearchChange.id).where(SearchChange.id > self.last - OVERLAP)).all())

    def start(self) -> None:
        """Start following the log from now: the first poll runs here, so a change made in the thread's first
        second is not mistaken for one made before start-up."""
        if self._thread is None:
            try:
                self.poll()
            except Exception:  # noqa: BLE001 - the database is away: the thread's polls will catch up
                log.exception("could not read the search change log")
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="search-changes", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # noqa: BLE001 - a database restart, say: logged, and the next poll tries again
                log.exception("could not follow search changes")
