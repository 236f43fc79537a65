"""Every page type renders in every locale with the right lang and dir, hreflang alternates and a switcher."""

import re

import pytest
from babel.messages.pofile import read_po

from app.i18n import locales
from app.i18n.catalogs import po_path

PATHS = [
    "/",
    "/topics/looking-after-someone",
    "/services/carers-found",
    "/services/memory-cafe-church-row",
    "/hubs",
    "/hubs/church-row-community-hub",
    "/whats-on",
    "/whats-on?day=XX",
    "/guides",
    "/guides/help-in-your-language",
    "/search?q=carers",
    "/search?q=",
    "/accessibility",
    "/help",
    "/about-you",
    "/feedback?page=/hubs&useful=no",
    "/services/no-such-thing",
]


@pytest.mark.parametrize("locale", locales.LOCALES, ids=lambda locale: locale.code)
@pytest.mark.parametrize("path", PATHS)
def test_page_renders_with_lang_dir_alternates_and_switcher(client, locale, path):
    response = client.get(f"/{locale.code}{path}")
    assert response.status_code in (200, 400, 404)
    html = response.text
    assert f'<html lang="{locale.code}" dir="{locale.direction}">' in html
    for other in locales.LOCALES:
        assert f'hreflang="{other.code}" href="http://testserver/{other.code}{path.split("?")[0]}' in html
        assert re.search(
            rf'<a href="/language\?to={re.escape(other.code)}&amp;next=[^"]+" lang="{other.code}" '
            rf'hreflang="{other.code}" dir="{other.direction}">{re.escape(other.endonym)}</a>',
            html,
        ) or (other == locale and f'aria-current="true">{other.endonym}</span>' in html)
    assert 'hreflang="x-default"' in html
    assert '<nav class="language-switcher" aria-label="' in html


@pytest.mark.parametrize(
    "locale", [locale for locale in locales.LOCALES if locale != locales.SOURCE_LOCALE], ids=lambda locale: locale.code
)
def test_untranslated_content_is_marked_english_under_a_notice(client, locale):
    html = client.get(f"/{locale.code}/services/carers-found").text
    assert 'class="notice notice--language"' in html
    assert '<h1><span lang="en" dir="ltr">Carers Found outreach project</span></h1>' in html
    assert f'href="/{locale.code}/help"' in html


def test_english_pages_have_no_language_notice(client):
    assert "notice--language" not in client.get("/en/services/carers-found").text


def _chrome_text(html: str) -> str:
    """The page's own words: no content marked lang="en", no tags, no attribute values."""
    html = re.sub(r'<(span|div|a|p)\b[^>]* lang="en" dir="ltr">.*?</\1>', " ", html, flags=re.S)
    html = re.sub(r"<(title|script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<nav class="language-switcher".*?</nav>', " ", html, flags=re.S)
    html = re.sub(r"<option[^>]*>.*?</option>", " ", html, flags=re.S)  # hub names in the filter
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "locale", [locale for locale in locales.LOCALES if locale != locales.SOURCE_LOCALE], ids=lambda locale: locale.code
)
def test_no_english_interface_string_is_left_in_the_chrome(client, locale):
    with po_path(locale).open("rb") as source:
        catalog = read_po(source, locale=locale.babel)
    english = {
        m.id
        for m in catalog
        if m.id and isinstance(m.id, str) and "%" not in m.id and len(m.id) > 3 and m.id not in m.string
    }  # a name the translation keeps ("Braille", "Makaton") is not left over
    for path in PATHS:
        text = " ".join(_chrome_text(client.get(f"/{locale.code}{path}").text).split())
        left = sorted(s for s in english if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))
        assert not left, f"{locale.code}{path}: English left in the interface: {left}"
