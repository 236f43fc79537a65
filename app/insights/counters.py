"""Recording anonymous events. Services never commit: the request does.

Page views are counted in memory and written in batches (:class:`PageViewBuffer`), so counting never slows a
page; every write is an atomic ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, so several app processes
can share one database without losing counts.
"""

import logging
import threading
from collections import Counter
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import class_mapper
from sqlmodel import Session, SQLModel

from app.insights.models import FeedbackCount, HelpCount, PageViewCount, SearchEvent
from app.timeutil import utcnow

log = logging.getLogger("signpost.insights")


def record_search(session: Session, *, query: str, locale: str, results: int) -> None:
    session.add(SearchEvent(day=utcnow().date(), locale=locale, query=query[:200], results=results))


def increment(session: Session, model: type[SQLModel], column: str, rows: list[dict]) -> None:
    """Add each row's ``column`` to the stored count with the same key, creating rows that do not exist yet."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(rows)
    table = class_mapper(model).local_table  # the model's ``__table__``
    keys = [key.name for key in table.primary_key]
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={column: getattr(table.c, column) + statement.excluded[column]}
    )
    session.execute(statement)


def record_feedback(session: Session, *, page: str, locale: str, useful: bool) -> None:
    increment(
        session,
        FeedbackCount,
        "answers",
        [{"day": utcnow().date(), "page": page[:200], "locale": locale, "useful": useful, "answers": 1}],
    )


def record_help(session: Session, *, language: str, needs: list[str]) -> None:
    today = utcnow().date()
    increment(
        session,
        HelpCount,
        "requests",
        [{"day": today, "language": language[:20], "need": need, "requests": 1} for need in ["", *needs]],
    )


class PageViewBuffer:
    """Page views counted in memory per (day, page, locale), written every ``interval`` seconds and at shutdown."""

    def __init__(self, engine: Engine, interval: float = 10.0) -> None:
        self.engine = engine
        self.interval = interval
        self._counts: Counter[tuple[date, str, str]] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, page: str, locale: str) -> None:
        with self._lock:
            self._counts[(utcnow().date(), page[:200], locale)] += 1

    def flush(self) -> int:
        """Write what has been counted; returns how many page views were written."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
        if not counts:
            return 0
        rows = [
            {"day": day, "page": page, "locale": locale, "views": views}
            for (day, page, locale), views in counts.items()
        ]
        try:
            with Session(self.engine) as session:
                increment(session, PageViewCount, "views", rows)
                session.commit()
        except Exception:  # noqa: BLE001 - counting must never break the site; keep the counts for next time
            log.exception("could not write page view counts; will retry")
            with self._lock:
                self._counts.update(counts)
            return 0
        return sum(counts.values())

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="page-view-counter", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.flush()
