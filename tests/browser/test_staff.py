"""The staff area in a real browser: axe finds nothing on any staff page (including error states), and an editor
can sign in and work with the keyboard alone, always seeing where the focus is."""

import pytest

from tests.browser.conftest import describe, run_axe
from tests.browser.test_keyboard import _focus, _visible
from tests.staff.conftest import PASSWORD, staff_users  # noqa: F401 - the fixture, shared with the staff tests

SERVICE = "befriending-older-people"
LEAFLET = "community-hubs"  # the easy-read checker finds hard words in row 12: its findings show on its page


def _sign_in_with_the_keyboard(page, live_server, username: str) -> None:
    page.goto(f"{live_server}/staff/login")
    page.keyboard.press("Tab")
    assert _focus(page)["cls"] == "skip-link"
    while _focus(page)["id"] != "field-username":
        page.keyboard.press("Tab")
        assert _visible(_focus(page)), _focus(page)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert _focus(page)["id"] == "field-password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/staff/")


@pytest.fixture
def editor_page(page, live_server, staff_users):
    _sign_in_with_the_keyboard(page, live_server, staff_users["admin"])
    return page


def _check(page, expected_status=None, response=None):
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    if response is not None and expected_status is not None:
        assert response.status == expected_status
    violations = run_axe(page)
    assert not violations, describe(violations)


STAFF_PAGES = [
    ("/staff/", 200),
    ("/staff/services", 200),
    ("/staff/services?q=carers&state=published", 200),
    ("/staff/hubs", 200),
    ("/staff/activities", 200),
    ("/staff/guides", 200),
    (f"/staff/services/{SERVICE}", 200),
    (f"/staff/services/{SERVICE}/edit", 200),
    (f"/staff/services/{SERVICE}/history", 200),
    (f"/staff/services/{SERVICE}/versions/1", 200),
    ("/staff/services/new", 200),
    ("/staff/hubs/new", 200),
    ("/staff/activities/new", 200),
    ("/staff/guides/new", 200),
    ("/staff/import", 200),
    ("/staff/users", 200),
    ("/staff/users/new", 200),
    ("/staff/audit", 200),
    ("/staff/services/no-such-page", 404),
    ("/staff/help", 200),
    ("/staff/insights", 200),
    (f"/staff/services/{SERVICE}/translations", 200),
    (f"/staff/services/{SERVICE}/translations/ar", 200),
    ("/staff/leaflets", 200),
    (f"/staff/leaflets/{LEAFLET}", 200),
    (f"/staff/leaflets/{LEAFLET}/edit", 200),
    ("/staff/leaflets/new", 200),
    ("/staff/leaflets/staying-safe/translations/ar", 200),
    ("/staff/pictures", 200),
    ("/staff/pictures?q=phone", 200),
]


@pytest.mark.parametrize("path, status", STAFF_PAGES)
def test_staff_pages_have_no_axe_violations(editor_page, live_server, path, status):
    response = editor_page.goto(f"{live_server}{path}")
    _check(editor_page, status, response)


def test_a_help_request_in_the_inbox(editor_page, live_server, engine):
    from sqlmodel import Session

    from app.insights.models import HelpRequest

    with Session(engine) as db:
        row = HelpRequest(
            locale="so",
            contact_method="phone",
            contact_detail="020 7946 0444",
            language="so",
            needs=["bsl-interpreter", "large-print"],
            large_print_size="24 point",
            message="Thank you",
        )
        db.add(row)
        db.commit()
        number = row.id
    response = editor_page.goto(f"{live_server}/staff/help/{number}")
    _check(editor_page, 200, response)


def test_sign_in_page_and_its_error_state(page, live_server):
    response = page.goto(f"{live_server}/staff/login")
    _check(page, 200, response)
    page.fill("#field-username", "nobody-here")
    page.fill("#field-password", "not the password at all")
    page.click("button[type=submit]")
    assert page.title().startswith("Error:")
    _check(page)


def test_form_errors_and_a_conflict_are_accessible(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server}/staff/services/{SERVICE}/edit")
    page.fill("#field-name", "")
    page.fill("#field-minimum_age", "eighteen")
    page.click("button[value=draft]")
    assert page.title().startswith("Error:")
    assert page.locator(".error-summary a[href='#field-name']").is_visible()
    _check(page)

    page.goto(f"{live_server}/staff/services/{SERVICE}/edit")
    page.evaluate("document.querySelector('input[name=base]').value = '0'")
    page.fill("#field-summary", "An edit made on top of an old version.")
    page.click("button[value=draft]")
    assert "Your changes have not been saved" in page.content()
    _check(page)


def test_a_leaflet_its_findings_and_suggested_pictures_are_accessible(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server}/staff/leaflets/{LEAFLET}")
    findings = page.locator("section.staff-findings")
    assert findings.is_visible() and findings.locator("li").count() >= 1
    assert findings.locator(f"a[href$='/staff/leaflets/{LEAFLET}/edit#rows-11']").count() >= 1
    _check(page)

    page.goto(f"{live_server}/staff/leaflets/{LEAFLET}/edit")
    assert page.locator(".staff-picture-choices input[type=radio]").count() > 0
    assert page.locator("#rows-11").count() == 1  # where a finding's "row 12" link goes
    _check(page)

    page.goto(f"{live_server}/staff/pictures?q=phone")
    assert page.locator(".staff-picture-grid img").count() > 0
    _check(page)


def test_leaflet_form_errors_are_accessible(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server}/staff/leaflets/{LEAFLET}/edit")
    page.fill("#field-title", "")
    page.click("button[value=draft]")
    assert page.title().startswith("Error:")
    assert page.locator(".error-summary a[href='#field-title']").is_visible()
    _check(page)

    page.goto(f"{live_server}/staff/leaflets/new")
    page.click("button[value=draft]")
    assert page.title().startswith("Error:")
    assert page.locator(".error-summary a[href='#field-title']").is_visible()
    _check(page)

    page.goto(f"{live_server}/staff/pictures")
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    assert page.title().startswith("Error:")
    assert page.locator(".error-summary a[href='#field-file']").is_visible()
    _check(page)


def test_import_preview_with_problems_is_accessible(editor_page, live_server, tmp_path):
    page = editor_page
    path = tmp_path / "services.csv"
    path.write_text("name,slug,organisation,summary,topics\nA name,Bad Slug,nobody,,\n", encoding="utf-8")
    page.goto(f"{live_server}/staff/import")
    page.set_input_files("#field-file", str(path))
    page.click("button[value=preview]")
    assert "nothing has been imported" in page.content()
    _check(page)


def test_an_editor_works_with_the_keyboard_alone(page, live_server, staff_users):
    _sign_in_with_the_keyboard(page, live_server, staff_users["editor"])
    page.goto(f"{live_server}/staff/services/{SERVICE}/edit")
    count = page.evaluate(
        "document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea').length"
    )
    for _ in range(count):
        page.keyboard.press("Tab")
        focus = _focus(page)
        assert _visible(focus), f"focus is not visible on {focus}"
        if focus["tag"] == "BUTTON" and focus["text"] == "Save and publish":
            break
    else:
        raise AssertionError("the save buttons cannot be reached with Tab")
    page.keyboard.press("Shift+Tab")
    assert _focus(page)["text"] == "Save as draft"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/services/{SERVICE}?done=unchanged")
    assert "You did not change anything" in page.content()
