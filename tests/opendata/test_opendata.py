"""schema.org JSON-LD, the multilingual sitemap, robots.txt and CSV downloads."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from sqlmodel import Session, select

from app.directory.models import Service
from app.i18n import locales
from app.opendata import jsonld, sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _jsonld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/en/services/care-needs-assessment", "GovernmentService"),
        ("/en/services/independent-advocacy", "Service"),
        ("/en/services/memory-cafe-church-row", "Event"),
        ("/ar/hubs/church-row-community-hub", "CivicStructure"),
        ("/en/guides/paying-for-care", "WebPage"),
    ],
)
def test_pages_carry_valid_schema_org_json_ld(client, path, kind):
    data = _jsonld(client.get(path).text)
    assert data["@context"] == "https://schema.org" and data["@type"] == kind and data["name"]
    if kind == "Event":
        assert data["eventSchedule"][0]["byDay"][0].startswith("https://schema.org/")
        assert data["location"]["address"]["postalCode"].startswith("KM")
    if kind == "CivicStructure":
        assert data["openingHoursSpecification"] and data["address"]["addressCountry"] == "GB"


def test_json_ld_cannot_close_its_script_element():
    markup = str(jsonld.script({"name": "</script><script>alert(1)</script> & <!--"}))
    assert markup.count("</script>") == 1 and "<!--" not in markup.split(">", 1)[1]
    inner = markup.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner)["name"] == "</script><script>alert(1)</script> & <!--"


def test_sitemap_lists_every_page_in_every_locale_with_alternates(client, engine):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = root.findall("s:url", NS)
    with Session(engine) as session:
        services = session.exec(select(Service.slug)).all()
    assert len(urls) == len(sitemap.pages(Session(engine))) * len(locales.LOCALES)
    locs = {u.find("s:loc", NS).text for u in urls}
    for slug in services[:5]:
        for locale in locales.LOCALES:
            assert f"http://testserver/{locale.code}/services/{slug}" in locs
    first_service = next(u for u in urls if "/services/" in u.find("s:loc", NS).text)
    links = first_service.findall("x:link", NS)
    assert {link.get("hreflang") for link in links} == {locale.code for locale in locales.LOCALES} | {"x-default"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", first_service.find("s:lastmod", NS).text)


def test_a_large_sitemap_becomes_an_index(client, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", len(locales.LOCALES) * 10)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert len(parts) > 1 and parts[0].endswith("/sitemap-1.xml")
    part = ET.fromstring(client.get("/sitemap-2.xml").content)
    assert len(part.findall("s:url", NS)) == 10 * len(locales.LOCALES)
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404


@pytest.mark.parametrize("path", ["/sitemap-0.xml", "/sitemap-1.xml", "/sitemap-abc.xml", "/sitemap-99999999999.xml"])
def test_sitemap_parts_that_do_not_exist_are_404(client, path):
    assert client.get(path).status_code == 404


def test_robots_points_to_the_sitemap_and_keeps_out_of_staff(client):
    text = client.get("/robots.txt").text
    assert "Disallow: /staff/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def _rows(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_topic_list_as_csv(client):
    rows = _rows(client.get("/en/topics/looking-after-someone?format=csv"))
    html = client.get("/en/topics/looking-after-someone").text
    assert len(rows) == int(re.search(r"<h2>(\d+) services</h2>", html).group(1))
    assert set(rows[0]) == {
        "Service",
        "Topics",
        "Phone",
        "Email",
        "Address",
        "Postcode",
        "Languages",
        "Accessibility",
        "Web page",
    }
    assert any(
        "British Sign Language" in row["Languages"]
        for row in _rows(client.get("/en/topics/health-and-wellbeing?format=csv"))
    )


def test_hubs_and_whats_on_as_csv(client):
    hubs = _rows(client.get("/en/hubs?format=csv"))
    assert len(hubs) == 6 and all(row["Postcode"].startswith("KM") for row in hubs)
    tuesday = _rows(client.get("/en/whats-on?format=csv&day=TU"))
    assert tuesday and all(row["Web page"].startswith("http://testserver/en/services/") for row in tuesday)


@pytest.mark.parametrize("value", ["xml", "CSV", "<script>", "\x00"])
def test_other_formats_are_a_clear_400(client, value):
    response = client.get("/en/hubs", params={"format": value})
    assert response.status_code == 400 and "<script>" not in response.text


def test_csv_cells_cannot_run_as_formulas():
    from app.opendata.csv_export import _cell

    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")' and _cell("+44 20") == "'+44 20"
    assert _cell("Normal") == "Normal"
