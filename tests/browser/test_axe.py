"""axe-core finds no violations on any page type in any locale, and the harness can fail."""

import pytest

from app.i18n.locales import LOCALES
from tests.browser.conftest import PAGE_TYPE_NAMES, describe, run_axe

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("locale", [locale.code for locale in LOCALES])
@pytest.mark.parametrize("name", PAGE_TYPE_NAMES)
def test_no_axe_violations(page, live_server, page_type_map, locale, name):
    page_type = page_type_map[name]
    response = page.goto(f"{live_server}/{locale}{page_type.path}")
    assert response.status == page_type.status
    assert page.locator("html").get_attribute("lang") == locale
    violations = run_axe(page)
    assert not violations, describe(violations)


def test_the_harness_reports_a_broken_page(page):
    page.goto((FIXTURES / "broken.html").as_uri())
    found = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "label", "color-contrast"} <= found
