"""What each ORUK endpoint answers, given parsed parameters: the list envelope, paging, the distance order for
``postcode``/``proximity``, and single objects (None when there is no such id). Plain functions that take a session
and never write."""

from math import asin, cos, inf, radians, sin, sqrt

from fastapi import HTTPException
from sqlmodel import Session

from app.directory.models import Taxonomy, TaxonomyTerm
from app.oruk import mapping, queries
from app.oruk import vocabularies as vocab
from app.oruk.params import bad
from app.ui.paging import Page

EARTH_RADIUS = 6_371_000  # metres


def envelope(contents: list, *, total: int, number: int, size: int) -> dict:
    """ORUK's page: ``size`` is how many entities this page holds; an empty result is one empty page."""
    pages = Page(number=number, size=size, total=total).count
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _in_memory(items: list, params: dict, render) -> dict:
    start = (params["page"] - 1) * params["per_page"]
    chosen = items[start : start + params["per_page"]]
    return envelope([render(item) for item in chosen], total=len(items), number=params["page"], size=params["per_page"])


def _offset(params: dict) -> int:
    return (params["page"] - 1) * params["per_page"]


def filters(params: dict) -> queries.ServiceFilters:
    return queries.ServiceFilters(**{name: params.get(name) for name in queries.ServiceFilters.__dataclass_fields__})


def _service(row, *, full: bool, publisher: str) -> dict:
    return mapping.service_full(row, publisher=publisher) if full else mapping.service_summary(row)


# -- services --------------------------------------------------------------------------------------------------------
def services(session: Session, *, params: dict, publisher: str) -> dict:
    """``minimal=true`` lists every matching service on one page (id and last_modified), as ORUK asks."""
    if params["full"] and params["minimal"]:
        raise bad("full, minimal: choose one of them")
    if params["minimal"]:
        stamps = queries.service_stamps(session, filters=filters(params))
        return envelope([mapping.minimal(row) for row in stamps], total=len(stamps), number=1, size=max(1, len(stamps)))
    rows, total = queries.services(
        session, filters=filters(params), offset=_offset(params), limit=params["per_page"], full=params["full"]
    )
    return envelope(
        [_service(row, full=params["full"], publisher=publisher) for row in rows],
        total=total,
        number=params["page"],
        size=params["per_page"],
    )


def service(session: Session, *, service_id: str, publisher: str) -> dict | None:
    row = queries.service(session, service_id)
    return mapping.service_full(row, publisher=publisher) if row else None


# -- services at locations -------------------------------------------------------------------------------------------
def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two (latitude, longitude) points on a sphere (haversine)."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS * asin(min(1.0, sqrt(h)))


def _nearest_first(session: Session, params: dict) -> tuple[list[str], int]:
    """Link ids of one page, nearest to the postcode first (places without coordinates last), within ``proximity``
    metres when given. The postcode's point is the centre of our places there, else in its district."""
    points = queries.postcode_points(session, params["postcode"])
    if not points:
        raise bad(f"postcode: we do not know where {params['postcode']} is")
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    ranked = []
    for link_id, name, latitude, longitude in queries.link_points(session, filters(params)):
        metres = inf if latitude is None or longitude is None else distance(centre, (latitude, longitude))
        if params["proximity"] is None or metres <= params["proximity"]:
            ranked.append((metres, name, link_id))
    ranked.sort()
    start = _offset(params)
    return [link_id for _m, _n, link_id in ranked[start : start + params["per_page"]]], len(ranked)


def service_at_locations(session: Session, *, params: dict, publisher: str) -> dict:
    if params["proximity"] is not None and not params["postcode"]:
        raise bad("proximity: give a postcode too")
    full = params["full"]
    if params["postcode"]:
        ids, total = _nearest_first(session, params)
        rows = queries.links_by_id(session, ids, full=full)
    else:
        rows, total = queries.links(
            session,
            query=queries.links_query(session, filters(params)),
            offset=_offset(params),
            limit=params["per_page"],
            full=full,
        )
    contents = [
        mapping.service_at_location_full(row, publisher=publisher) if full else mapping.service_at_location_summary(row)
        for row in rows
    ]
    return envelope(contents, total=total, number=params["page"], size=params["per_page"])


def service_at_location(session: Session, *, link_id: str, publisher: str) -> dict | None:
    row = queries.link(session, link_id)
    return mapping.service_at_location_full(row, publisher=publisher) if row else None


# -- organisations ---------------------------------------------------------------------------------------------------
def organizations(session: Session, *, params: dict) -> dict:
    rows, total = queries.organizations(
        session, search=params["search"], offset=_offset(params), limit=params["per_page"]
    )
    return envelope(
        [mapping.organization_summary(row) for row in rows], total=total, number=params["page"], size=params["per_page"]
    )


def organization(session: Session, *, org_id: str, full_service: bool, publisher: str) -> dict | None:
    row = queries.organization(session, org_id)
    if row is None:
        return None
    services_of = queries.organization_services(session, org_id, full=full_service)
    return mapping.organization_full(row, [_service(s, full=full_service, publisher=publisher) for s in services_of])


# -- taxonomies ------------------------------------------------------------------------------------------------------
def taxonomies(session: Session, *, params: dict) -> dict:
    return _in_memory(queries.taxonomies(session), params, mapping.taxonomy)


def taxonomy(session: Session, *, taxonomy_id: str) -> dict | None:
    row = session.get(Taxonomy, taxonomy_id) or vocab.BY_ID.get(taxonomy_id)
    if row is None:
        return None
    terms = queries.terms(session, taxonomy_id=taxonomy_id)
    return mapping.taxonomy(row) | {"taxonomy_terms": [mapping.term(t) for t in terms]}


def terms(session: Session, *, params: dict) -> dict:
    found = queries.terms(
        session, taxonomy_id=params["taxonomy_id"], parent_id=params["parent_id"], top_only=params["top_only"]
    )
    return _in_memory(found, params, mapping.term)


def term(session: Session, *, term_id: str) -> dict | None:
    row = session.get(TaxonomyTerm, term_id) or next((t for t in vocab.all_terms(session) if t.id == term_id), None)
    return mapping.term(row) if row else None


def not_found(what: str, identifier: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"There is no {what} with the id {identifier}.")
