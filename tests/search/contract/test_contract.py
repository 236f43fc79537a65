"""The search contract, run against every backend (see conftest.py): what the service and residents rely on,
whichever engine answers."""

import pytest
from sqlmodel import Session, select

from app.guides.models import Guide
from app.i18n.locales import SOURCE_LOCALE, Locale, get_locale
from app.search.contract import FACETS, Concept, SearchBackend, SearchQuery, SearchResult
from app.search.query import clean, concepts
from tests.search.contract.conftest import index_documents, make_backend
from tests.search.contract.corpus import CORPUS, LANGUAGE_CASES, PAGED

EN = SOURCE_LOCALE


def _locale(code: str) -> Locale:
    locale = get_locale(code)
    assert locale is not None
    return locale


def find(backend: SearchBackend, text: str, locale: Locale = EN, **options) -> SearchResult:
    """What the service asks for ``text`` typed by a resident."""
    text = clean(text)
    return backend.search(SearchQuery(locale=locale, text=text, concepts=concepts(text, locale), **options))


def slugs(result: SearchResult) -> list[str]:
    return [hit.slug for hit in result.hits]


def _chess(**where) -> list:
    return [
        d for d in CORPUS if d.slug.startswith("chess-") and all(set(getattr(d, k)) & set(v) for k, v in where.items())
    ]


def test_a_page_is_found_by_its_words(backend):
    result = find(backend, "home care")
    hit = result.hits[0]
    assert (hit.kind, hit.slug, hit.locale, hit.title) == ("service", "home-care", "en", "Home care")
    assert hit.score > 0 and not hit.fallback


def test_pages_no_longer_listed_are_never_found(backend):
    assert "withdrawn-chess" not in slugs(find(backend, "chess club closed", limit=50))


def test_only_documents_in_the_query_language_are_searched(backend):
    assert ("carers", "es") in [(h.slug, h.locale) for h in find(backend, "cuidadores", _locale("es")).hits]
    assert "carers" not in slugs(find(backend, "cuidadores", EN))


def test_pages_readable_in_another_language_can_be_left_out(backend):
    assert "carers" not in slugs(find(backend, "carers", not_available_in=_locale("es")))
    assert "carers" in slugs(find(backend, "carers", not_available_in=_locale("fr")))


def test_filters_are_alternatives_within_a_facet_and_combine_across(backend):
    south_thursday = find(backend, "chess", filters={"areas": ["south"], "weekdays": ["TH"]}, limit=50)
    expected = {d.slug for d in _chess(areas=["south"], weekdays=["TH"])}
    assert expected and set(slugs(south_thursday)) == expected and south_thursday.total == len(expected)
    either = find(backend, "chess", filters={"areas": ["south", "north"]}, limit=50)
    assert either.total == PAGED
    assert find(backend, "chess", filters={"kind": ["hub"]}).total == 0


def test_every_facet_is_counted_over_the_matches(backend):
    result = find(backend, "chess", limit=1)
    matched = _chess()
    for name in FACETS:
        expected: dict[str, int] = {}
        for document in matched:
            if name == "free":
                values = [{True: "yes", False: "no", None: "unknown"}[document.free]]
            elif name == "kind":
                values = [document.kind]
            else:
                values = getattr(document, name)
            for value in values:
                expected[value] = expected.get(value, 0) + 1
        assert result.facets.get(name, {}) == expected, name
    assert result.exact_facets


def test_filters_alone_list_every_matching_page(backend):
    result = backend.search(SearchQuery(locale=EN, filters={"kind": ["hub"]}))
    assert slugs(result) == ["north-hub"] and result.total == 1


def test_highlights_are_escaped(backend):
    snippet = str(find(backend, "abuse").hits[0].snippet)
    assert "<script" not in snippet and "script&gt;" in snippet
    assert '<mark class="match' in snippet and "&amp;" in snippet


def test_paging_covers_every_match_once(backend):
    pages = [find(backend, "chess", offset=offset, limit=10) for offset in (0, 10, 20)]
    assert [len(page.hits) for page in pages] == [10, 10, PAGED - 20]
    assert all(page.total == PAGED and page.exact_total for page in pages)
    found = [slug for page in pages for slug in slugs(page)]
    assert len(set(found)) == PAGED == len(found)
    assert find(backend, "chess", offset=40, limit=10).hits == []


def test_better_matches_come_first(backend):
    """A word in the title counts for more than in the summary or body."""
    result = find(backend, "advice", limit=10)
    assert slugs(result)[:2] == ["north-hub", "carers"] or slugs(result)[:2] == ["carers", "north-hub"]
    assert slugs(find(backend, "community advice"))[0] == "north-hub"
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@pytest.mark.parametrize(("code", "indexed", "typed"), LANGUAGE_CASES, ids=[case[0] for case in LANGUAGE_CASES])
def test_each_language_finds_its_words_in_another_form(backend, code, indexed, typed):
    expected = "carers" if code == "en" else f"language-{code.lower()}"
    assert expected in slugs(find(backend, typed, _locale(code))), (indexed, typed)


def test_a_misspelt_word_still_finds_its_page(backend):
    assert slugs(find(backend, "dresing")) == ["home-care"]


def test_spelling_offers_known_words_for_unknown_ones(backend):
    offered = backend.spelling(["comunity", "home", "zzzzzzzz"], EN)
    assert "community" in offered["comunity"] and offered["comunity"]["community"] >= 1
    assert "home" not in offered and offered.get("zzzzzzzz", {}) == {}


HOSTILE = [
    "*",
    "?",
    "title:carers",
    "[a TO z]",
    "{a TO z}",
    '"unclosed',
    "carers AND NOT OR",
    "!&|():*<>",
    "\x00carers\x00",
    "\u202ecarers\u202c \u200f",
    "%_\\'; DROP TABLE service; --",
    "carers " * 20_000,
    "OR ".join(f"w{n}" for n in range(2_000)),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_never_fails(backend, text):
    find(backend, text)


@pytest.mark.parametrize(
    "query",
    [
        (Concept(alternatives=("x" * 100_000,)),),
        (Concept(alternatives=("\x00", "*", ":")),),
        (Concept(alternatives=tuple(f"carer{n}" for n in range(2_000))),),
        tuple(Concept(alternatives=(f"carer{n}",)) for n in range(2_000)),
    ],
    ids=["one-long-word", "punctuation", "2000-alternatives", "2000-concepts"],
)
def test_hostile_concepts_never_fail(backend, query):
    """The service caps what it sends; a backend bounds what it is sent all the same."""
    backend.search(SearchQuery(locale=EN, text="x", concepts=query))


@pytest.fixture
def fresh_backend(request, engine, tmp_path):
    name = "postgres" if "postgres" in request.node.callspec.id else "whoosh"
    backend = make_backend(name, engine, tmp_path)
    index_documents(backend, CORPUS)
    yield backend
    if name == "postgres":
        backend.rebuild()


@pytest.mark.parametrize("name", ["whoosh", "postgres"])
def test_refresh_adds_a_published_page_and_removes_a_withdrawn_one(fresh_backend, engine, name):
    with Session(engine) as db:
        guide = db.exec(select(Guide).order_by(Guide.slug)).first()
    assert guide is not None
    assert guide.slug not in slugs(find(fresh_backend, guide.title))
    fresh_backend.refresh("guide", guide.slug)  # published in the database, so now indexed
    assert guide.slug in slugs(find(fresh_backend, guide.title))
    fresh_backend.refresh("service", "home-care")  # in the index, but no longer published
    assert "home-care" not in slugs(find(fresh_backend, "home care"))
