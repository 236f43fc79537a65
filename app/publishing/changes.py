"""One seam for "a public page changed".

Whatever changes a public page — publishing or unpublishing it, a content, ORUK or CSV import, the machine first
pass, a PO import, a translator's review — calls :func:`pages_changed` in its own transaction, and nothing else.
In that transaction, it

1. brings the pages' segments in the translation memory in step with their published text (they roll back with the
   change; left out when only translations changed, as the English, and so the segments, are as they were),
2. bumps the content version (:mod:`app.publishing.version`): after the commit, this process's page cache is fresh at
   once, every other process's within its watch's interval,
3. adds a row per page to the change log, :class:`PageChange`,
4. runs the hooks registered for the database with :func:`in_transaction` (the PostgreSQL search backend keeps its
   search table there, so a page is findable on every machine the moment the change commits, and never otherwise).

After the commit, every app process follows the log (:class:`ChangeFollower`, one small query a second from a
background thread) and tells its subscribers of each changed page: its search index and the leaflet PDFs (wired in
:func:`app.main.create_app`). On one machine, processes that share an index folder just repeat the same idempotent
refresh; on several machines, each keeps its own index. A burst larger than ``BATCH`` (a big import) is told as "too
many to follow" instead: the search index rebuilds. No cluster protocol: the database is the only thing the processes
share.
"""

import logging
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlmodel import Field, Session, SQLModel, col, func, select

from app.publishing import version
from app.publishing.page_kinds import PageKind
from app.timeutil import utcnow
from app.translation import memory

log = logging.getLogger("signpost.changes")
BATCH = 200
OVERLAP = 50  # ids re-read each time: a transaction that took an id earlier may commit after a later one
KEEP = timedelta(days=1)


class PageChange(SQLModel, table=True):
    """One public page that changed, in the log every process follows."""

    __tablename__ = "search_change"  # named when only search followed it: the table keeps its name (no migration)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    slug: str = Field(max_length=100)
    changed_at: datetime = Field(default_factory=utcnow, index=True)


Page = tuple[PageKind, str]
InTransaction = Callable[[Session, list[Page]], object]
_hooks: "weakref.WeakKeyDictionary[Engine, list[InTransaction]]" = weakref.WeakKeyDictionary()


def in_transaction(engine: Engine, hook: InTransaction) -> None:
    """Have ``hook(db, pages)`` run inside every :func:`pages_changed` on this database (an app wires its hooks at
    start; tests with several apps keep theirs apart as each has its own engine)."""
    hooks = _hooks.setdefault(engine, [])
    if hook not in hooks:
        hooks.append(hook)


def pages_changed(db: Session, pages: Iterable[tuple[PageKind | str, str]], *, translations_only: bool = False) -> None:
    """Record that these public pages changed, in the caller's transaction (services never commit).

    ``pages`` may be empty when what changed is public but no page of its own (a taxonomy term, say): the page cache
    is still refreshed. ``translations_only``: only their translations changed, so their segments need no refresh.
    """
    changed = sorted({(PageKind(kind), slug) for kind, slug in pages})
    if not translations_only:
        for kind, slug in changed:
            memory.refresh_page(db, kind, slug)
    version.bump(db)
    db.add_all(PageChange(kind=kind, slug=slug) for kind, slug in changed)
    bind = db.get_bind()
    for hook in _hooks.get(bind if isinstance(bind, Engine) else bind.engine, ()):
        hook(db, changed)


Subscriber = Callable[[str, str], object]  # told (kind, slug) of each changed page, after the commit


class ChangeFollower:
    """This process's reader of the change log: ``subscribers`` are told of each changed page, ``rebuilders`` (with
    no arguments) of a burst too big to follow page by page."""

    def __init__(
        self,
        engine: Engine,
        *,
        subscribers: tuple[Subscriber, ...] = (),
        rebuilders: tuple[Callable[[], object], ...] = (),
        interval: float = 1.0,
    ) -> None:
        self.engine = engine
        self.subscribers = subscribers
        self.rebuilders = rebuilders
        self.interval = interval
        self.last: int | None = None
        self._seen: deque[int] = deque(maxlen=OVERLAP * 4)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._polls = 0

    def poll(self) -> int:
        """Apply what changed since the last poll; returns how many pages were refreshed."""
        with Session(self.engine) as db:
            if self.last is None:  # starting: the subscribers (the search index) were checked against the database
                self._skip_to_end(db)
                return 0
            rows = db.exec(
                select(col(PageChange.id), PageChange.kind, PageChange.slug)
                .where(col(PageChange.id) > self.last - OVERLAP)
                .order_by(col(PageChange.id))
                .limit(BATCH + OVERLAP + 1)
            ).all()
            fresh = [(change_id, kind, slug) for change_id, kind, slug in rows if change_id not in self._seen]
            if len(fresh) > BATCH:
                self._skip_to_end(db)
                for rebuild in self.rebuilders:
                    self._tell(rebuild)
                return len(fresh)
            self._polls += 1
            if self._polls % 3600 == 0:
                db.execute(delete(PageChange).where(col(PageChange.changed_at) < utcnow() - KEEP))
                db.commit()
        for change_id, _kind, _slug in fresh:
            if change_id is not None:  # (always: it is the primary key)
                self._seen.append(change_id)
                self.last = max(self.last, change_id)
        pages = sorted({(kind, slug) for _id, kind, slug in fresh})
        for kind, slug in pages:
            for subscriber in self.subscribers:
                self._tell(subscriber, kind, slug)
        return len(pages)

    @staticmethod
    def _tell(subscriber: Callable[..., object], *page: str) -> None:
        """One subscriber that fails (it is logged) never keeps the change from the others."""
        try:
            subscriber(*page)
        except Exception:  # noqa: BLE001 - a subscriber's own failure: logged, and the others still hear of it
            log.exception("%r failed on the change of %s", subscriber, ":".join(page) or "every page")

    def _skip_to_end(self, db: Session) -> None:
        """Treat everything logged so far as applied (the index is, or is about to be, rebuilt from the database)."""
        last = self.last = db.exec(select(func.max(PageChange.id))).one() or 0
        self._seen.extend(
            change_id
            for change_id in db.exec(select(col(PageChange.id)).where(col(PageChange.id) > last - OVERLAP)).all()
            if change_id is not None
        )

    def start(self) -> None:
        """Start following the log from now: the first poll runs here, so a change made in the thread's first
        second is not mistaken for one made before start-up."""
        if self._thread is None:
            try:
                self.poll()
            except Exception:  # noqa: BLE001 - the database is away: the thread's polls will catch up
                log.exception("could not read the change log")
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="page-changes", daemon=True)
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
                log.exception("could not follow the change log")
