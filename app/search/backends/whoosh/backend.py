"""The embedded search backend: a Whoosh index in the data directory (:mod:`.index`), kept in step by the change
follower, rebuilt in the background when missing, corrupt or too far behind.

A search takes a turn and a pooled searcher (:mod:`.pool`: a few searches at once per process; waiting counts against
the time limit), builds its query of plain terms (:mod:`.query`: a resident's unknown words expanded into near known
words once, here), then on the clock collects the best matches by score among the documents the filters allow
(:mod:`.collect`, :mod:`.bits`), and highlights only the hits of the page asked for, with the same terms. The time
limit bounds matching: when it runs out the answer is the best found so far, with an estimated total."""

import logging
import time
from pathlib import Path

from markupsafe import Markup, escape
from sqlalchemy import Engine
from sqlmodel import Session
from whoosh import highlight

from app.i18n.locales import SOURCE_LOCALE, Locale
from app.search.analyzers import analyzer_for
from app.search.backends.background import BackgroundRebuild
from app.search.backends.whoosh.collect import FACET_SAMPLE, collect
from app.search.backends.whoosh.index import IndexBusy, IndexUnavailable, SearchIndex, is_corruption
from app.search.backends.whoosh.query import analysed, build_query
from app.search.backends.whoosh.schema import text_field
from app.search.contract import Hit, Progress, SearchQuery, SearchResult
from app.search.documents import all_documents, document_count, first_document, page_documents
from app.search.query import concepts

log = logging.getLogger("signpost.search")
TIME_LIMIT = 0.5  # seconds from asking for a searcher to the end of matching; then the best found so far is kept
MAX_DEPTH = 1000  # how deep a resident can page (offset + limit); the total still counts every match


class WhooshBackend:
    name = "whoosh"

    def __init__(self, root: Path, engine: Engine, time_limit: float = TIME_LIMIT) -> None:
        self.index = SearchIndex(root)
        self.engine = engine
        self.time_limit = time_limit
        self._background = BackgroundRebuild(self.rebuild)

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    def rebuild(self, progress: Progress = lambda: None) -> int:
        with Session(self.engine) as session:
            documents = list(all_documents(session))
        count = self.index.rebuild(documents, progress)
        self.index.forget_searcher()
        return count

    def rebuild_in_background(self) -> bool:
        """Start a rebuild unless one is running; search shows "being updated" meanwhile."""
        return self._background.start()

    @property
    def rebuilding(self) -> bool:
        return self._background.running

    def healthy(self) -> bool:
        """The index opens, holds as many documents as the database says, and a known query finds its page."""
        with Session(self.engine) as session:
            expected, probe = document_count(session), first_document(session)
        try:
            if self.index.doc_count() != expected:
                return False
            if probe is None:
                return True
            found = self.search(SearchQuery(locale=SOURCE_LOCALE, concepts=concepts(probe.title, SOURCE_LOCALE)))
            return any(hit.slug == probe.slug for hit in found.hits) or found.total > 0
        except IndexUnavailable:
            return False

    def refresh(self, kind: str, slug: str) -> None:
        """Bring one page up to date in the index after it was published, changed or withdrawn."""
        with Session(self.engine) as session:
            documents = page_documents(session, kind, slug)
        try:
            self.index.update(add=documents, delete_pages=[f"{kind}:{slug}"])
        except Exception as exc:
            if not (isinstance(exc, IndexUnavailable) or is_corruption(exc)):
                raise
            log.warning("search index unavailable while refreshing %s:%s; rebuilding", kind, slug)
            self.rebuild_in_background()

    def ensure(self) -> None:
        """At start-up: rebuild in the background when the index is missing, corrupt or out of step."""
        if not self.healthy():
            self.index.forget_searcher()
            self.rebuild_in_background()

    # -- searching ---------------------------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        """Raises IndexUnavailable (and starts a rebuild) when the index cannot be read."""
        try:
            return self._search(query)
        except IndexUnavailable:
            self.rebuild_in_background()
            raise
        except Exception as exc:
            if not is_corruption(exc):
                raise
            # A damaged index raises all sorts of errors; log each one, so a bug cannot hide behind a rebuild.
            log.exception("search failed; rebuilding the index")
            self.index.forget_searcher()
            self.rebuild_in_background()
            raise IndexUnavailable(repr(exc)) from exc

    def _search(self, query: SearchQuery) -> SearchResult:
        asked = time.monotonic()
        with self.index.searching() as searcher:
            waited = time.monotonic() - asked  # waiting for a searcher counts against the time limit
            locale = query.locale
            built = None
            if query.concepts:
                built = build_query(analysed(query.concepts, locale), locale, searcher.reader())
                if not built.clauses:
                    return SearchResult(hits=[], total=0)
            bits = self.index.bits(searcher)
            # Filters are a bitset mask checked before a match is scored (see bits.py), not posting lists to intersect.
            not_in = query.not_available_in.code if query.not_available_in is not None else None
            allowed = bits.allowed(locale.code, query.filters, not_in)
            # The clock starts once the query is built (synonyms, near words): matching is what it bounds.
            deadline = time.monotonic() + max(0.0, self.time_limit - waited)
            end = min(query.offset + query.limit, MAX_DEPTH)
            clauses, need = (built.clauses, built.need) if built is not None else ([], 1)
            found = collect(searcher, clauses, need, allowed, max(end, FACET_SAMPLE), deadline)
            summary_field = text_field("summary", locale)
            words = built.terms(summary_field) if built is not None else frozenset()
            analyzer = searcher.schema[summary_field].analyzer
            hits = [
                _hit(searcher.stored_fields(docnum), score, locale, words, analyzer)
                for score, docnum in found.best[query.offset : end]
            ]
            facets = bits.count([docnum for _, docnum in found.best])
        if found.timed_out:
            log.info(
                "a search ran out of its %.2f s after %d matches (%d concepts)",
                self.time_limit,
                found.count,
                len(query.concepts),
            )
        return SearchResult(
            hits=hits,
            total=found.total,
            exact_total=not found.timed_out,
            facets=facets,
            exact_facets=not found.timed_out and found.count <= len(found.best),
        )

    def spelling(self, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
        """Words missing from the titles' and summaries' vocabulary, with the known words within two edits."""
        try:
            with self.index.searching() as searcher:
                return self._spelling(searcher.reader(), words, locale)
        except Exception as exc:
            if not (isinstance(exc, (IndexUnavailable, IndexBusy)) or is_corruption(exc)):
                raise
            return {}

    @staticmethod
    def _spelling(reader, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
        fields = [text_field(name, locale) for name in ("title", "summary")]
        spelling = [reader.schema[name].spelling_fieldname(name) for name in fields]
        analyzer = analyzer_for(locale.analyzer)
        found: dict[str, dict[str, int]] = {}
        for word in words:
            forms = [token.text for token in analyzer(word, no_morph=True)]
            if len(forms) != 1 or len(forms[0]) < 4 or any((name, forms[0]) in reader for name in spelling):
                continue
            found[word] = {
                candidate: reader.frequency(name, candidate)
                for name in spelling
                for candidate in reader.terms_within(name, forms[0], 2, prefix=1)
            }
        return found


def _hit(stored: dict, score: float, locale: Locale, words: frozenset[str], analyzer) -> Hit:
    """A hit with its summary highlighted: the summary analysed again and the query's terms for that field (plain
    terms, near words included) marked; no index reads beyond the stored fields."""
    summary = stored.get(text_field("summary", locale)) or ""
    snippet = ""
    if summary and words:
        fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        formatter = highlight.HtmlFormatter(tagname="mark", classname="match")  # keeps state: one per snippet
        snippet = highlight.highlight(summary, words, analyzer, fragmenter, formatter, top=3, mode="index")
    return Hit(
        kind=stored["kind"],
        slug=stored["slug"],
        locale=locale.code,
        title=stored.get(text_field("title", locale), ""),
        snippet=Markup(snippet) if snippet else escape(summary),
        score=score or 0.0,
    )
