"""The Whoosh backend stays fast and lean: typo tolerance bounded, true totals, the best matches by score when time runs
out, facets over the best matches, a bounded number of searches at once, shared per-generation state, and an index
file rewritten under a live searcher never takes the process down. Real Whoosh indexes throughout."""

import threading
import time
from types import SimpleNamespace

import pytest

from app.i18n.locales import SOURCE_LOCALE
from app.search.backends.whoosh import backend as backend_module
from app.search.backends.whoosh.backend import MAX_DEPTH, WhooshBackend
from app.search.backends.whoosh.index import IndexBusy, SearchIndex, is_corruption
from app.search.backends.whoosh.query import LONGEST_EXPANDED, MAX_EXPANSIONS, analysed, build_query
from app.search.contract import Concept, SearchQuery, SearchUnavailable
from app.search.documents import SearchDocument
from app.search.query import clean, concepts
from tests.search.test_lifecycle import _garble

EN = SOURCE_LOCALE
KINDS = ["service", "activity", "hub", "guide"]
MANY = 1_100  # more than the old cap of 400 hits, and than MAX_DEPTH


def _documents() -> list[SearchDocument]:
    """MANY pages that all say "chess", more often (a higher score) in a pattern unrelated to index order; a carers
    page; and 25 words one letter from "cartq" ("carta" ... "cartz", but no "cartq") for the expansion cap."""
    pages = [
        SearchDocument(
            kind=KINDS[n % 4],
            slug=f"chess-{n:04d}",
            locale="en",
            title=f"Board games {n}",
            summary=" ".join(["chess"] * (1 + (n * 7) % 5)) + " for everyone",
            weekdays=["TU"] if n % 3 else ["SA"],
            locales=["en"],
        )
        for n in range(MANY)
    ]
    pages.append(
        SearchDocument(
            kind="guide",
            slug="carers",
            locale="en",
            title="Support for carers",
            summary="Help for people who look after someone",
            locales=["en"],
        )
    )
    pages.append(
        SearchDocument(
            kind="guide",
            slug="carts",
            locale="en",
            title="Carts",
            summary=" ".join(f"cart{letter}" for letter in "abcdefghijklmnoprstuvwxyz"),
            locales=["en"],
        )
    )
    return pages


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("whoosh-backend")
    SearchIndex(root).rebuild(_documents())
    return root


def _find(backend: WhooshBackend, text: str, **options):
    text = clean(text)
    return backend.search(SearchQuery(locale=EN, text=text, concepts=concepts(text, EN), **options))


def _built(backend: WhooshBackend, found: tuple[Concept, ...]):
    with backend.index.searching() as searcher:
        return build_query(analysed(found, EN), EN, searcher.reader())


def test_total_counts_every_match_and_paging_reaches_any_page(root, engine):
    backend = WhooshBackend(root, engine)
    first = _find(backend, "chess", limit=10)
    assert first.total == MANY and first.exact_total and len(first.hits) == 10
    scores = [hit.score for hit in first.hits]
    assert scores == sorted(scores, reverse=True)
    deep = _find(backend, "chess", offset=MAX_DEPTH - 10, limit=10)
    assert deep.total == MANY and len(deep.hits) == 10
    assert _find(backend, "chess", offset=MAX_DEPTH, limit=10).hits == []  # deeper than a resident can page


def test_pages_do_not_overlap_and_follow_the_score_order(root, engine):
    backend = WhooshBackend(root, engine)
    pages = [_find(backend, "chess", offset=offset, limit=50) for offset in (0, 50, 100)]
    slugs = [hit.slug for page in pages for hit in page.hits]
    scores = [hit.score for page in pages for hit in page.hits]
    assert len(set(slugs)) == len(slugs) == 150
    assert scores == sorted(scores, reverse=True)


def test_a_timed_out_search_keeps_the_best_so_far_by_score(root, engine):
    backend = WhooshBackend(root, engine, time_limit=0.0)
    result = _find(backend, "chess", limit=20)
    assert not result.exact_total and not result.exact_facets
    assert len(result.hits) == 20
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    slugs = [hit.slug for hit in result.hits]
    assert slugs != sorted(slugs), "by score, not in index order"
    assert 20 <= result.total <= 3 * MANY  # an estimate, from the share of the documents read


def test_waiting_for_a_turn_counts_against_the_time_limit(root, engine):
    backend = WhooshBackend(root, engine, time_limit=0.2)
    backend.index = SearchIndex(root, max_searches=1)
    holding = threading.Event()

    def hold() -> None:
        with backend.index.searching():
            holding.set()
            time.sleep(0.4)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(5)
    result = _find(backend, "chess")
    thread.join()
    assert not result.exact_total and result.hits


def test_facets_are_counted_over_the_best_matches(root, engine, monkeypatch):
    backend = WhooshBackend(root, engine)
    everything = _find(backend, "chess", limit=1)
    assert everything.exact_facets and sum(everything.facets["kind"].values()) == MANY
    assert everything.facets["kind"] == dict.fromkeys(KINDS, MANY // 4)
    monkeypatch.setattr(backend_module, "FACET_SAMPLE", 100)
    sampled = _find(backend, "chess", limit=1)
    assert sampled.total == MANY and sampled.exact_total
    assert not sampled.exact_facets and sum(sampled.facets["kind"].values()) == 100


def test_filters_and_the_language_left_out(root, engine):
    backend = WhooshBackend(root, engine)
    tuesday_hubs = _find(backend, "chess", filters={"kind": ["hub"], "weekdays": ["TU"]}, limit=MAX_DEPTH)
    expected = {f"chess-{n:04d}" for n in range(MANY) if n % 4 == 2 and n % 3}
    assert {hit.slug for hit in tuesday_hubs.hits} == expected and tuesday_hubs.total == len(expected)
    assert _find(backend, "chess", not_available_in=EN).total == 0  # every page can be read in English


def test_a_misspelt_word_is_expanded_once_into_a_few_known_words(root, engine):
    backend = WhooshBackend(root, engine)
    assert "carers" in [hit.slug for hit in _find(backend, "carrers").hits]
    built = _built(backend, concepts("cartq", EN))
    assert 0 < len(built.expansions["cartq"]) <= MAX_EXPANSIONS  # 25 words are one letter away
    assert "carts" in [hit.slug for hit in _find(backend, "cartq").hits]


def test_a_long_query_of_near_words_is_answered_with_bounded_expansion(root, engine):
    backend = WhooshBackend(root, engine)
    long_word = "chessboards" * 4
    text = " ".join(["cartq", "chesz", "carerz", "boarf", "gamez", "everyome", long_word] * 4)[:200]
    result = _find(backend, text)
    assert result.hits and result.exact_total
    built = _built(backend, concepts(clean(text), EN))
    assert all(len(near) <= MAX_EXPANSIONS for near in built.expansions.values())
    assert all(len(word) <= LONGEST_EXPANDED for word, near in built.expansions.items() if near)
    assert not built.expansions.get(long_word[:64])


def test_synonyms_are_never_expanded(root, engine):
    backend = WhooshBackend(root, engine)
    built = _built(backend, (Concept(alternatives=("chesz", "cartq")),))  # a synonym group: our words, not typing
    assert built.expansions == {} and built.clauses == []
    assert _find(backend, "carers").total >= 1  # "carers" is in a synonym group and still matches as itself


def test_searches_at_once_are_bounded_and_searchers_shared(root):
    index = SearchIndex(root, max_searches=2)
    with index.searching() as first, index.searching() as second:
        assert first is not second
        with pytest.raises(IndexBusy), index.searching(wait=0.05):
            pass
    seen = []

    def search() -> None:
        with index.searching() as searcher:
            seen.append(searcher)

    for _ in range(3):
        thread = threading.Thread(target=search)
        thread.start()
        thread.join()
    assert seen[0] is seen[1] is seen[2], "threads borrow the pooled searcher"


def test_bitsets_are_shared_by_a_generation_and_renewed_by_a_commit(tmp_path):
    index = SearchIndex(tmp_path)
    index.rebuild(_documents()[:10])
    with index.searching() as first, index.searching() as second:
        assert index.bits(first) is index.bits(second)
        before = index.bits(first)
    index.update(add=[SearchDocument(kind="hub", slug="new", locale="en", title="New chess", locales=["en"])])
    with index.searching() as searcher:
        after = index.bits(searcher)
    assert after is not before and after.values["kind"]["hub"].bit_count() == 3


def test_a_file_rewritten_under_a_live_searcher_never_takes_the_process_down(tmp_path, engine):
    """What memory-mapping would not survive (SIGBUS): the fault tests cut index files short in place."""
    backend = WhooshBackend(tmp_path, engine)
    backend.index.rebuild(_documents()[:50])
    with backend.index.searching() as searcher:  # in use while its files are rewritten
        _garble(SimpleNamespace(backend=backend))
        try:
            assert searcher.doc_count() == 50
            assert len(list(searcher.documents())) == 50  # the parts it had read stay readable
        except Exception as exc:
            assert is_corruption(exc)  # or reading a part afresh finds it damaged: an error, never a crash
    # The next search notices the files changed under the pooled searcher, reopens the index and meets the damage
    # ("being updated", and the backend rebuilds) rather than answering from memory and hiding it.
    with pytest.raises(SearchUnavailable):
        backend._search(SearchQuery(locale=EN, text="chess", concepts=concepts("chess", EN)))
