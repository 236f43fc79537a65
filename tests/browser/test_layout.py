"""Reflow at 320 and 360 CSS px without horizontal scrolling, and screenshots of every page type for people to look
at."""

import pytest

from tests.browser.conftest import ARTIFACTS, PAGE_TYPE_NAMES


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("name", PAGE_TYPE_NAMES)
def test_reflow_without_horizontal_scrolling(browser, live_server, page_type_map, name, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/en{page_type_map[name].path}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > {width} + 1)
            .slice(0, 5).map(el => el.tagName + '.' + el.className)""")
        assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px: {wide}"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en", "ar", "ur", "bn", "zh-Hans"])
def test_screenshots(browser, live_server, page_type_map, locale):
    """Desktop (1280 px) and mobile (360 px) screenshots, written to test-artifacts/screenshots/: English, the
    right-to-left scripts and the scripts that most need their own fonts, for people to look at."""
    folder = ARTIFACTS / "screenshots" / locale
    folder.mkdir(parents=True, exist_ok=True)
    for width, label in ((1280, "desktop"), (360, "mobile")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            for name in (
                "home",
                "topic",
                "service",
                "hub",
                "whats-on",
                "guide",
                "leaflet-translated",
                "search-error",
                "not-found",
            ):
                page.goto(f"{live_server}/{locale}{page_type_map[name].path}")
                path = folder / f"{name}-{label}.png"
                page.screenshot(path=str(path), full_page=True)
                assert path.stat().st_size > 5000
        finally:
            context.close()
