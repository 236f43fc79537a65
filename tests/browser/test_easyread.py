"""Easy-read leaflets in a real browser: a picture on the start side of every row (left in English, right in
Arabic), big unjustified unhyphenated text with room between the lines, pictures beside the text at 320 px and at
200 % zoom without horizontal scrolling (every demo leaflet at 320 px)."""

import pytest

from tests.conftest import DEMO_EASYREAD

# Per row: where the picture and the text are, and whether the picture loaded (under the page's own CSP).
ROWS = """() => [...document.querySelectorAll('article.easyread li.easyread-row')].map(row => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const img = row.querySelector('.easyread-row__picture img');
  return {picture: box(row.querySelector('.easyread-row__picture')),
          text: box(row.querySelector('.easyread-row__text')),
          img: img && box(img), loaded: !!img && img.complete && img.naturalWidth > 0,
          words: row.querySelector('.easyread-row__text').textContent.trim().slice(0, 40)};
})"""

# The computed text style of every row's text and of each paragraph and list item in it.
TEXT_STYLES = """() => [...document.querySelectorAll('article.easyread .easyread-row__text')]
  .flatMap(text => [text, ...text.querySelectorAll('p, li')]).map(el => {
    const style = getComputedStyle(el);
    return {what: el.tagName + ': ' + el.textContent.trim().slice(0, 30), fontSize: parseFloat(style.fontSize),
            lineHeight: style.lineHeight, textAlign: style.textAlign, direction: style.direction,
            hyphens: style.hyphens || style.webkitHyphens};
})"""

# Horizontal scrolling, and what sticks out of the viewport in <main>: boxes, and lines of text that overflow their
# box (a long address with no break opportunity). In a right-to-left page what sticks out on the right cannot even
# be scrolled to, so scrollWidth alone would miss it.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, main = document.querySelector('main');
  const outside = r => r.width > 0 && (r.right > width + 1 || r.left < -1);
  const found = [...main.querySelectorAll('*')].filter(el => outside(el.getBoundingClientRect()))
    .map(el => el.tagName + '.' + el.className);
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = [...range.getClientRects()].find(outside);
    if (rect) found.push(`text ${JSON.stringify(node.data.trim().slice(0, 50))} in ${node.parentElement.tagName} ` +
                         `from ${Math.round(rect.left)} to ${Math.round(rect.right)} px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, outside: found.slice(0, 5)};
}"""

LEAFLET = "staying-safe"  # reviewed in Arabic; English (with a notice) in the other locales
# (locale, the leaflet's direction): an English leaflet keeps its pictures on the left even in a right-to-left page.
CASES = [("en", "ltr"), ("ar", "rtl"), ("ur", "ltr")]
# (label, viewport in CSS px, device scale): 200 % zoom of a 1280 x 900 window is a 640 x 450 CSS px viewport.
SIZES = [
    ("desktop", {"width": 1280, "height": 900}, 1),
    ("320px", {"width": 320, "height": 640}, 1),
    ("zoom-200", {"width": 640, "height": 450}, 2),
]


@pytest.fixture
def open_leaflet(browser, live_server):
    """Opens a leaflet in a fresh context of the given size, with the page's real Content-Security-Policy."""
    contexts = []

    def open_(locale: str, viewport: dict, scale: int = 1, slug: str = LEAFLET):
        context = browser.new_context(viewport=viewport, device_scale_factor=scale)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(f"{live_server}/{locale}/easy-read/{slug}")
        assert response.status == 200
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size, viewport, scale", SIZES, ids=[size[0] for size in SIZES])
@pytest.mark.parametrize("locale, direction", CASES, ids=[case[0] for case in CASES])
def test_every_picture_is_beside_its_text_on_the_start_side(open_leaflet, locale, direction, size, viewport, scale):
    page = open_leaflet(locale, viewport, scale)
    row_list = page.locator("article.easyread .easyread-rows")
    assert row_list.evaluate("el => getComputedStyle(el).direction") == direction
    if locale == "ar":  # really translated, not the English leaflet with a notice
        assert row_list.get_attribute("lang") is None and page.locator("html").get_attribute("dir") == "rtl"
    rows = page.evaluate(ROWS)
    assert len(rows) >= 5
    for number, row in enumerate(rows, 1):
        picture, text = row["picture"], row["text"]
        where = f"row {number} ({row['words']!r}) in {locale} at {size}: picture {picture}, text {text}"
        assert row["loaded"], f"the picture did not load: {where}"
        assert row["img"]["width"] >= 48, f"the picture is too small: {where}"
        if direction == "ltr":
            assert picture["right"] <= text["left"] + 0.5, f"the picture is not on the left: {where}"
        else:
            assert picture["left"] >= text["right"] - 0.5, f"the picture is not on the right: {where}"
        # beside, not above or below: the two boxes share some of their height
        assert picture["top"] < text["bottom"] and text["top"] < picture["bottom"], f"not side by side: {where}"
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] and not overflow["outside"], f"too wide at {size}: {overflow}"


@pytest.mark.parametrize("size, viewport, scale", SIZES, ids=[size[0] for size in SIZES])
@pytest.mark.parametrize("locale, direction", CASES, ids=[case[0] for case in CASES])
def test_leaflet_text_is_big_spaced_and_not_justified_or_hyphenated(
    open_leaflet, locale, direction, size, viewport, scale
):
    page = open_leaflet(locale, viewport, scale)
    styles = page.evaluate(TEXT_STYLES)
    assert styles
    aligned = {"ltr": {"start", "left"}, "rtl": {"start", "right"}}[direction]
    for style in styles:
        where = f"{style['what']!r} in {locale} at {size}: {style}"
        assert style["fontSize"] >= 20, f"the text is smaller than 20 px: {where}"
        assert style["lineHeight"].endswith("px"), f"line-height is not set: {where}"
        assert float(style["lineHeight"][:-2]) >= 1.5 * style["fontSize"] - 0.01, f"lines too close: {where}"
        assert style["direction"] == direction, where
        assert style["textAlign"] in aligned and style["textAlign"] != "justify", f"text-align: {where}"
        assert style["hyphens"] in ("none", "manual"), f"hyphens: {where}"


# Plain-text email addresses in a row's list do not wrap at 320 px (.easyread has overflow-wrap: normal): the page
# scrolls sideways in left-to-right locales, and the end of the address is cut off in right-to-left ones.
@pytest.mark.parametrize("slug", [path.stem for path in sorted(DEMO_EASYREAD.glob("*.md"))])
@pytest.mark.parametrize("locale", ["en", "ar", "bn"])
def test_every_leaflet_reflows_at_320px(open_leaflet, locale, slug):
    page = open_leaflet(locale, {"width": 320, "height": 640}, slug=slug)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] and not overflow["outside"], f"{slug} in {locale}: {overflow}"
