"""The public help form and the feedback box in a real browser: the error state passes axe in left-to-right,
right-to-left and CJK pages, and the feedback buttons work without JavaScript."""

import pytest

from tests.browser.conftest import describe, run_axe


@pytest.mark.parametrize("locale", ["en", "ar", "zh-Hans"])
def test_the_help_form_with_errors_is_accessible(page, live_server, locale):
    page.goto(f"{live_server}/{locale}/help")
    page.click("form[action$='/help'] button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("html").get_attribute("lang") == locale
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_feedback_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/ur/hubs")
        page.click("form.feedback button[value=no]")
        assert page.url.startswith(f"{live_server}/ur/feedback?")
        page.fill("#field-text", "More about parking")
        page.click("form[action$='/feedback/missing'] button[type=submit]")
        assert "sent=1" in page.url
    finally:
        context.close()
