"""Every public page is light: HTML + CSS at most 30 KB transferred (gzip), an easy-read leaflet even with all its
pictures; static files and pictures are cached for a year."""

import gzip
import re

import pytest

from tests.browser.conftest import PAGE_TYPE_NAMES
from tests.conftest import DEMO_EASYREAD

BUDGET = 30 * 1024


@pytest.mark.parametrize("name", PAGE_TYPE_NAMES)
def test_page_weight_within_budget(client, page_type_map, name):
    response = client.get(f"/en{page_type_map[name].path}", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    html_size = len(gzip.compress(response.content))
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', response.text)
    asset_size = sum(len(gzip.compress(client.get(asset).content)) for asset in assets)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert all('type="application/ld+json"' in tag for tag in inline), "no inline scripts, only JSON-LD data"
    assert html_size + asset_size <= BUDGET, f"{name}: {html_size} + {asset_size} bytes"


@pytest.mark.parametrize(
    "locale, slug",
    [("en", path.stem) for path in sorted(DEMO_EASYREAD.glob("*.md"))]
    + [("ar", "staying-safe"), ("bn", "help-in-your-language")],
)
def test_a_leaflet_with_all_its_pictures_within_budget(client, locale, slug):
    """An easy-read leaflet shows a picture in every row: HTML + CSS + its SVG pictures together stay in the budget,
    and the pictures are cached for a year."""
    response = client.get(f"/{locale}/easy-read/{slug}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', response.text)
    pictures = set(re.findall(r'<img[^>]* src="(/pictures/[^"]+)"', response.text))
    assert len(pictures) >= 5
    sizes = {"html": len(gzip.compress(response.content))}
    sizes["static"] = sum(len(gzip.compress(client.get(asset).content)) for asset in assets)
    sizes["pictures"] = 0
    for picture in pictures:
        answer = client.get(picture, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200 and "max-age=31536000" in answer.headers["cache-control"], picture
        sizes["pictures"] += len(gzip.compress(answer.content))
    assert sum(sizes.values()) <= BUDGET, f"{slug} in {locale} ({len(pictures)} pictures): {sizes}"


def test_static_files_have_hashed_names_and_long_cache(client):
    html = client.get("/en/").text
    css = re.search(r'href="(/static/signpost\.[0-9a-f]{10}\.css)"', html).group(1)
    response = client.get(css)
    assert response.status_code == 200 and "max-age=31536000" in response.headers["cache-control"]
    assert client.get("/static/signpost.css").status_code == 404


def test_security_headers_forbid_inline_script(client):
    headers = client.get("/en/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"]
