"""Rendered public pages are cached per content version: a publish anywhere is seen at once here and within half
a second in every other process; browsers revalidate with ETags; staff pages and searches are never cached."""

import time

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.main import create_app
from app.publishing import history, workflow
from app.publishing.kinds import KINDS
from app.web.page_cache import Entry, PageCache


def test_a_page_is_served_from_the_cache_with_an_etag_and_revalidated_with_304(app):
    client = TestClient(app)
    first = client.get("/it/hubs")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache" and etag
    cached = len(app.state.page_cache)
    again = client.get("/it/hubs")
    assert again.text == first.text and again.headers["etag"] == etag and len(app.state.page_cache) == cached
    revalidated = client.get("/it/hubs", headers={"If-None-Match": etag})
    assert revalidated.status_code == 304 and revalidated.content == b"" and revalidated.headers["etag"] == etag
    assert client.get("/it/hubs", headers={"If-None-Match": '"other"'}).status_code == 200


def test_compressed_and_plain_copies_are_kept_apart(app):
    client = TestClient(app)
    plain = client.get("/ro/guides", headers={"Accept-Encoding": "identity"})
    packed = client.get("/ro/guides", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
    assert plain.text == packed.text and plain.headers["etag"] != packed.headers["etag"]


def test_a_cached_page_names_the_sites_own_address_whichever_host_was_asked(app):
    """Pages hold absolute links (the hreflang alternates): they are made from the site's configured address, never
    from the Host a request names, so one cached copy serves every allowed host name and no one can plant theirs."""
    first = TestClient(app, base_url="http://localhost").get("/fa/guides")
    second = TestClient(app, base_url="https://127.0.0.1").get("/fa/guides")
    assert 'href="http://testserver/en/guides"' in first.text and first.text == second.text
    assert "localhost" not in first.text and "127.0.0.1" not in second.text


def test_staff_pages_searches_errors_and_cookies_are_never_cached(app, client):
    assert "etag" not in client.get("/en/search", params={"q": "carers"}).headers
    assert "etag" not in client.get("/en/services/not-a-service").headers
    assert "etag" not in client.get("/staff/login").headers
    assert client.get("/staff/login").headers["cache-control"] == "private, no-store"


def test_a_publish_is_seen_at_once_here_and_within_a_second_by_another_process(app, engine, settings):
    other = create_app(settings)  # a second app process on the same database, with its own cache
    here, there = TestClient(app), TestClient(other)
    slug = "carers-assessment"
    assert "Cached summary" not in here.get(f"/en/services/{slug}").text
    assert "Cached summary" not in there.get(f"/en/services/{slug}").text
    with Session(engine) as db:
        item = history.get_item(db, "service", slug)
        data = history.revision(db, item, item.latest).data
        original = KINDS["service"].document(data)
        changed = KINDS["service"].document({**data, "summary": "Cached summary, changed by a publish."})
        workflow.save_draft(db, item, changed, base=item.latest, author="test")
        workflow.publish(db, item, base=item.latest, author="test")
        db.commit()
    try:
        assert "Cached summary" in here.get(f"/en/services/{slug}").text, "this process sees its publish at once"
        deadline = time.monotonic() + 1.0
        while "Cached summary" not in there.get(f"/en/services/{slug}").text:
            assert time.monotonic() < deadline, "the other process still shows the old page after 1 s"
            time.sleep(0.05)
    finally:
        with Session(engine) as db:
            item = history.get_item(db, "service", slug)
            workflow.save_draft(db, item, original, base=item.latest, author="test")
            workflow.publish(db, item, base=item.latest, author="test")
            db.commit()


def test_the_cache_keeps_to_its_size():
    cache = PageCache(max_bytes=8000)
    for number in range(20):
        cache.put((number,), Entry(200, [], b"x" * 900, b'"e"'))
    assert cache.size <= 8000 and len(cache) == 8
    assert cache.get((0,)) is None and cache.get((19,)) is not None
    cache.put(("huge",), Entry(200, [], b"x" * 2000, b'"e"'))  # over an eighth of the cache: not kept
    assert cache.get(("huge",)) is None
