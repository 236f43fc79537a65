"""A keyboard-only journey: skip link first, then search, then a result; focus is always visible."""

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, cls: el.className, text: (el.textContent || '').trim(),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== 'none', background: style.backgroundColor};
}"""


def _focus(page) -> dict:
    return page.evaluate(FOCUS_STYLE)


def _visible(focus: dict) -> bool:
    return focus["outline"] or focus["shadow"] or focus["background"] == "rgb(255, 221, 0)"


def test_keyboard_journey_from_home_to_a_service(page, live_server):
    page.goto(f"{live_server}/en/")
    page.keyboard.press("Tab")
    first = _focus(page)
    assert first["cls"] == "skip-link" and _visible(first)
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    search = _focus(page)
    assert search["id"] == "search-q" and _visible(search)
    page.keyboard.type("carers")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search?q=carers")
    # Tab to the first result link and follow it
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = _focus(page)
        assert _visible(focus), f"focus is not visible on {focus}"
        if focus["tag"] == "A" and page.evaluate("document.activeElement.closest('.card') !== null"):
            break
    else:
        raise AssertionError("no search result could be reached with Tab")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert page.locator("h1").is_visible()


def test_every_focusable_element_on_the_home_page_shows_focus(page, live_server):
    page.goto(f"{live_server}/en/")
    count = page.evaluate(
        "document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea').length"
    )
    for _ in range(count):
        page.keyboard.press("Tab")
        focus = _focus(page)
        assert _visible(focus), f"focus is not visible on {focus}"
