"""The search interface the rest of the app uses: ``search()``, ``rebuild()`` and start-up checks (incremental
updates for publishing go through ``SearchIndex.update``). Results list the reader's language first, then English
pages not yet translated (labelled), one entry per page, with facet counts, escaped highlights and a "did you mean"
suggestion when little is found."""

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Engine
from sqlmodel import Session
from whoosh import highlight
from whoosh import query as q
from whoosh.collectors import FilterCollector

from app.i18n.locales import SOURCE_LOCALE, Locale
from app.search.analyzers import analyzer_for
from app.search.documents import all_documents, document_count, first_document, page_documents
from app.search.index import CORRUPTION, IndexUnavailable, SearchIndex
from app.search.query import build_query, clean, concepts, filters
from app.search.schema import FACETS, text_field

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


@dataclass
class Hit:
    kind: str
    slug: str
    locale: str
    title: str
    snippet: Markup
    fallback: bool  # an English page shown because it is not yet in the reader's language


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str | None = None
    partial: bool = False


class SearchEngine:
    def __init__(self, root: Path, engine: Engine) -> None:
        self.index = SearchIndex(root)
        self.engine = engine
        self._rebuilding = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    def rebuild(self, progress=lambda: None) -> int:
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
            found = self.search(text=probe.title, locale=SOURCE_LOCALE)
            return any(hit.slug == probe.slug for hit in found.hits) or found.total > 0
        except (IndexUnavailable, *CORRUPTION):
            return False

    def refresh(self, kind: str, slug: str) -> None:
        """Bring one page up to date in the index after it was published, changed or withdrawn."""
        with Session(self.engine) as session:
            documents = page_documents(session, kind, slug)
        try:
            self.index.update(add=documents, delete_pages=[f"{kind}:{slug}"])
        except (IndexUnavailable, *CORRUPTION):
            log.warning("search index unavailable while refreshing %s:%s; rebuilding", kind, slug)
            self.rebuild_in_background()

    def ensure(self) -> None:
        """At start-up: rebuild in the background when the index is missing, corrupt or out of step."""
        if not self.healthy():
            self.index.forget_searcher()
            self.rebuild_in_background()

    # -- searching ---------------------------------------------------------------------------------------------------
    def search(
        self,
        *,
        text: str,
        locale: Locale,
        selected: dict[str, list[str]] | None = None,
        page: int = 1,
        per_page: int = 10,
    ) -> SearchResults:
        """Raises IndexUnavailable (and starts a rebuild) when the index cannot be read."""
        text = clean(text)
        try:
            return self._search(text, locale, selected or {}, page, per_page)
        except CORRUPTION as exc:
            # A damaged index raises all sorts of errors; log each one, so a bug cannot hide behind a rebuild.
            log.exception("search failed; rebuilding the index")
            self.index.forget_searcher()
            self.rebuild_in_background()
            raise IndexUnavailable(repr(exc)) from exc
        except IndexUnavailable:
            self.rebuild_in_background()
            raise

    def _search(self, text, locale, selected, page, per_page) -> SearchResults:
        searcher = self.index.searcher()
        reader = searcher.reader()

        def in_vocabulary(fieldname: str, term: str) -> bool:
            return reader.doc_frequency(fieldname, term) > 0

        runs = [(locale, False)]
        if locale != SOURCE_LOCALE:
            runs.append((SOURCE_LOCALE, True))
        ranked: list[tuple[Any, int, Locale, bool]] = []  # (Whoosh results, index in results, locale, fallback)
        matched: set[int] = set()
        partial = False
        for run_locale, fallback in runs:
            found = concepts(text, run_locale)
            query = build_query(found, run_locale, in_vocabulary) if text else q.Every()
            if query is None:
                continue
            # Filters join the query (Whoosh intersects posting lists) rather than a collector's filter set, which
            # it would rebuild from every matching document on each search. The English run leaves out pages that
            # exist in the reader's language, so no page appears twice.
            parts = [query, q.Term("locale", run_locale.code), filters(selected)]
            if fallback:  # And(Not(...)), not AndNot: Whoosh's AndNotMatcher let excluded documents through
                parts.append(q.Not(q.Term("locales", locale.code)))
            query = q.And(parts)
            collector = BoundedCollector(searcher.collector(limit=MAX_HITS), allow=None, restrict=None)
            searcher.search_with_collector(query, collector)
            partial = partial or collector.timed_out
            results = collector.results()
            results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
            results.formatter = highlight.HtmlFormatter(tagname="mark", classname="match")
            matched |= collector.matched
            ranked.extend((results, n, run_locale, fallback) for n in range(results.scored_length()))
        start = (page - 1) * per_page
        hits = [
            _hit(results[n], run_locale, fallback)
            for results, n, run_locale, fallback in ranked[start : start + per_page]
        ]
        suggestion = _suggest(searcher, text, locale) if text else None
        return SearchResults(
            query=text,
            hits=hits,
            total=len(ranked),
            facets=self._facets(searcher, matched),
            suggestion=suggestion,
            partial=partial,
        )

    def _facets(self, searcher, matched: set[int]) -> dict[str, list[tuple[str, int]]]:
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
            pairs = [(value, len(matched & docs)) for value, docs in values.items()]
            counts[name] = sorted(((v, c) for v, c in pairs if c), key=lambda pair: (-pair[1], pair[0]))
        return counts


def _hit(hit, locale: Locale, fallback: bool) -> Hit:
    summary_field = text_field("summary", locale)
    title = hit.get(text_field("title", locale), "")
    snippet = hit.highlights(summary_field) if hit.get(summary_field) else ""
    return Hit(
        kind=hit["kind"],
        slug=hit["slug"],
        locale=locale.code,
        title=title,
        snippet=Markup(snippet) if snippet else escape(hit.get(summary_field, "")),
        fallback=fallback,
    )


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _suggest(searcher, text: str, locale: Locale) -> str | None:
    """Each word that is not in the titles' and summaries' vocabulary replaced by the closest word that is (fewest
    edits, then most frequent); None when nothing changes, so a good query costs no spelling work."""
    reader = searcher.reader()
    fields = [text_field(name, locale) for name in ("title", "summary")]
    spelling = [reader.schema[name].spelling_fieldname(name) for name in fields]
    analyzer = analyzer_for(locale.analyzer)
    words, changed = [], False
    for word in text.split():
        forms = [token.text for token in analyzer(word, no_morph=True)]
        if len(forms) != 1 or len(forms[0]) < 4 or any((name, forms[0]) in reader for name in spelling):
            words.append(word)
            continue
        form = forms[0]
        candidates = {
            candidate: reader.frequency(name, candidate)
            for name in spelling
            for candidate in reader.terms_within(name, form, 2, prefix=1)
        }
        if candidates:
            best = min(candidates, key=lambda c: (_edit_distance(form, c), -candidates[c], c))
            words.append(best)
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else None
