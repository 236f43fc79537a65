"""The Open Referral UK 3.0 read API under ``/api/oruk/``: open data, GET only, no key, JSON errors.

Each route parses its parameters strictly (:mod:`app.oruk.params`), asks :mod:`app.oruk.listings`, and returns the
dict; FastAPI turns it into JSON. Errors are ``{"error": status, "message": ...}`` from :mod:`app.web.errors`.
"""

from fastapi import APIRouter, Request

from app.db import SessionDep
from app.oruk import listings
from app.oruk.params import (
    PAGING,
    SERVICE_FILTERS,
    Spec,
    boolean,
    identifier,
    json_format,
    metres,
    path_id,
    postcode,
    text,
)

PROFILE = "https://raw.githubusercontent.com/openreferraluk/uk-profile/main/"

SERVICES = Spec(PAGING | SERVICE_FILTERS | {"full": boolean, "minimal": boolean})
SERVICE_AT_LOCATIONS = Spec(PAGING | SERVICE_FILTERS | {"full": boolean, "postcode": postcode, "proximity": metres})
ORGANIZATIONS = Spec(PAGING | {"search": text})
ORGANIZATION = Spec({"full_service": boolean, "format": json_format})
TAXONOMIES = Spec(PAGING)
TAXONOMY_TERMS = Spec(PAGING | {"taxonomy_id": identifier, "parent_id": identifier, "top_only": boolean})
ONE = Spec({"format": json_format})

router = APIRouter(prefix="/api/oruk")


def _publisher(request: Request) -> str:
    return request.app.state.settings.council_name


def _found(item: dict | None, what: str, identifier_: str) -> dict:
    if item is None:
        raise listings.not_found(what, identifier_)
    return item


@router.get("/", name="oruk_root")
@router.get("", include_in_schema=False)
def root(request: Request) -> dict:
    ONE.parse(request.query_params)
    return {"version": "HSDS-UK-3.0", "profile": PROFILE, "openapi_url": PROFILE + "schema/openapi.json"}


@router.get("/services", name="oruk_services")
def services(request: Request, session: SessionDep) -> dict:
    return listings.services(session, params=SERVICES.parse(request.query_params), publisher=_publisher(request))


@router.get("/services/{service_id}", name="oruk_service")
def service(request: Request, session: SessionDep, service_id: str) -> dict:
    ONE.parse(request.query_params)
    sid = path_id(service_id, "service")
    return _found(listings.service(session, service_id=sid, publisher=_publisher(request)), "service", sid)


@router.get("/service_at_locations", name="oruk_service_at_locations")
def service_at_locations(request: Request, session: SessionDep) -> dict:
    params = SERVICE_AT_LOCATIONS.parse(request.query_params)
    return listings.service_at_locations(session, params=params, publisher=_publisher(request))


@router.get("/service_at_locations/{link_id}", name="oruk_service_at_location")
def service_at_location(request: Request, session: SessionDep, link_id: str) -> dict:
    ONE.parse(request.query_params)
    lid = path_id(link_id, "service_at_location")
    return _found(
        listings.service_at_location(session, link_id=lid, publisher=_publisher(request)), "service at location", lid
    )


@router.get("/organizations", name="oruk_organizations")
def organizations(request: Request, session: SessionDep) -> dict:
    return listings.organizations(session, params=ORGANIZATIONS.parse(request.query_params))


@router.get("/organizations/{org_id}", name="oruk_organization")
def organization(request: Request, session: SessionDep, org_id: str) -> dict:
    params = ORGANIZATION.parse(request.query_params)
    oid = path_id(org_id, "organization")
    return _found(
        listings.organization(session, org_id=oid, full_service=params["full_service"], publisher=_publisher(request)),
        "organization",
        oid,
    )


@router.get("/taxonomies", name="oruk_taxonomies")
def taxonomies(request: Request, session: SessionDep) -> dict:
    return listings.taxonomies(session, params=TAXONOMIES.parse(request.query_params))


@router.get("/taxonomies/{taxonomy_id}", name="oruk_taxonomy")
def taxonomy(request: Request, session: SessionDep, taxonomy_id: str) -> dict:
    ONE.parse(request.query_params)
    tid = path_id(taxonomy_id, "taxonomy")
    return _found(listings.taxonomy(session, taxonomy_id=tid), "taxonomy", tid)


@router.get("/taxonomy_terms", name="oruk_taxonomy_terms")
def taxonomy_terms(request: Request, session: SessionDep) -> dict:
    return listings.terms(session, params=TAXONOMY_TERMS.parse(request.query_params))


@router.get("/taxonomy_terms/{term_id}", name="oruk_taxonomy_term")
def taxonomy_term(request: Request, session: SessionDep, term_id: str) -> dict:
    ONE.parse(request.query_params)
    tid = path_id(term_id, "taxonomy term")
    return _found(listings.term(session, term_id=tid), "taxonomy term", tid)
