"""Every endpoint's output is valid against the official ORUK 3.0 schemas (JSON Schema Draft 2020-12, formats
checked), for every service, link, organisation, taxonomy and term of the demo dataset."""

import json

import pytest
from jsonschema import Draft202012Validator
from sqlmodel import select

from app.directory.models import Organization, Service, ServiceAtLocation
from app.oruk import schemas
from tests.oruk.conftest import API


def _assert_valid(instance, name: str, root, what: str = "") -> None:
    found = schemas.problems(instance, name, root)
    assert not found, f"{what} against {name}: " + "; ".join(f"{schemas.json_path(p)}: {m}" for p, m in found[:5])


def _openapi(root) -> dict:
    return json.loads((root / "schema" / "openapi.json").read_text(encoding="utf-8"))


def _pages(api, path: str, **params) -> list[dict]:
    """Every page of a list endpoint, each envelope checked against ORUK's Page schema."""
    return [api.get(f"{API}{path}", params={**params, "page": 1, "per_page": 100}).json()] + [
        api.get(f"{API}{path}", params={**params, "page": n, "per_page": 100}).json()
        for n in range(2, api.get(f"{API}{path}", params={**params, "per_page": 100}).json()["total_pages"] + 1)
    ]


def _items(api, schema_root, path: str, **params) -> list[dict]:
    page_schema = _openapi(schema_root)["components"]["schemas"]["Page"]
    validator = Draft202012Validator(page_schema)
    items = []
    for page in _pages(api, path, **params):
        assert not list(validator.iter_errors(page))
        assert set(page) == {
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        }
        items += page["contents"]
    assert items and len(items) == page["total_items"]
    return items


def test_the_root_matches_the_openapi_description(api, schema_root):
    schema = _openapi(schema_root)["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    body = api.get(f"{API}/").json()
    assert not list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(body))


def test_every_service_in_every_shape(api, session, schema_root):
    """Every service fully nested (the full list gives the same objects as /services/{id}, see test_api)."""
    for item in _items(api, schema_root, "/services"):
        _assert_valid(item, "compiled/service_list.json", schema_root, item["id"])
    full = _items(api, schema_root, "/services", full="true")
    assert len(full) == len(session.exec(select(Service.id)).all()) >= 65
    for item in full:
        _assert_valid(item, "compiled/service_list.json", schema_root, item["id"])
        _assert_valid(item, "compiled/service.json", schema_root, item["id"])
        _assert_valid(item, schemas.SIGNPOST_SERVICE, schema_root, item["id"])
        for phone in item["phones"]:
            _assert_valid(phone, "phone.json", schema_root, item["id"])
    for item in full[::10]:
        _assert_valid(api.get(f"{API}/services/{item['id']}").json(), "compiled/service.json", schema_root)


def test_every_service_at_location(api, session, schema_root):
    for item in _items(api, schema_root, "/service_at_locations"):
        _assert_valid(item, "compiled/service_at_location_list.json", schema_root, item["id"])
    full = _items(api, schema_root, "/service_at_locations", full="true")
    assert len(full) == len(session.exec(select(ServiceAtLocation.id)).all())
    for item in full:
        _assert_valid(item, "compiled/service_at_location.json", schema_root, item["id"])
    for item in _items(api, schema_root, "/service_at_locations", postcode="KM2 4LB", proximity="1500"):
        _assert_valid(item, "compiled/service_at_location_list.json", schema_root, item["id"])
    for item in full[::20]:
        body = api.get(f"{API}/service_at_locations/{item['id']}").json()
        assert body == item
        _assert_valid(body, "compiled/service_at_location.json", schema_root, item["id"])


def test_every_organization(api, session, schema_root):
    for item in _items(api, schema_root, "/organizations"):
        _assert_valid(item, "compiled/organization_list.json", schema_root, item["id"])
    for org_id in session.exec(select(Organization.id)).all():
        for full in ("false", "true"):
            body = api.get(f"{API}/organizations/{org_id}", params={"full_service": full}).json()
            _assert_valid(body, "compiled/organization.json", schema_root, org_id)


def test_every_taxonomy_and_term(api, schema_root):
    for item in _items(api, schema_root, "/taxonomies"):
        _assert_valid(item, "taxonomy.json", schema_root, item["id"])
        _assert_valid(api.get(f"{API}/taxonomies/{item['id']}").json(), "taxonomy.json", schema_root, item["id"])
    for item in _items(api, schema_root, "/taxonomy_terms"):
        _assert_valid(item, "taxonomy_term.json", schema_root, item["id"])
        _assert_valid(
            api.get(f"{API}/taxonomy_terms/{item['id']}").json(), "taxonomy_term.json", schema_root, item["id"]
        )


def test_the_official_examples_are_valid_for_the_importer_too(schema_root):
    example = json.loads((schema_root / "examples" / "service_full.json").read_text(encoding="utf-8"))
    _assert_valid(example, "compiled/service.json", schema_root)
    _assert_valid(example, schemas.SIGNPOST_SERVICE, schema_root)


def test_formats_are_checked(schema_root):
    found = schemas.problems({"id": "not-a-uuid", "name": "x", "status": "open"}, "compiled/service.json", schema_root)
    assert [(schemas.json_path(p), m) for p, m in found] == [
        ("id", "'not-a-uuid' is not a 'uuid'"),
        ("status", "'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']"),
    ]


def test_the_schemas_are_found_in_one_place(monkeypatch, tmp_path, schema_root):
    monkeypatch.setenv(schemas.ENV, str(schema_root))
    assert schemas.schema_root() == schema_root
    monkeypatch.setenv(schemas.ENV, str(tmp_path))
    assert schemas.schema_root() is None
    with pytest.raises(schemas.SchemasMissing, match=schemas.ENV):
        schemas.require_root()


def test_without_the_schemas_the_import_says_where_to_point(monkeypatch, tmp_path):
    from app.oruk.sources import ImportProblems, read

    monkeypatch.setenv(schemas.ENV, str(tmp_path))
    with pytest.raises(ImportProblems, match=f"set {schemas.ENV} to a copy of github.com/openreferraluk/uk-profile"):
        read(str(tmp_path))


def test_the_vendored_schemas_are_the_official_ones(schema_root):
    vendored = schemas.VENDORED / "schema"
    official = sorted(p.relative_to(schema_root / "schema") for p in (schema_root / "schema").rglob("*.json"))
    assert official == sorted(p.relative_to(vendored) for p in vendored.rglob("*.json"))
    for path in official:
        assert (vendored / path).read_bytes() == (schema_root / "schema" / path).read_bytes(), path
