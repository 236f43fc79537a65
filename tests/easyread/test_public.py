"""Residents' pages: the list, a leaflet in English and in a reviewed translation, links from other pages,
pictures, and search."""

import re

from app.translation.models import Origin, Review
from tests.easyread.conftest import translate


def test_the_list_shows_every_leaflet_with_the_attribution(client):
    html = client.get("/en/easy-read").text
    assert html.count('class="card easyread-list__item"') >= 8
    assert "Staying safe" in html and "OpenMoji" in html and "CC BY-SA 4.0" in html
    assert 'href="/en/easy-read"' in client.get("/en/").text  # in the main menu


def test_a_leaflet_has_a_picture_beside_every_row_a_glossary_and_a_pdf(client, new_leaflet):
    slug = new_leaflet()
    html = client.get(f"/en/easy-read/{slug}").text
    rows = re.findall(r'<li class="easyread-row">(.*?)</li>\s*(?=<li class="easyread-row">|</ol>)', html, re.S)
    assert len(rows) == 3
    assert all(re.search(r'<img src="/pictures/openmoji/[0-9A-F-]+\.svg" alt="[^"]+"', row) for row in rows)
    assert '<h2 class="easyread-glossary__title">Words to know</h2>' in html and "<dt>council</dt>" in html
    assert f'href="/en/easy-read/{slug}.pdf"' in html
    assert 'href="/en/guides/making-a-complaint"' in html  # more information: the page it goes with
    assert "Pictures: OpenMoji" in html


def test_pages_a_leaflet_goes_with_link_to_it(client):
    html = client.get("/en/guides/staying-safe-from-abuse-and-neglect").text
    assert 'href="/en/easy-read/staying-safe"' in html and "Easy read version" in html
    assert "Easy read version" not in client.get("/en/guides/getting-online").text


def test_untranslated_leaflet_is_shown_in_english_under_the_notice(client, new_leaflet):
    slug = new_leaflet()
    html = client.get(f"/ur/easy-read/{slug}").text
    assert '<html lang="ur" dir="rtl">' in html
    assert '<ol class="easyread-rows" role="list" lang="en" dir="ltr">' in html
    assert "notice--language" in html


def test_a_reviewed_translation_is_shown_but_unchecked_machine_text_is_not(client, engine, new_leaflet):
    slug = new_leaflet()
    translate(engine, slug, "fa", state=Review.unreviewed, origin=Origin.machine)
    html = client.get(f"/fa/easy-read/{slug}").text
    assert '<ol class="easyread-rows" role="list" lang="en" dir="ltr">' in html  # published only when reviewed
    assert "[You can phone us" not in html
    assert f'<a href="/fa/easy-read/{slug}"><span lang="en" dir="ltr">Getting help' in client.get("/fa/easy-read").text
    translate(engine, slug, "fa")
    assert f'<a href="/fa/easy-read/{slug}">[Getting help' in client.get("/fa/easy-read").text
    html = client.get(f"/fa/easy-read/{slug}").text
    assert '<ol class="easyread-rows" role="list">' in html and "[You can phone us" in html
    assert "[A telephone]" in html
    assert "notice--machine" not in html and "notice notice--language" not in html


def test_demo_translations_are_published(client):
    html = client.get("/ar/easy-read/staying-safe").text
    assert '<ol class="easyread-rows" role="list">' in html and "الإساءة" in html
    html = client.get("/bn/easy-read/help-in-your-language").text
    assert '<ol class="easyread-rows" role="list">' in html and "দোভাষী" in html


def test_pictures_are_served_with_long_caching_and_unknown_ones_are_404(client):
    response = client.get("/pictures/openmoji/1F4DE.svg")
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert "immutable" in response.headers["cache-control"] and b"<svg" in response.content
    for path in (
        "/pictures/openmoji/FFFFFF.svg",
        "/pictures/openmoji/..%2F..%2Fsecret.svg",
        "/pictures/upload/0000000000000000.png",
        "/en/easy-read/no-such-leaflet",
        "/en/easy-read/no-such-leaflet.pdf",
        "/en/easy-read/BAD%20SLUG",
    ):
        assert client.get(path).status_code == 404, path


def test_search_finds_leaflets_in_english_and_in_their_reviewed_languages(client):
    html = client.get("/en/search?q=staying+safe+easy+read").text
    assert 'href="/en/easy-read/staying-safe"' in html
    html = client.get("/en/search?kind=leaflet").text
    assert html.count('href="/en/easy-read/') >= 8
