"""Behind a reverse proxy: through a real proxy hop (another address than the app's clients), residents are told
apart, https is known (forms, Secure cookies, HSTS), and nobody else can claim an address or https by header."""

import httpx
import pytest

from app.insights import routes
from app.main import create_app
from tests.conftest import serving
from tests.web.forwarding_proxy import PROXY_ADDRESS, forwarding_proxy

SITE = "https://care.example.org"
FORM = {
    "contact_method": "email",
    "contact_detail": "someone.behind.a.proxy@example.org",
    "language": "so",
    "consent": "yes",
    "message": "Please call me.",
}


@pytest.fixture(scope="module")
def behind_proxy(settings, engine, tmp_path_factory):
    """(proxy URL, app URL): the app trusts only the proxy's address."""
    app = create_app(
        settings.model_copy(
            update={
                "forwarded_allow_ips": PROXY_ADDRESS,
                "site_url": SITE,
                "allowed_hosts": "care.example.org,127.0.0.1",
                "data_dir": tmp_path_factory.mktemp("proxy-data"),
            }
        )
    )
    with serving(app) as app_url, forwarding_proxy(app_url) as proxy_url:
        yield proxy_url, app_url


@pytest.fixture(autouse=True)
def fresh_limits():
    routes.help_limit.clear()


def resident(base: str, address: str) -> httpx.Client:
    """A browser on a machine of its own (its own loopback address), visiting the public site."""
    return httpx.Client(
        base_url=base,
        transport=httpx.HTTPTransport(local_address=address),
        timeout=30,
        headers={"Host": "care.example.org", "Origin": SITE},
    )


def test_rate_limits_count_each_resident_not_the_proxy(behind_proxy):
    proxy, _ = behind_proxy
    with resident(proxy, "127.0.0.21") as first, resident(proxy, "127.0.0.22") as second:
        answers = [first.post("/en/help", data=FORM).status_code for _ in range(6)]
        assert answers == [303] * 5 + [429]
        assert second.post("/en/help", data=FORM).status_code == 303, "another resident is not blocked"


def test_https_forms_pass_the_origin_check_and_cookies_are_secure(behind_proxy):
    proxy, _ = behind_proxy
    with resident(proxy, "127.0.0.23") as browser:
        assert browser.post("/en/help", data=FORM).status_code == 303
        page = browser.get("/staff/login")
        assert "secure" in page.headers["set-cookie"].lower()
        assert page.headers["strict-transport-security"].startswith("max-age=")
        switched = browser.get("/language", params={"to": "ar", "next": "/ar/"})
        assert "secure" in switched.headers["set-cookie"].lower()


def test_a_client_that_is_not_the_proxy_cannot_claim_an_address_or_https(behind_proxy):
    _, app = behind_proxy
    with httpx.Client(base_url=app, timeout=30, headers={"Host": "care.example.org"}) as direct:
        answers = [
            direct.post("/en/help", data=FORM, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(6)
        ]
        assert answers == [303] * 5 + [429], "a new X-Forwarded-For on each request did not escape the limit"
        page = direct.get("/staff/login", headers={"X-Forwarded-Proto": "https"})
        assert "strict-transport-security" not in page.headers and "secure" not in page.headers["set-cookie"].lower()


def test_a_resident_cannot_claim_an_address_through_the_proxy_either(behind_proxy):
    proxy, _ = behind_proxy
    with resident(proxy, "127.0.0.24") as browser:
        answers = [
            browser.post("/en/help", data=FORM, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(6)
        ]
    assert answers == [303] * 5 + [429]


def test_links_use_the_sites_address_and_other_hosts_are_refused(behind_proxy):
    proxy, app = behind_proxy
    with resident(proxy, "127.0.0.25") as browser:
        assert f"<loc>{SITE}/" in browser.get("/sitemap.xml").text
        assert f"Sitemap: {SITE}/sitemap.xml" in browser.get("/robots.txt").text
    with httpx.Client(base_url=app, timeout=30) as direct:
        assert direct.get("/en/", headers={"Host": "attacker.example"}).status_code == 400
        page = direct.get("/en/", headers={"Host": "127.0.0.1"})  # an allowed name: links still name the site
        assert page.status_code == 200 and f'href="{SITE}/ar/"' in page.text and "127.0.0.1" not in page.text
