"""Every public page type renders the demo content; bad slugs and paging answer 404, never 500."""

import re

import pytest
from sqlmodel import select

from app.directory.models import Location, Service, ServiceKind


def test_root_redirects_to_english_home_without_a_permanent_redirect(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/en/"


def test_home_shows_the_six_topics_search_and_ways_in(client):
    html = client.get("/en/").text
    for topic in (
        "Health and wellbeing",
        "Looking after someone",
        "Money and legal matters",
        "Being at home",
        "Work and learning",
        "Staying safe",
    ):
        assert topic in html
    assert 'action="/en/search"' in html and 'name="q"' in html
    for link in ("/en/hubs", "/en/whats-on", "/en/easy-read", "/en/help"):
        assert f'href="{link}"' in html
    assert '<html lang="en" dir="ltr">' in html


def test_topic_page_lists_services_with_count_and_paging(client, session):
    first = client.get("/en/topics/looking-after-someone")
    assert first.status_code == 200
    total = int(re.search(r"<h2>(\d+) services</h2>", first.text).group(1))
    assert total > 10  # more than one page at 10 a page
    second = client.get("/en/topics/looking-after-someone?page=2")
    assert second.status_code == 200 and 'rel="prev"' in second.text
    names_first = set(re.findall(r'class="card__title"><a href="/en/services/([a-z0-9-]+)"', first.text))
    names_second = set(re.findall(r'class="card__title"><a href="/en/services/([a-z0-9-]+)"', second.text))
    assert names_first and names_second and not names_first & names_second


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1.5", "99999", "99999999999999999999999", "%00", "١"])
def test_bad_page_numbers_are_not_found(client, page):
    response = client.get(f"/en/topics/looking-after-someone?page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_service_page_shows_everything_a_resident_needs(client):
    html = client.get("/en/services/sensory-impairment-team").text
    assert "<h1>" in html and "Who it is for" in html and "How to get this service" in html
    assert re.search(r'href="tel:\+44207946\d{4}"', html), "phone numbers are tap-to-call links"
    assert 'href="mailto:' in html
    assert "British Sign Language" in html, "languages spoken include BSL"
    assert "Last checked:" in html
    assert "Opening times" in html and re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday)", html)
    assert "Who runs this service" in html


def test_opening_times_are_sentences_not_abbreviations(client):
    html = client.get("/en/services/care-needs-assessment").text
    times = html.split("Opening times", 1)[1].split("</ul>", 1)[0]
    assert "Monday to Friday" in times and re.search(r"\d\d:\d\d to \d\d:\d\d", times)
    assert not re.search(r"\b(MO|TU|WE|TH|FR|Mon|Tue)\b", times)


def test_service_page_shows_locations_with_postcode_and_accessibility(client, session):
    service = session.exec(select(Service).where(Service.slug == "care-needs-assessment")).one()
    place = next(link.location for link in service.locations if link.location.kind == "physical")
    html = client.get("/en/services/care-needs-assessment").text
    assert place.postcode in html and place.name in html
    assert "Step-free access" in html or "We do not have accessibility information" in html


def test_services_that_are_not_active_say_so(client):
    assert "temporarily closed" in client.get("/en/services/healthy-community-fund").text
    assert "This service has ended." in client.get("/en/services/handyperson-service").text


def test_hubs_list_and_hub_page_with_weekly_activities(client, session):
    hubs = session.exec(select(Location).where(Location.is_hub)).all()
    listing = client.get("/en/hubs").text
    for hub in hubs:
        assert f'href="/en/hubs/{hub.slug}"' in listing
    html = client.get("/en/hubs/church-row-community-hub").text
    assert "Weekly activities" in html and "Accessibility" in html and "KM" in html
    assert html.count('class="activity"') >= 4
    assert "Arabic" in html


def test_activity_page_links_back_to_its_hub(client, session):
    activity = session.exec(select(Service).where(Service.kind == ServiceKind.activity)).first()
    hub = activity.locations[0].location
    html = client.get(f"/en/services/{activity.slug}").text
    assert f'href="/en/hubs/{hub.slug}"' in html


def test_whats_on_groups_by_weekday_and_filters(client):
    everything = client.get("/en/whats-on")
    assert everything.status_code == 200
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert f"<h3>{day}</h3>" in everything.text
    tuesday = client.get("/en/whats-on?day=TU").text
    assert "<h3>Tuesday</h3>" in tuesday and "<h3>Monday</h3>" not in tuesday
    arabic = client.get("/en/whats-on?language=ar").text
    count = int(re.search(r"<h2>(\d+) activit", arabic).group(1))
    assert 0 < count < int(re.search(r"<h2>(\d+) activit", everything.text).group(1))
    hub = client.get("/en/whats-on?hub=church-row-community-hub").text
    assert "Northgate Community Hub</a></dd>" not in hub


@pytest.mark.parametrize("query", ["day=XX&hub=%3Cscript%3E&language=zz", "day=%00&hub=%00&language=%00"])
def test_whats_on_explains_bad_filters_with_an_error_summary(client, query):
    response = client.get(f"/en/whats-on?{query}")
    assert response.status_code == 400
    assert "There is a problem" in response.text and "<title>Error:" in response.text
    assert 'href="#filter-day"' in response.text and 'href="#filter-hub"' in response.text
    assert "<script>" not in response.text


def test_guides_list_and_guide_page(client):
    listing = client.get("/en/guides").text
    assert listing.count('class="card"') >= 10
    html = client.get("/en/guides/staying-safe-from-abuse-and-neglect").text
    assert "<h1>Staying safe" in html and "<h2>" in html


def test_accessibility_statement_follows_the_model_structure(client):
    html = client.get("/en/accessibility").text
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website’s accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in html


def test_simple_search_matches_names_and_summaries(client):
    html = client.get("/en/search?q=carers").text
    assert "results for" in html and "/en/services/carers-support-service" in html


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "a" * 5000,
        "\x00\x1b",
        "\u202e",
        "%25%00",
        "\\",
        "a\\",
        "日本語 عربي",
    ],
)
def test_search_survives_hostile_input(client, query):
    response = client.get("/en/search", params={"q": query})
    assert response.status_code in (200, 400)
    assert "<script>alert" not in response.text


def test_empty_search_shows_an_error_summary(client):
    response = client.get("/en/search?q=")
    assert response.status_code == 400 and "There is a problem" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/en/services/no-such-service",
        "/en/hubs/no-such-hub",
        "/en/guides/nope",
        "/en/topics/nope",
        "/xx/",
        "/en/nope",
        "/en/services/%00",
        "/de/",
    ],
)
def test_unknown_pages_are_friendly_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text and 'lang="en"' in response.text
