"""A service's page loads what it shows in a few statements (its organisation and places joined to it, one
statement per other kind of row), however many phones, places or opening times the service has."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from app.directory import queries
from app.directory.models import Service, ServiceAtLocation, ServiceKind
from app.web.page_cache import PageCache
from tests.statements import counting

GET_SERVICE_STATEMENTS = 9  # the service with its organisation and places, then 8 kinds of related row
# + the number of areas and the easy-read links; in another language + the translation's state (and, when complete,
# its segments and their text)
PAGE_STATEMENTS = {"en": 11, "ar": 14}


def _shown(service: Service) -> list:
    """Everything the service page (its template, schema.org data and translation) reads from the rows."""
    return [
        service.organization.name,
        [(term.slug, term.taxonomy.slug) for term in service.terms],
        [area.name for area in service.areas],
        [(phone.number, phone.tel_uri) for phone in service.phones],
        [(contact.name, contact.email) for contact in service.contacts],
        [(option.option, option.amount) for option in service.cost_options],
        [(schedule.days, schedule.opens_at) for schedule in service.schedules],
        service.languages,
        [(link.location.name, link.location.is_hub, link.location.accessibility) for link in service.locations],
    ]


@pytest.mark.parametrize(
    "slug",
    ["sensory-impairment-team", "care-needs-assessment", "get-online", "befriending-older-people", "reablement"],
)
def test_get_service_loads_everything_the_page_shows_in_a_few_statements(engine, slug):
    with Session(engine) as db, counting(engine) as statements:
        service = queries.get_service(db, slug)
        assert service is not None
        db.expunge_all()  # anything not loaded by now would fail to load below
    assert len(statements) <= GET_SERVICE_STATEMENTS, statements
    assert _shown(service)


def test_an_activity_has_its_hub_loaded(engine):
    with Session(engine) as db:
        slug = db.exec(select(Service.slug).where(Service.kind == ServiceKind.activity).order_by(Service.slug)).first()
        activity = queries.get_service(db, slug)
        db.expunge_all()
    assert activity.locations and activity.locations[0].location.is_hub


def test_a_service_at_several_places_has_every_one(engine):
    """The places come joined, one row each: every row is read, not only the first."""
    with Session(engine) as db:
        slug, places = db.exec(
            select(Service.slug, func.count())
            .join(ServiceAtLocation)
            .group_by(Service.slug)
            .order_by(func.count().desc(), Service.slug)
        ).first()
        service = queries.get_service(db, slug)
    assert places > 1 and len(service.locations) == places
    assert len({link.location.id for link in service.locations}) == places


def test_an_unknown_service_is_none(engine):
    with Session(engine) as db:
        assert queries.get_service(db, "no-such-service") is None


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("slug", ["get-online", "carers-found", "sensory-impairment-team"])
def test_a_service_page_takes_a_fixed_few_statements(app, lang, slug):
    client = TestClient(app)
    cache, app.state.page_cache = app.state.page_cache, PageCache(max_bytes=0)  # measure the page, not the cache
    try:
        app.state.content_version.current()  # read before counting, as a warm process would have
        with counting(app.state.engine) as statements:
            assert client.get(f"/{lang}/services/{slug}").status_code == 200
    finally:
        app.state.page_cache = cache
    made = [s for s in statements if "content_version" not in s]
    assert len(made) <= PAGE_STATEMENTS[lang], made
