"""Everything works with JavaScript turned off: navigation, search, the filter form and easy read."""

import pytest


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_browse_search_and_filter_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}/")
    assert page.url.endswith("/en/")
    page.get_by_role("link", name="Looking after someone").click()
    assert "/en/topics/looking-after-someone" in page.url
    page.locator(".card__title a").first.click()
    assert "/en/services/" in page.url and page.locator("h1").is_visible()

    page.goto(f"{live_server}/en/")
    page.fill("#search-q", "carers")
    page.get_by_role("button", name="Search").click()
    assert "/en/search?q=carers" in page.url
    assert page.locator(".card").count() > 0

    page.goto(f"{live_server}/en/whats-on")
    page.select_option("#filter-day", "TU")
    page.get_by_role("button", name="Show activities").click()
    assert "day=TU" in page.url
    assert page.locator("h3", has_text="Tuesday").count() == 1
    assert page.locator("h3", has_text="Monday").count() == 0

    page.goto(f"{live_server}/en/search?q=")
    page.locator(".error-summary a").click()
    assert page.url.endswith("#search-q")


def test_easy_read_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server}/en/easy-read")
    page.get_by_role("link", name="Staying safe").click()
    assert page.url == f"{live_server}/en/easy-read/staying-safe"
    assert page.locator("li.easyread-row").count() >= 5
    assert all(
        page.evaluate(
            "[...document.querySelectorAll('.easyread-row img')].map(img => img.complete && img.naturalWidth > 0)"
        )
    )
    pdf = page.locator(".easyread-download a").get_attribute("href")
    assert pdf == "/en/easy-read/staying-safe.pdf"
    response = page.request.get(f"{live_server}{pdf}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
