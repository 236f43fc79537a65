"""No public page costs more database statements because it shows more: a topic, hub or list with many entries
takes as many statements as one with few (no N+1 queries), and every page stays under a small fixed number."""

import pytest
from fastapi.testclient import TestClient

from app.web.page_cache import PageCache
from tests.statements import counting

LIMIT = 16  # one statement per kind of related row (selectinload), never one per row; one for easy-read links


def _cost(app, path: str) -> int:
    client = TestClient(app)
    cache, app.state.page_cache = app.state.page_cache, PageCache(max_bytes=0)  # measure rendering, not the cache
    try:
        app.state.content_version.current()  # read before counting, as a warm process would have
        with counting(app.state.engine) as statements:
            assert client.get(path).status_code == 200, path
    finally:
        app.state.page_cache = cache
    return len([s for s in statements if "content_version" not in s])


@pytest.mark.parametrize(
    "bigger, smaller",
    [
        ("/en/topics/health-and-wellbeing", "/en/topics/work-and-learning"),  # 25 services against 6
        ("/en/hubs/church-row-community-hub", "/en/hubs/westbourne-fields-community-hub"),
        ("/en/whats-on", "/en/whats-on?day=SU"),
        ("/en/services/befriending-older-people", "/en/services/reablement"),
    ],
)
def test_more_entries_do_not_cost_more_statements(app, bigger, smaller):
    assert _cost(app, bigger) == _cost(app, smaller)


@pytest.mark.parametrize(
    "path",
    [
        "/ar/",
        "/ar/hubs",
        "/ar/guides",
        "/ar/guides/help-in-your-language",
        "/ar/services/carers-found",
        "/ar/topics/staying-safe",
        "/ar/help",
    ],
)
def test_every_page_type_takes_a_few_statements(app, path):
    assert _cost(app, path) <= LIMIT, path
