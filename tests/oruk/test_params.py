"""Hostile and wrong parameters are a clear JSON 400, never a 500; good ones are read exactly."""

from datetime import UTC, datetime, time

import pytest

from app.oruk import params
from tests.oruk.conftest import API

ENDPOINTS = ["/services", "/service_at_locations", "/organizations", "/taxonomies", "/taxonomy_terms"]
BAD = [
    {"page": "abc"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "1.5"},
    {"page": "9" * 30},
    {"page": "١"},
    {"page": "10000001"},
    {"per_page": "1000"},
    {"per_page": "0"},
    {"format": "xml"},
    {"page": "1\x00"},
    {"nonsense": "1"},
    {"search\x00": "x"},
    {"page": "x" * 5000},
]
BAD_SERVICES = [
    {"modified_after": "garbage"},
    {"modified_after": "2024-13-45"},
    {"taxonomy_term_id": "'; DROP TABLE service;--"},
    {"taxonomy_id": "1 OR 1=1"},
    {"organization_id": "../../etc/passwd"},
    {"full": "maybe"},
    {"minimal": "2"},
    {"search": "x" * 10_000},
    {"search": "care\x00home"},
    {"minimum_age": "nan"},
    {"minimum_age": "inf"},
    {"maximum_age": "-5"},
    {"day": "Monday"},
    {"start_time": "25:00"},
    {"end_time": "9am"},
]


def _assert_clear_400(response) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["error"] == 400 and body["message"]
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("query", BAD, ids=lambda q: repr(q)[:40])
def test_bad_paging_is_a_400_everywhere(api, path, query):
    _assert_clear_400(api.get(API + path, params=query))


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
@pytest.mark.parametrize("query", BAD_SERVICES, ids=lambda q: repr(q)[:40])
def test_bad_service_filters_are_a_400(api, path, query):
    _assert_clear_400(api.get(API + path, params=query))


@pytest.mark.parametrize(
    "query",
    [
        {"postcode": "not a postcode"},
        {"postcode": "KM1 1AA", "proximity": "0"},
        {"postcode": "KM1 1AA", "proximity": "1e9"},
        {"proximity": "500"},
    ],
)
def test_bad_places_are_a_400(api, query):
    _assert_clear_400(api.get(f"{API}/service_at_locations", params=query))


def test_a_repeated_parameter_is_refused(api):
    response = api.get(f"{API}/services?page=1&page=2")
    _assert_clear_400(response)
    assert "once" in response.json()["message"]


def test_the_message_names_the_parameter(api):
    assert api.get(f"{API}/services", params={"per_page": 1000}).json()["message"].startswith("per_page:")
    unknown = api.get(f"{API}/services", params={"colour": "red"}).json()["message"]
    assert "'colour'" in unknown and "per_page" in unknown


@pytest.mark.parametrize(
    "raw", ["not-a-uuid", "1 OR 1=1", "%00", "%27%3B--", "x" * 2000, "00000000-0000-0000-0000-00000000000g"]
)
def test_hostile_path_ids_are_a_400(api, raw):
    for path in ("/services", "/organizations", "/taxonomy_terms"):
        _assert_clear_400(api.get(f"{API}{path}/{raw}"))


def test_good_values_are_read_exactly(api):
    assert params.page("3") == 3 and params.per_page("100") == 100
    assert params.boolean("TRUE") is True and params.boolean("0") is False
    assert params.identifier("3F7B145D-84AF-42D7-8FAE-EACA714B02B2") == "3f7b145d-84af-42d7-8fae-eaca714b02b2"
    assert params.moment("2026-01-31") == datetime(2026, 1, 31, tzinfo=UTC)
    assert params.moment("2026-01-31T10:00:00 01:00").utcoffset().total_seconds() == 3600
    assert params.moment("2026-01-31T09:00:00Z").tzinfo is not None
    assert params.clock("09:30") == time(9, 30) and params.clock("18:00:00") == time(18)
    assert params.day("sa") == "SA" and params.postcode("km1 1aa") == "KM1 1AA"
    assert params.age("18") == 18.0 and params.metres("500") == 500.0
    upper_case_id = api.get(f"{API}/services/{'0' * 8}-0000-4000-8000-{'0' * 12}".upper())
    assert upper_case_id.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"page": "1000000"},
        {"per_page": ""},
        {"search": "%"},
        {"search": "_"},
        {"search": "'\";--"},
        {"search": "  "},
        {"search": "ضمان"},
        {"search": "a " * 99},
    ],
)
def test_odd_but_valid_values_are_answered(api, query):
    for path in ("/services", "/service_at_locations", "/organizations"):
        response = api.get(API + path, params=query)
        assert response.status_code == 200, response.text
