"""What routes call: :class:`SearchService` turns what a resident typed into a query for the backend (see
:mod:`app.search.query`), applies the language policy — pages in the reader's language first, then English pages not
yet translated into it (labelled), one entry per page — pages through both, and offers "did you mean" when words are
not in the site's vocabulary."""

from dataclasses import dataclass, field

from app.i18n.locales import SOURCE_LOCALE, Locale
from app.search.contract import Hit, SearchBackend, SearchQuery
from app.search.query import clean, concepts

MIN_WORD_TO_CORRECT = 4


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    exact_total: bool = True
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # field -> (value, count), most first
    suggestion: str | None = None

    @property
    def partial(self) -> bool:
        """The time limit ran out: the hits are the best found so far and the total an estimate."""
        return not self.exact_total


class SearchService:
    def __init__(self, backend: SearchBackend) -> None:
        self.backend = backend

    def search(
        self,
        *,
        text: str,
        locale: Locale,
        selected: dict[str, list[str]] | None = None,
        page: int = 1,
        per_page: int = 10,
    ) -> SearchResults:
        """Raises :class:`app.search.contract.SearchUnavailable` when the backend cannot answer."""
        text = clean(text)
        runs: list[tuple[Locale, Locale | None]] = [(locale, None)]
        if locale != SOURCE_LOCALE:
            runs.append((SOURCE_LOCALE, locale))
        start, wanted = (page - 1) * per_page, per_page
        hits: list[Hit] = []
        total, exact = 0, True
        counts: dict[str, dict[str, int]] = {}
        for run_locale, not_available_in in runs:
            found = self.backend.search(
                SearchQuery(
                    locale=run_locale,
                    text=text,
                    concepts=concepts(text, run_locale),
                    filters=selected or {},
                    offset=max(0, start - total),
                    limit=wanted - len(hits),
                    not_available_in=not_available_in,
                )
            )
            for hit in found.hits:
                hit.fallback = not_available_in is not None
            hits += found.hits
            total += found.total
            exact = exact and found.exact_total
            for name, values in found.facets.items():
                for value, count in values.items():
                    counts.setdefault(name, {})[value] = counts.get(name, {}).get(value, 0) + count
        return SearchResults(
            query=text,
            hits=hits,
            total=total,
            exact_total=exact,
            facets={
                name: sorted(values.items(), key=lambda pair: (-pair[1], pair[0])) for name, values in counts.items()
            },
            suggestion=self._suggest(text, locale) if text else None,
        )

    def _suggest(self, text: str, locale: Locale) -> str | None:
        """Each word the site does not know replaced by the closest one it does (fewest edits, then most frequent);
        None when nothing changes, so a good query costs no spelling work."""
        words = text.split()
        known = self.backend.spelling([w for w in words if len(w) >= MIN_WORD_TO_CORRECT], locale)
        suggested, changed = [], False
        for word in words:
            candidates = known.get(word)
            if candidates:
                form = word.lower()
                suggested.append(min(candidates, key=lambda c: (edit_distance(form, c), -candidates[c], c)))
                changed = True
            else:
                suggested.append(word)
        return " ".join(suggested) if changed else None


def _most_first(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]
