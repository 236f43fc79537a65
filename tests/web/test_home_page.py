"""The home page stays small and cheap however big the directory grows: it counts the community hubs and links to
their list instead of listing them, and counts each topic's services once per change of the content."""

import re
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.directory.models import Location, Service, ServiceKind, ServiceTerm, TaxonomyTerm
from app.publishing import history, workflow
from app.web.page_cache import PageCache
from tests.statements import counting

MAX_HUBS_LISTED = 12


def _home(app, lang: str = "en") -> tuple[str, int]:
    """The home page, uncached, and the statements it took."""
    cache, app.state.page_cache = app.state.page_cache, PageCache(max_bytes=0)
    try:
        app.state.content_version.current()  # read before counting, as a warm process would have
        with counting(app.state.engine) as statements:
            response = TestClient(app).get(f"/{lang}/")
    finally:
        app.state.page_cache = cache
    assert response.status_code == 200
    return response.text, len([s for s in statements if "content_version" not in s])


def _topic_count(html: str, slug: str) -> int:
    found = re.search(rf'href="/en/topics/{slug}">.*?<p class="hint">(\d+) services?</p>', html, re.S)
    assert found, slug
    return int(found.group(1))


def test_the_home_page_links_to_the_hubs_list_and_never_lists_every_hub(app, engine):
    _home(app)  # the topic counts, kept from here on
    before, cost = _home(app)
    added = [
        Location(id=str(uuid.uuid4()), slug=f"home-test-hub-{n}", name=f"Home test hub {n}", is_hub=True)
        for n in range(30)
    ]
    with Session(engine) as db:
        hubs = db.exec(select(func.count()).select_from(Location).where(Location.is_hub)).one()
        db.add_all(added)
        db.commit()
    try:
        html, bigger_cost = _home(app)
    finally:
        with Session(engine) as db:
            db.execute(delete(Location).where(col(Location.slug).startswith("home-test-hub-")))
            db.commit()
    assert bigger_cost == cost, "more hubs cost no more statements"
    assert len(re.findall(r'href="/en/hubs/[^"]+"', html)) <= MAX_HUBS_LISTED
    assert "Home test hub" not in html
    assert 'href="/en/hubs"' in html and f"{hubs + 30} friendly places near you" in html
    assert f"{hubs} friendly places near you" in before


def test_topic_counts_follow_a_change_at_once(app, engine):
    with Session(engine) as db:
        slug = db.exec(
            select(Service.slug)
            .join(ServiceTerm)
            .join(TaxonomyTerm)
            .where(TaxonomyTerm.slug == "staying-safe", Service.kind == ServiceKind.service, Service.status == "active")
            .order_by(Service.slug)
        ).first()
    first, _ = _home(app)
    counted = _topic_count(first, "staying-safe")
    again, cost = _home(app)
    assert _topic_count(again, "staying-safe") == counted and cost <= 3, "the counts are kept while nothing changes"
    with Session(engine) as db:
        item = history.get_item(db, "service", slug)
        workflow.withdraw(db, item, base=item.latest, author="test")
        db.commit()
    try:
        assert _topic_count(_home(app)[0], "staying-safe") == counted - 1
    finally:
        with Session(engine) as db:
            item = history.get_item(db, "service", slug)
            workflow.publish(db, item, base=item.latest, author="test")
            db.commit()
    assert _topic_count(_home(app)[0], "staying-safe") == counted
