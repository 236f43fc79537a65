"""The demo content is big and varied enough to show what the portal is for, and calls no real person."""

import re

from sqlmodel import func, select

from app.content.loader import load_content
from app.directory.models import Location, Service, ServiceKind, ServiceLanguage
from app.guides.models import Guide
from tests.conftest import DEMO_CONTENT

DRAMA_RANGE = re.compile(r"020 ?7946 ?0\d{3}")
ANY_UK_NUMBER = re.compile(r"\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b")


def _count(session, query) -> int:
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def test_demo_has_enough_of_everything(session):
    assert _count(session, select(Service).where(Service.kind == ServiceKind.service)) >= 40
    assert _count(session, select(Location).where(Location.is_hub)) >= 6
    assert _count(session, select(Service).where(Service.kind == ServiceKind.activity)) >= 25
    assert _count(session, select(Guide)) >= 10


def test_every_topic_has_services(client):
    html = client.get("/en/").text
    counts = [int(n) for n in re.findall(r"(\d+) services?</p>", html)]
    assert len(counts) >= 6 and all(n > 0 for n in counts[:6])


def test_demo_covers_what_such_a_council_offers(session):
    names = " ".join(s.name.lower() + " " + s.summary.lower() for s in session.exec(select(Service)).all())
    for words in (
        "home care",
        "assessment",
        "carers found",
        "interpret",
        "sensory",
        "deaf",
        "staying safe",
        "community health worker",
        "healthy community fund",
        "rainbow",
        "arabic",
        "south asian",
        "sim card",
        "easy-read",
        "advocacy",
        "day opportunities",
        "equipment",
        "direct payments",
        "reablement",
    ):
        assert words in names, words


def test_bsl_and_community_languages_are_offered(session):
    codes = set(session.exec(select(ServiceLanguage.code)).all())
    assert {"bfi", "ar", "bn", "so", "ur"} <= codes


def test_every_phone_number_is_in_the_range_reserved_for_drama():
    content = load_content(DEMO_CONTENT)
    texts = [p.number for s in content.services for p in s.phones]
    texts += [p.number for h in content.hubs for p in h.phones]
    texts += [p.number for h in content.hubs for a in h.activities for p in a.phones]
    texts += [o.phone for o in content.organisations if o.phone]
    assert texts and all(DRAMA_RANGE.fullmatch(number) for number in texts)
    bodies = [s.description for s in content.services] + [g.body for g in content.guides]
    bodies += [h.description for h in content.hubs]
    for body in bodies:
        for number in ANY_UK_NUMBER.findall(body):
            assert DRAMA_RANGE.fullmatch(number) or number in {"999", "111"}, number


def test_emails_and_web_sites_use_reserved_names():
    content = load_content(DEMO_CONTENT)
    for service in content.services:
        assert not service.email or service.email.endswith(".example")
        assert not service.url or ".example" in service.url
