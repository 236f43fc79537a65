"""The browser harness: the portal served by uvicorn on 127.0.0.1, driven by Playwright in Debian's Chromium.

Browser tests skip where Chromium is missing, unless SIGNPOST_REQUIRE_BROWSER=1 (CI sets it) makes that a failure.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.config import REPO_ROOT

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("SIGNPOST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium libatomic1 fonts-noto-core)"
        if os.environ.get("SIGNPOST_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and SIGNPOST_REQUIRE_BROWSER=1")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context; CSP is bypassed only so that axe can be injected."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def run_axe(page) -> list[dict]:
    """axe-core's violations for the page as loaded, with the tags we hold ourselves to."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # without the /{lang} prefix
    status: int = 200


PAGE_TYPE_NAMES = [
    "home",
    "topic",
    "topic-page-2",
    "service",
    "activity",
    "hubs",
    "hub",
    "whats-on",
    "whats-on-filtered",
    "whats-on-errors",
    "guides",
    "guide",
    "guide-translated",
    "leaflets",
    "leaflet",
    "leaflet-translated",
    "search-results",
    "search-no-results",
    "search-error",
    "accessibility",
    "not-found",
    "help",
    "feedback",
    "about-you",
]


@pytest.fixture(scope="session")
def page_type_map(engine) -> dict[str, PageType]:
    from sqlmodel import Session

    with Session(engine) as session:
        types = page_types(session)
    assert [t.name for t in types] == PAGE_TYPE_NAMES
    return {t.name: t for t in types}


def page_types(session) -> list[PageType]:
    """One real example of every public page type, taken from the demo data."""
    from sqlmodel import select

    from app.directory.models import Location, Service, ServiceKind, TaxonomyTerm
    from app.easyread.models import Leaflet
    from app.guides.models import Guide

    service = session.exec(select(Service).where(Service.kind == ServiceKind.service).order_by(Service.slug)).first()
    activity = session.exec(select(Service).where(Service.kind == ServiceKind.activity).order_by(Service.slug)).first()
    hub = session.exec(select(Location).where(Location.is_hub).order_by(Location.slug)).first()
    guide = session.exec(select(Guide).order_by(Guide.slug)).first()
    leaflet = session.exec(select(Leaflet).order_by(Leaflet.slug)).first()  # community-hubs: English everywhere
    topic = session.exec(select(TaxonomyTerm).where(TaxonomyTerm.slug == "looking-after-someone")).one()
    return [
        PageType("home", "/"),
        PageType("topic", f"/topics/{topic.slug}"),
        PageType("topic-page-2", f"/topics/{topic.slug}?page=2"),
        PageType("service", f"/services/{service.slug}"),
        PageType("activity", f"/services/{activity.slug}"),
        PageType("hubs", "/hubs"),
        PageType("hub", f"/hubs/{hub.slug}"),
        PageType("whats-on", "/whats-on"),
        PageType("whats-on-filtered", "/whats-on?day=TU&language=ar"),
        PageType("whats-on-errors", "/whats-on?day=XX&hub=nope&language=zz", 400),
        PageType("guides", "/guides"),
        PageType("guide", f"/guides/{guide.slug}"),
        PageType("guide-translated", "/guides/help-in-your-language"),  # reviewed in ar, bn, es and so
        PageType("leaflets", "/easy-read"),
        PageType("leaflet", f"/easy-read/{leaflet.slug}"),
        PageType("leaflet-translated", "/easy-read/staying-safe"),  # reviewed in ar; English with a notice elsewhere
        PageType("search-results", "/search?q=carers"),
        PageType("search-no-results", "/search?q=zzzzqqq"),
        PageType("search-error", "/search?q=", 400),
        PageType("accessibility", "/accessibility"),
        PageType("not-found", "/services/no-such-service", 404),
        PageType("help", "/help"),
        PageType("feedback", "/feedback?page=/hubs&useful=no"),
        PageType("about-you", "/about-you"),
    ]


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test (deselect them with -m "not browser")."""
    folder = Path(__file__).parent
    for item in items:
        if folder in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
