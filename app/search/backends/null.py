"""Search turned off (``SIGNPOST_SEARCH_BACKEND=null``): every search answers "unavailable", so residents are told
to browse instead, and nothing is indexed. Also what tests use where search is beside the point."""

from app.i18n.locales import Locale
from app.search.contract import Progress, SearchQuery, SearchResult, SearchUnavailable


class SearchTurnedOff(SearchUnavailable):
    """This site does not offer search."""

    temporary = False


class NullBackend:
    name = "null"
    rebuilding = False

    def search(self, query: SearchQuery) -> SearchResult:
        raise SearchTurnedOff("search is turned off on this site")

    def spelling(self, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
        return {}

    def refresh(self, kind: str, slug: str) -> None:
        return None

    def rebuild(self, progress: Progress = lambda: None) -> int:
        return 0

    def rebuild_in_background(self) -> bool:
        return False

    def healthy(self) -> bool:
        return True

    def ensure(self) -> None:
        return None
