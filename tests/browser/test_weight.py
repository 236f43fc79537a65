"""Every public page is light: HTML + CSS at most 30 KB transferred (gzip); static files are cached for a year."""

import gzip
import re

import pytest

from tests.browser.conftest import PAGE_TYPE_NAMES

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
