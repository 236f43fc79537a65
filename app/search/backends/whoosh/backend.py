"""The embedded search backend: a Whoosh index in the data directory (:mod:`.index`), kept in step by the change
follower, rebuilt in the background when missing, corrupt or too far behind."""

import logging
import threading
import time
from pathlib import Path

from markupsafe import Markup, escape
from sqlalchemy import Engine
from sqlmodel import Session
from whoosh import highlight
from whoosh import query as q
from whoosh.collectors import FilterCollector

from app.i18n.locales import SOURCE_LOCALE, Locale
from app.search.analyzers import analyzer_for
from app.search.backends.whoosh.index import IndexUnavailable, SearchIndex, is_corruption
from app.search.backends.whoosh.query import analysed, build_query, filters
from app.search.backends.whoosh.schema import text_field
from app.search.contract import FACETS, Hit, Progress, SearchQuery, SearchResult
from app.search.documents import all_documents, document_count, first_document, page_documents
from app.search.query import concepts

log = logging.getLogger("signpost.search")
TIME_LIMIT = 0.5  # seconds; partial results are kept
MAX_HITS = 400
MIN_HITS_BEFORE_STOPPING = 20  # a busy machine still gets a first screen of results


class BoundedCollector(FilterCollector):
    """Filtering and a time limit in one collector, keeping partial results. (Whoosh's TimeLimitCollector cannot
    wrap a FilterCollector: it calls the child's ``collect()`` directly and so skips the filter.)"""

    def __init__(self, child, allow, restrict, seconds: float = TIME_LIMIT) -> None:
        super().__init__(child, allow=allow, restrict=restrict)
        self.seconds = seconds
        self.deadline = 0.0
        self.timed_out = False
        self.matched: set[int] = set()  # every collected document, for facet counts

    def prepare(self, top_searcher, query, context) -> None:
        super().prepare(top_searcher, query, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self) -> None:
        child, allow, restrict = self.child, self._allow, self._restrict
        collected = 0
        for sub_docnum in child.matches():
            if collected >= MIN_HITS_BEFORE_STOPPING and time.monotonic() > self.deadline:
                self.timed_out = True
                return
            docnum = self.offset + sub_docnum
            if (allow is not None and docnum not in allow) or (restrict is not None and docnum in restrict):
                continue
            child.collect(sub_docnum)
            self.matched.add(docnum)
            collected += 1


class WhooshBackend:
    name = "whoosh"

    def __init__(self, root: Path, engine: Engine) -> None:
        self.index = SearchIndex(root)
        self.engine = engine
        self._rebuilding = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    def rebuild(self, progress: Progress = lambda: None) -> int:
        with Session(self.engine) as session:
            documents = list(all_documents(session))
        count = self.index.rebuild(documents, progress)
        self.index.forget_searcher()
        return count

    def rebuild_in_background(self) -> bool:
        """Start a rebuild unless one is running; search shows "being updated" meanwhile."""
        if not self._rebuilding.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                self.rebuild()
            except Exception:  # noqa: BLE001 - logged; the next search tries again
                log.exception("search index rebuild failed")
            finally:
                self._rebuilding.release()

        threading.Thread(target=run, name="search-rebuild", daemon=True).start()
        return True

    @property
    def rebuilding(self) -> bool:
        return self._rebuilding.locked()

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
        searcher = self.index.searcher()
        reader = searcher.reader()

        def in_vocabulary(fieldname: str, term: str) -> bool:
            return reader.doc_frequency(fieldname, term) > 0

        locale = query.locale
        if query.concepts:
            matching = build_query(analysed(query.concepts, locale), locale, in_vocabulary)
            if matching is None:
                return SearchResult(hits=[], total=0)
        else:
            matching = q.Every()
        # Filters join the query (Whoosh intersects posting lists) rather than a collector's filter set, which it
        # would rebuild from every matching document on each search.
        parts = [matching, q.Term("locale", locale.code), filters(query.filters)]
        if query.not_available_in is not None:  # And(Not(...)), not AndNot: its matcher let excluded documents in
            parts.append(q.Not(q.Term("locales", query.not_available_in.code)))
        collector = BoundedCollector(searcher.collector(limit=MAX_HITS), allow=None, restrict=None)
        searcher.search_with_collector(q.And(parts), collector)
        results = collector.results()
        results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        results.formatter = highlight.HtmlFormatter(tagname="mark", classname="match")
        end = min(query.offset + query.limit, results.scored_length())
        return SearchResult(
            hits=[_hit(results[n], locale) for n in range(query.offset, end)],
            total=results.scored_length(),
            exact_total=not collector.timed_out,
            facets=self._facets(searcher, collector.matched),
            exact_facets=not collector.timed_out,
        )

    def _facets(self, searcher, matched: set[int]) -> dict[str, dict[str, int]]:
        """Counts per facet value: the matched documents intersected with each value's documents (computed once
        per searcher, since an index holds only a few dozen facet values)."""
        cached = getattr(searcher, "_signpost_facets", None)
        if cached is None:
            reader = searcher.reader()
            cached = {
                name: {
                    value.decode() if isinstance(value, bytes) else value: frozenset(
                        reader.postings(name, value).all_ids()
                    )
                    for value in reader.lexicon(name)
                }
                for name in FACETS
            }
            searcher._signpost_facets = cached
        counts = {}
        for name, values in cached.items():
            counts[name] = {value: n for value, docs in values.items() if (n := len(matched & docs))}
        return counts

    def spelling(self, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
        """Words missing from the titles' and summaries' vocabulary, with the known words within two edits."""
        try:
            reader = self.index.searcher().reader()
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
        except Exception as exc:
            if not (isinstance(exc, IndexUnavailable) or is_corruption(exc)):
                raise
            return {}


def _hit(hit, locale: Locale) -> Hit:
    summary_field = text_field("summary", locale)
    snippet = hit.highlights(summary_field) if hit.get(summary_field) else ""
    return Hit(
        kind=hit["kind"],
        slug=hit["slug"],
        locale=locale.code,
        title=hit.get(text_field("title", locale), ""),
        snippet=Markup(snippet) if snippet else escape(hit.get(summary_field, "")),
        score=hit.score or 0.0,
    )
