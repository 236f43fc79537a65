"""The page cache never serves a page that depends on the person asking, whichever route makes it: the route says so
with ``Cache-Control`` (private or no-store), by marking its response personal, or by reading a person's cookie
through :mod:`app.ui.privacy`. Tested on the real app (``create_app``) with test-only routes added, each answering
with a value that changes on every request, so a second answer equal to the first came from the cache."""

import uuid

import pytest
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from app.accounts import sessions
from app.i18n.negotiate import COOKIE as LANGUAGE_COOKIE
from app.main import create_app
from app.ui import privacy


def _page(text: str = "") -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><title>Test</title><p>{text} {uuid.uuid4()}</p>")


def _private():
    response = _page()
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def _no_store():
    response = _page()
    response.headers["Cache-Control"] = "no-store"
    return response


def _helper():
    return privacy.personal(_page())


def _marked():  # the dependency marks it; the route itself sets nothing
    return _page()


def _reads_staff_cookie(request: Request):
    session = privacy.read_cookie(request, sessions.COOKIE)
    return _page("Signed in" if session else "Anonymous")


def _public():
    return _page()


@pytest.fixture(scope="module")
def app(settings, engine):
    app = create_app(settings)
    app.add_api_route("/{lang}/test-private", _private)
    app.add_api_route("/{lang}/test-no-store", _no_store)
    app.add_api_route("/{lang}/test-helper", _helper)
    app.add_api_route("/{lang}/test-marked", _marked, dependencies=[privacy.Personal])
    app.add_api_route("/{lang}/test-staff-cookie", _reads_staff_cookie)
    app.add_api_route("/{lang}/test-public", _public)
    return app


def _twice(client: TestClient, path: str, **kwargs):
    return client.get(path, **kwargs), client.get(path, **kwargs)


def test_a_public_page_from_a_test_route_is_cached(app):
    """The control: without any mark, the same test route is answered from the cache the second time."""
    first, second = _twice(TestClient(app), "/en/test-public")
    assert first.status_code == 200 and first.headers["etag"]
    assert second.text == first.text and second.headers["etag"] == first.headers["etag"]


@pytest.mark.parametrize("path", ["/en/test-private", "/en/test-no-store", "/fr/test-helper"])
def test_a_response_any_route_marks_private_or_no_store_is_not_stored(app, path):
    cached = len(app.state.page_cache)
    first, second = _twice(TestClient(app), path)
    assert first.status_code == second.status_code == 200
    assert first.text != second.text, "the second answer came from the cache"
    assert "etag" not in first.headers and len(app.state.page_cache) == cached
    assert privacy.is_private(first.headers["cache-control"])


def test_a_route_marked_personal_gets_private_no_store_and_is_not_stored(app):
    cached = len(app.state.page_cache)
    first, second = _twice(TestClient(app), "/en/test-marked")
    assert first.text != second.text and len(app.state.page_cache) == cached
    assert first.headers["cache-control"] == "private, no-store"


def test_a_page_that_reads_the_staff_cookie_is_never_served_from_the_cache_to_someone_who_has_it(app):
    anonymous = TestClient(app)
    first, second = _twice(anonymous, "/en/test-staff-cookie")
    assert "Anonymous" in first.text and second.text == first.text, "the anonymous page is cached"
    assert "Cookie" in second.headers["vary"]

    signed_in = TestClient(app, cookies={sessions.COOKIE: "a-session"})
    mine, again = _twice(signed_in, "/en/test-staff-cookie")
    assert "Signed in" in mine.text and "Signed in" in again.text and mine.text != again.text
    assert mine.headers["cache-control"] == "private, no-store" and "etag" not in mine.headers
    revalidated = signed_in.get("/en/test-staff-cookie", headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 200 and "Signed in" in revalidated.text, "no 304 for the anonymous copy"

    assert anonymous.get("/en/test-staff-cookie").text == first.text, "the anonymous copy is still served"


def test_other_cookies_do_not_stop_a_page_being_served_from_the_cache(app):
    """Someone who chose a language in the switcher (a cookie), or a signed-in member of staff reading the public
    site, gets the same cached pages as everyone else: those pages do not read the cookies."""
    plain = TestClient(app).get("/it/hubs")
    cached = len(app.state.page_cache)
    chose = TestClient(app, cookies={LANGUAGE_COOKIE: "it"}).get("/it/hubs")
    staff = TestClient(app, cookies={sessions.COOKIE: "a-session"}).get("/it/hubs")
    assert chose.headers["etag"] == staff.headers["etag"] == plain.headers["etag"]
    assert chose.text == plain.text and len(app.state.page_cache) == cached
    assert chose.headers["cache-control"] == "public, no-cache"


def test_the_language_switch_sets_its_cookie_and_is_never_cached(app):
    client = TestClient(app, follow_redirects=False)
    switched = client.get("/language", params={"to": "fr", "next": "/en/hubs"})
    assert switched.status_code == 303 and LANGUAGE_COOKIE in switched.headers["set-cookie"]
    assert "etag" not in switched.headers
    assert client.get("/fr/hubs").headers["etag"], "the page it leads to is cached as usual"


def test_cache_control_directives_are_read_as_a_list():
    assert privacy.is_private("private") and privacy.is_private("No-Store")
    assert privacy.is_private(b"max-age=0, private") and privacy.is_private('private="set-cookie"')
    assert not privacy.is_private("public, no-cache") and not privacy.is_private(None) and not privacy.is_private("")
