"""The ``postgres`` search backend: one search table in the application's database, shared by every process and
machine, written in the same transaction as the content it indexes. No index files, no cluster protocol: what one
machine publishes, every machine finds the moment the publish commits.

- Writes: the constructor registers :func:`index_in_transaction` with :func:`app.publishing.changes.in_transaction`,
  so every ``pages_changed`` rewrites the changed pages' rows in the writer's transaction (:mod:`.writing`).
  It runs in a savepoint: a search table in trouble is logged and never blocks a publish, and the change follower's
  ``refresh`` (idempotent, and cheap when the rows are already right) writes the page after the commit instead.
- Reads: :mod:`.searching` and :mod:`.statements` (bounded ranking, time limit, facets), :mod:`.highlight`,
  :mod:`.plan` (concepts and typo tolerance), :mod:`.analysis` (text search configurations, vocabulary, spelling).
- Repair: ``ensure`` (at start-up) rebuilds in the background when the row count differs from the documents the
  database holds or a known page cannot be found; a search that finds the table empty while there are pages starts
  the rebuild and answers "being updated". Database errors are :class:`SearchUnavailable` (logged), but start no
  rebuild: a rebuild cannot bring back a database that is away, nor speed up a query that ran out of time.

The tables come from migration 0009 (PostgreSQL only); run the migrations before choosing this backend.
"""

import logging
from collections.abc import Iterable

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session

from app.i18n.locales import SOURCE_LOCALE, Locale, get_locale
from app.publishing.changes import in_transaction
from app.publishing.page_kinds import PageKind
from app.search.backends.background import BackgroundRebuild
from app.search.backends.postgres import analysis, searching
from app.search.backends.postgres.writing import replace_all, write_all, write_pages
from app.search.contract import Progress, SearchQuery, SearchResult, SearchUnavailable
from app.search.documents import SearchDocument, document_count, first_document
from app.search.query import clean, concepts

log = logging.getLogger("signpost.search")
RETRYABLE = ("40P01", "40001")  # SQLSTATE deadlock_detected, serialization_failure


def index_in_transaction(db: Session, pages: list[tuple[PageKind, str]]) -> None:
    """The hook run inside every ``pages_changed`` on the engine: the pages' rows change with the content, in a
    savepoint, so that a failure here is logged and the publish goes on (the follower's refresh catches up)."""
    if not pages:  # a change with no page of its own (a taxonomy term): nothing to index
        return
    db.flush()  # the writer's own changes: their errors are the writer's, not search's
    try:
        with db.begin_nested():
            write_pages(db, pages)
    except Exception:  # noqa: BLE001 - whatever goes wrong with search must not undo a publish: logged
        log.exception("could not update the search table for %d pages in their transaction", len(pages))


class PostgresBackend:
    name = "postgres"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._background = BackgroundRebuild(self.rebuild)
        in_transaction(engine, index_in_transaction)  # one function: registered once per engine, however many backends

    # -- searching ---------------------------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        """Raises :class:`SearchUnavailable` when the database cannot answer in time."""
        try:
            with self.engine.connect() as connection, connection.begin():
                result = searching.search(connection, query)
        except DBAPIError as error:
            if searching.timed_out(error):
                log.warning("a search ran out of its %.1f s (%d concepts)", searching.TIME_LIMIT, len(query.concepts))
                raise SearchUnavailable("the search took too long") from error
            log.exception("search failed")
            raise SearchUnavailable("the search table cannot be read") from error
        except SQLAlchemyError as error:  # no connection free in time, say
            log.exception("search failed")
            raise SearchUnavailable("the database is not answering") from error
        if not result.hits and result.total == 0 and self._empty_but_should_not_be():
            self.rebuild_in_background()
            raise SearchUnavailable("the search table is being built")
        return result

    def _empty_but_should_not_be(self) -> bool:
        try:
            with Session(self.engine) as db:
                if db.connection().execute(text("SELECT EXISTS (SELECT 1 FROM search.document)")).scalar_one():
                    return False
                return document_count(db) > 0
        except SQLAlchemyError:
            log.exception("could not check the search table")
            return False

    def spelling(self, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
        """Empty when the database cannot answer: "did you mean" is a nicety, never a reason to fail a search."""
        try:
            with self.engine.connect() as connection, connection.begin():
                connection.execute(text("SET TRANSACTION READ ONLY"))
                connection.execute(text("SELECT set_config('statement_timeout', '500ms', true)"))
                return analysis.spelling(connection, words, locale)
        except SQLAlchemyError:
            log.exception("spelling suggestions failed")
            return {}

    # -- writing -----------------------------------------------------------------------------------------------------
    def refresh(self, kind: str, slug: str) -> None:
        """Bring one page's rows up to date after a commit (what the change follower calls in every process). A
        deadlock with a writer (one transaction that changed pages twice) is tried again once; any other failure
        starts a rebuild, as the page may now be out of step."""
        for attempt in (1, 2):
            try:
                with Session(self.engine) as db:
                    write_pages(db, [(PageKind(kind), slug)])
                    db.commit()
                return
            except DBAPIError as error:
                if attempt == 1 and getattr(error.orig, "sqlstate", None) in RETRYABLE:
                    continue
                log.exception("could not refresh %s:%s in the search table; rebuilding it", kind, slug)
            except SQLAlchemyError:
                log.exception("could not refresh %s:%s in the search table; rebuilding it", kind, slug)
            self.rebuild_in_background()
            return

    def rebuild(self, progress: Progress = lambda: None) -> int:
        """Index every page again, in one transaction: searches read the old rows until it commits."""
        with Session(self.engine) as db:
            count = write_all(db, progress)
            db.commit()
        log.info("search table rebuilt: %d documents", count)
        return count

    def replace_all(self, documents: Iterable[SearchDocument]) -> int:
        """Hold exactly ``documents`` (the contract suite and benchmarks index a corpus of their own this way)."""
        with Session(self.engine) as db:
            count = replace_all(db, documents)
            db.commit()
        return count

    def rebuild_in_background(self) -> bool:
        return self._background.start()

    @property
    def rebuilding(self) -> bool:
        return self._background.running

    # -- health ------------------------------------------------------------------------------------------------------
    def healthy(self) -> bool:
        """The table exists, holds one row per document the database says there is, and a known page is found."""
        try:
            with Session(self.engine) as db:
                expected, probe = document_count(db), first_document(db)
                stored = db.connection().execute(text("SELECT count(*) FROM search.document")).scalar_one()
        except SQLAlchemyError:
            log.exception("could not check the search table")
            return False
        if stored != expected:
            return False
        if probe is None:
            return True
        locale = get_locale(probe.locale) or SOURCE_LOCALE
        text_ = clean(probe.title)
        try:
            found = self.search(SearchQuery(locale=locale, text=text_, concepts=concepts(text_, locale), limit=1))
        except SearchUnavailable:
            return False
        return found.total > 0

    def ensure(self) -> None:
        if not self.healthy():
            self.rebuild_in_background()
