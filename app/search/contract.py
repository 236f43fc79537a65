"""The search contract: what :mod:`app.search.service` asks of a search backend and what it gets back.

A backend finds documents (one per page and language it can be read in, :mod:`app.search.documents`) for a query in
ONE language; the service owns everything a resident would call policy: cleaning and understanding the text
(synonyms, stop words, day names), the English fallback for pages not yet translated, paging across both, and "did you
mean". Backends: ``whoosh`` (embedded, the default), ``postgres`` (one search table shared by every machine) and
``null`` (search turned off). Every backend passes ``tests/search/contract``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from markupsafe import Markup

from app.i18n.locales import Locale

# Index fields a query may filter on and the backend counts values of (query parameter names are in facets.py).
FACETS = ("topics", "kind", "areas", "weekdays", "free", "languages", "accessibility")
TEXT_FIELDS = ("title", "summary", "body")
BOOSTS = {"title": 6.0, "summary": 2.0, "body": 1.0}  # how much a match in each field counts, in every backend
MIN_SHARE_MATCHED = 0.5  # a document matches when at least half the query's concepts (rounded up) match it


class SearchUnavailable(Exception):
    """The backend cannot answer now (index missing, corrupt or being rebuilt, database away); the resident is told
    "search is being updated" and the backend repairs itself. ``temporary`` is False where the site has no search."""

    temporary = True


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Concept:
    """One idea in the query. Any of its ``alternatives`` may match; an alternative is a phrase in the reader's
    words, analysed by the backend for the query's language, and all its words are needed. A concept with a
    ``weekday`` instead matches pages open on that day."""

    alternatives: tuple[str, ...] = ()
    weekday: str | None = None


@dataclass
class SearchQuery:
    locale: Locale  # the language of the documents searched
    text: str = ""  # what the resident typed, cleaned (for highlighting)
    concepts: tuple[Concept, ...] = ()  # none: every listed document, ranked by nothing (filters only)
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet field -> values: OR within, AND across
    offset: int = 0
    limit: int = 10
    near: Point | None = None
    # Leave out pages that can be read in this language (the English fallback run: they were found in it already).
    not_available_in: Locale | None = None


@dataclass
class Hit:
    kind: str
    slug: str
    locale: str
    title: str
    snippet: Markup  # the summary, HTML-escaped, with matched words in <mark class="match">
    score: float = 0.0
    fallback: bool = False  # an English page shown because it is not yet in the reader's language (set by the service)


@dataclass
class SearchResult:
    hits: list[Hit]  # the page of hits asked for (offset, limit), best first
    total: int  # how many documents match
    exact_total: bool = True  # False: ``total`` is an estimate ("about N"), as the time limit ran out
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet field -> value -> matching documents
    exact_facets: bool = True  # False: counted over the best matches only


Progress = Callable[[], object]


class SearchBackend(Protocol):
    """What every search engine implements. Writes arrive through the change seam (:mod:`app.publishing.changes`):
    ``refresh`` is told of each changed page after the commit, ``rebuild_in_background`` of a burst too big to
    follow."""

    name: str

    def search(self, query: SearchQuery) -> SearchResult:
        """Raises :class:`SearchUnavailable` when it cannot answer (and starts a repair)."""
        ...

    def spelling(self, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
        """For each word (as typed, one word each) that is not in the vocabulary of the titles and summaries in that
        language: the known words within two edits and how often each occurs (empty when none is close). Words that
        are known, or too short to correct (under four letters), are left out."""
        ...

    def refresh(self, kind: str, slug: str) -> None:
        """Bring one page up to date after it was published, changed or withdrawn."""
        ...

    def rebuild(self, progress: Progress = lambda: None) -> int:
        """Index every page again from the database; returns the document count."""
        ...

    def rebuild_in_background(self) -> bool:
        """Start a rebuild unless one is running; search answers "being updated" meanwhile when it must."""
        ...

    @property
    def rebuilding(self) -> bool: ...

    def healthy(self) -> bool:
        """The index holds what the database says it should, and answers a known query."""
        ...

    def ensure(self) -> None:
        """At start-up: repair (in the background) an index that is missing, corrupt or out of step."""
        ...
