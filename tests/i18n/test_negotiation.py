"""Which language a reader gets: prefix, then cookie, then Accept-Language, then English. Never a 500."""

import pytest

from app.i18n.negotiate import COOKIE, from_accept_language, parse_accept_language


@pytest.mark.parametrize(
    "header, expected",
    [
        ("ar", "ar"),
        ("ar-EG,ar;q=0.9,en;q=0.8", "ar"),
        ("en-GB,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),
        ("pt-BR,pt;q=0.9", "pt"),
        ("fil", "tl"),
        ("fil-PH", "tl"),
        ("tl", "tl"),
        ("de-DE,fr;q=0.5", "fr"),
        ("fr;q=0.2,so;q=0.9", "so"),
        ("ur-PK;q=1.0,en;q=0.1", "ur"),
        ("FA-ir", "fa"),
        ("bn_BD", "bn"),
        ("es-419", "es"),
    ],
)
def test_accept_language_matches(header, expected):
    assert from_accept_language(header).code == expected


@pytest.mark.parametrize(
    "header",
    ["", "de", "*", "q=1", ";;;,,,", "en;q=abc", "ar;q=0", "x" * 10000, "\x00\x01", "ar;q=-1", "العربية", "ar;q=2"],
)
def test_malformed_or_unmatched_headers_give_no_match_without_error(header):
    assert from_accept_language(header) is None


def test_q_values_order_preferences_and_ties_keep_order():
    assert parse_accept_language("a;q=0.5, b, c;q=0.9, d") == ["b", "d", "c", "a"]


@pytest.mark.parametrize(
    "cookie, header, expected",
    [
        (None, None, "/en/"),
        (None, "ar,en;q=0.5", "/ar/"),
        ("bn", "ar", "/bn/"),  # the switcher's choice wins over the browser
        ("xx", "ru", "/ru/"),  # an unknown cookie is ignored
        (None, "de-DE", "/en/"),
    ],
)
def test_root_redirect(client, cookie, header, expected):
    headers = {"Accept-Language": header} if header else {}
    client.cookies.clear()
    if cookie:
        client.cookies.set(COOKIE, cookie)
    response = client.get("/", headers=headers, follow_redirects=False)
    client.cookies.clear()
    assert response.status_code in (303, 307)
    assert response.headers["location"] == expected
    assert "Accept-Language" in response.headers.get("vary", "")


def test_unprefixed_paths_redirect_to_the_readers_language_with_the_query(client):
    response = client.get("/whats-on?day=TU", headers={"Accept-Language": "so"}, follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/so/whats-on?day=TU"
    response = client.get("/services/carers-found", headers={"Accept-Language": "ur"}, follow_redirects=False)
    assert response.headers["location"] == "/ur/services/carers-found"


@pytest.mark.parametrize("path", ["/xx/", "/de/services/carers-found", "/EN/", "/zh/", "/zh-hans/"])
def test_unknown_prefixes_are_404(client, path):
    assert client.get(path, follow_redirects=False).status_code == 404


def test_switcher_sets_the_cookie_and_keeps_the_page(client):
    response = client.get("/language?to=ar&next=/en/whats-on?day=TU", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ar/whats-on?day=TU"
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE}=ar" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    client.cookies.clear()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "ar"])
def test_switcher_never_redirects_off_site(client, target):
    response = client.get("/language", params={"to": "ar", "next": target}, follow_redirects=False)
    assert response.headers["location"] == "/ar/"
    client.cookies.clear()


@pytest.mark.parametrize("to", ["", "xx", "<script>", "\x00"])
def test_switcher_rejects_unknown_languages_with_a_page(client, to):
    response = client.get("/language", params={"to": to}, follow_redirects=False)
    assert response.status_code == 400 and "<script>" not in response.text


def test_a_bare_prefix_gets_its_slash(client):
    response = client.get("/ar", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/ar/"
