"""The ORUK read API: envelope, filters, single objects, open-data headers and a bounded number of queries."""

import pytest
from sqlmodel import select

from app.content.ids import stable_id
from app.directory.models import Location, Organization, Service, ServiceAtLocation, ServiceKind, TaxonomyTerm
from app.oruk import vocabularies as vocab
from tests.oruk.conftest import API
from tests.statements import counting

ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _all(api, path: str, **params) -> list[dict]:
    return api.get(f"{API}{path}", params={"per_page": 100, **params}).json()["contents"]


def test_root_names_the_standard(api):
    for path in (f"{API}/", API):
        response = api.get(path)
        assert response.status_code == 200
        assert response.json() == {
            "version": "HSDS-UK-3.0",
            "profile": "https://raw.githubusercontent.com/openreferraluk/uk-profile/main/",
            "openapi_url": "https://raw.githubusercontent.com/openreferraluk/uk-profile/main/schema/openapi.json",
        }


def test_services_are_paged_in_the_oruk_envelope(api, session):
    total = len(session.exec(select(Service.id)).all())
    first = api.get(f"{API}/services").json()
    assert set(first) == ENVELOPE
    assert first["total_items"] == total and first["size"] == 20 and first["page_number"] == 1
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    assert first["total_pages"] == -(-total // 20)
    last = api.get(f"{API}/services", params={"page": first["total_pages"]}).json()
    assert last["last_page"] and not last["first_page"] and 0 < last["size"] <= 20
    beyond = api.get(f"{API}/services", params={"page": 999}).json()
    assert beyond["empty"] and beyond["contents"] == [] and beyond["total_items"] == total
    ids = [
        s["id"]
        for page in range(1, first["total_pages"] + 1)
        for s in api.get(f"{API}/services", params={"page": page}).json()["contents"]
    ]
    assert len(ids) == len(set(ids)) == total


def test_activities_are_services_too(api, session):
    activity = session.exec(select(Service).where(Service.kind == ServiceKind.activity)).first()
    body = api.get(f"{API}/services/{activity.id}").json()
    labels = [
        a["taxonomy_term"]["code"]
        for a in body["attributes"]
        if a["taxonomy_term"]["taxonomy_id"] == vocab.BY_SLUG[vocab.LABELS].id
    ]
    assert vocab.ACTIVITY in labels
    hub = body["service_at_locations"][0]["location"]
    assert [a["taxonomy_term"]["code"] for a in hub["attributes"]] == [vocab.HUB]


def test_a_full_service_nests_everything(api, session):
    service = session.exec(select(Service).where(Service.slug == "adult-learning-and-english-classes")).one()
    body = api.get(f"{API}/services/{service.id}").json()
    assert body["id"] == service.id and body["organization"]["id"] == service.organization_id
    assert body["description"].startswith(service.summary + "\n\n")
    assert [p["number"] for p in body["phones"]] == ["020 7946 0800", "020 7946 0801"]
    assert [s["byday"] for s in body["schedules"]] == ["MO,TU,WE,TH", "TU,TH", "SA"]
    assert body["schedules"][0]["opens_at"] == "09:30:00"
    assert [c["amount"] for c in body["cost_options"]] == [0, 65.0, 30.0]
    assert len(body["service_at_locations"]) == 4
    library = body["service_at_locations"][0]["location"]
    assert library["addresses"][0]["postal_code"] == "KM2 4LB" and library["addresses"][0]["country"] == "GB"
    assert "Hearing loop" in [a["description"] for a in library["accessibility"]]
    assert len(body["service_areas"]) == 8 and body["metadata"][0]["resource_id"] == service.id
    codes = [lang["code"] for lang in body["languages"]]
    assert codes[:3] == ["en", "ar", "fa"]
    topics = [a["taxonomy_term"]["name"] for a in body["attributes"] if a["taxonomy_term"]["taxonomy"] == "Topics"]
    assert topics == ["Work and learning", "Health and wellbeing"]


def test_british_sign_language_is_a_language_term(api, session):
    bsl = vocab.term(vocab.LANGUAGES, "bfi")
    term = api.get(f"{API}/taxonomy_terms/{bsl.id}").json()
    assert term == {
        "id": bsl.id,
        "name": "British Sign Language",
        "description": "",
        "code": "bfi",
        "taxonomy": "Languages",
        "taxonomy_id": vocab.BY_SLUG[vocab.LANGUAGES].id,
    }
    services = _all(api, "/services", taxonomy_term_id=bsl.id)
    expected = session.exec(select(Service.id).where(Service.language_rows.any(code="bfi"))).all()
    assert services and {s["id"] for s in services} == set(expected)
    body = api.get(f"{API}/services/{services[0]['id']}").json()
    assert {
        "id": stable_id("oruk-language", body["id"], "bfi"),
        "service_id": body["id"],
        "code": "bfi",
        "name": "British Sign Language",
    } in body["languages"]
    assert bsl.id in [a["taxonomy_term_id"] for a in body["attributes"]]


def test_filters(api, session):
    topic = session.exec(select(TaxonomyTerm).where(TaxonomyTerm.slug == "staying-safe")).one()
    by_topic = _all(api, "/services", taxonomy_term_id=topic.id)
    assert by_topic and all(
        topic.id in [a["taxonomy_term_id"] for a in api.get(f"{API}/services/{s['id']}").json()["attributes"]]
        for s in by_topic
    )
    assert len(_all(api, "/services", taxonomy_id=topic.taxonomy_id)) == len(_all(api, "/services"))
    org = session.exec(select(Organization).where(Organization.slug == "kingsmead-council")).one()
    assert {s["organization"]["id"] for s in _all(api, "/services", organization_id=org.id)} == {org.id}
    free = _all(api, "/services", taxonomy_term_id=vocab.term(vocab.LABELS, vocab.FREE).id)
    assert 0 < len(free) < len(_all(api, "/services"))
    gp = _all(api, "/services", taxonomy_term_id=vocab.term(vocab.REFERRAL, "gp").id)
    assert gp and len(gp) < len(_all(api, "/services", taxonomy_id=vocab.BY_SLUG[vocab.REFERRAL].id))
    step_free = _all(api, "/services", taxonomy_term_id=vocab.term(vocab.ACCESSIBILITY, "changing-places").id)
    assert step_free
    found = _all(api, "/services", search="english CLASSES")
    assert "Adult learning courses and free English classes (ESOL)" in [s["name"] for s in found]
    assert all(
        "english" in (s["name"] + s["description"]).lower() and "classes" in (s["name"] + s["description"]).lower()
        for s in found
    )
    assert _all(api, "/services", search="100%_\\") == []
    saturday = _all(api, "/services", day="SA", start_time="09:00", end_time="13:00")
    assert saturday and len(saturday) < len(_all(api, "/services"))
    assert all(s.get("minimum_age", 0) >= 18 for s in _all(api, "/services", minimum_age=18))
    assert _all(api, "/services", taxonomy_term_id="00000000-0000-0000-0000-000000000000") == []


def test_modified_after_and_minimal(api, session):
    everything = api.get(f"{API}/services", params={"minimal": "true"}).json()
    assert everything["total_pages"] == 1 and everything["size"] == everything["total_items"] > 20
    assert set(everything["contents"][0]) == {"id", "last_modified"}
    newest = max(item["last_modified"] for item in everything["contents"])
    recent = api.get(f"{API}/services", params={"minimal": "true", "modified_after": newest}).json()
    assert 1 <= recent["total_items"] < everything["total_items"]
    assert api.get(f"{API}/services", params={"modified_after": "2999-01-01"}).json()["empty"]
    assert (
        api.get(f"{API}/services", params={"modified_after": "2000-01-01T00:00:00+01:00"}).json()["total_items"]
        == everything["total_items"]
    )
    both = api.get(f"{API}/services", params={"minimal": "true", "full": "true"})
    assert both.status_code == 400


def test_full_lists_nest_like_single_objects(api):
    page = api.get(f"{API}/services", params={"full": "true", "per_page": 3}).json()
    for item in page["contents"]:
        single = api.get(f"{API}/services/{item['id']}").json()
        assert item == single


def test_service_at_locations_nearest_first_and_within_proximity(api, session):
    hub = session.exec(select(Location).where(Location.slug == "church-row-community-hub")).one()
    near = api.get(
        f"{API}/service_at_locations",
        params={"postcode": hub.postcode.lower().replace(" ", ""), "proximity": 300, "per_page": 100},
    ).json()
    assert near["total_items"] > 0
    assert all(item["location"]["latitude"] for item in near["contents"])
    assert near["contents"][0]["location"]["id"] == hub.id
    everywhere = api.get(f"{API}/service_at_locations", params={"postcode": hub.postcode}).json()
    links = len(session.exec(select(ServiceAtLocation.id)).all())
    assert everywhere["total_items"] == links > near["total_items"]
    assert everywhere["contents"][0]["location"]["id"] == hub.id
    virtual = api.get(
        f"{API}/service_at_locations", params={"postcode": hub.postcode, "page": everywhere["total_pages"]}
    ).json()["contents"][-1]
    assert virtual["location"]["location_type"] == "virtual"
    district = api.get(f"{API}/service_at_locations", params={"postcode": "KM3 9ZZ", "proximity": 2000}).json()
    assert district["total_items"] > 0
    unknown = api.get(f"{API}/service_at_locations", params={"postcode": "SW1A 1AA"})
    assert unknown.status_code == 400 and "SW1A 1AA" in unknown.json()["message"]
    assert api.get(f"{API}/service_at_locations", params={"proximity": 100}).status_code == 400


def test_single_service_at_location_and_organization(api, session):
    link = session.exec(select(ServiceAtLocation)).first()
    body = api.get(f"{API}/service_at_locations/{link.id}").json()
    assert body["service"]["id"] == link.service_id and body["location"]["id"] == link.location_id
    assert "service_at_locations" not in body["service"]
    org = session.exec(select(Organization).where(Organization.slug == "kingsmead-council")).one()
    summary = api.get(f"{API}/organizations/{org.id}").json()
    full = api.get(f"{API}/organizations/{org.id}", params={"full_service": "true"}).json()
    assert [s["id"] for s in summary["services"]] == [s["id"] for s in full["services"]]
    assert "schedules" not in summary["services"][0] and "schedules" in full["services"][0]
    listed = api.get(f"{API}/organizations", params={"search": "council"}).json()
    assert org.id in [o["id"] for o in listed["contents"]]


def test_taxonomies_and_terms(api, session):
    taxonomies = _all(api, "/taxonomies")
    names = [t["name"] for t in taxonomies]
    assert {
        "Topics",
        "Service types",
        "Languages",
        "How to get the service",
        "Accessibility features",
        "Labels",
    } <= set(names)
    topics = next(t for t in taxonomies if t["name"] == "Topics")
    full = api.get(f"{API}/taxonomies/{topics['id']}").json()
    assert [t["code"] for t in full["taxonomy_terms"]][:2] == ["health-and-wellbeing", "looking-after-someone"]
    terms = _all(api, "/taxonomy_terms", taxonomy_id=topics["id"])
    assert [t["id"] for t in terms] == [t["id"] for t in full["taxonomy_terms"]]
    top = api.get(f"{API}/taxonomy_terms", params={"top_only": "true"}).json()
    assert top["total_items"] == api.get(f"{API}/taxonomy_terms").json()["total_items"]
    parent = session.exec(select(TaxonomyTerm)).first()
    assert api.get(f"{API}/taxonomy_terms", params={"parent_id": parent.id}).json()["empty"]
    languages = _all(api, "/taxonomy_terms", taxonomy_id=vocab.BY_SLUG[vocab.LANGUAGES].id)
    assert "bfi" in [t["code"] for t in languages]


@pytest.mark.parametrize(
    "path", ["/services", "/service_at_locations", "/organizations", "/taxonomies", "/taxonomy_terms"]
)
def test_unknown_ids_are_404_and_bad_ids_are_400(api, path):
    missing = api.get(f"{API}{path}/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert set(missing.json()) == {"error", "message"} and missing.json()["error"] == 404
    bad = api.get(f"{API}{path}/not-a-uuid")
    assert bad.status_code == 400 and "UUID" in bad.json()["message"]


def test_every_response_is_open_to_any_origin_and_read_only(api, session):
    service = session.exec(select(Service.id)).first()
    for path in ("/", "/services", f"/services/{service}", "/services/nope", "/nothing-here", "/taxonomies"):
        response = api.get(API + path)
        assert response.headers["access-control-allow-origin"] == "*", path
        assert response.headers["content-type"] == "application/json"
    for method in ("post", "put", "patch", "delete"):
        response = api.request(method.upper(), f"{API}/services")
        assert response.status_code == 405 and response.json()["error"] == 405
        assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in api.get("/en/hubs").headers


@pytest.mark.parametrize(
    "path",
    ["/services?full=true", "/services", "/service_at_locations?full=true", "/service_at_locations?postcode=KM1 1AA"],
)
def test_a_page_costs_the_same_queries_whatever_its_size(api, app, path):
    engine = app.state.engine
    sizes = []
    for per_page in (2, 50):
        separator = "&" if "?" in path else "?"
        with counting(engine) as statements:
            assert api.get(f"{API}{path}{separator}per_page={per_page}").status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1] and sizes[0] <= 25, sizes
