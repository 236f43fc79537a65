"""Read-only queries behind the ORUK API. Every list loads what it shows with ``selectinload``, so a page costs the
same few queries whatever its size; counts and pages are separate queries so totals are exact.

Only what the public may see is published: services of kind ``service`` and ``activity`` (every status, so that
consumers learn when a service closes). Drafts do not exist yet; when they do, :func:`public` is the one place to
add the condition.
"""

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import String, and_, cast, false, func, or_, true
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from app.db import relation
from app.directory.models import (
    Location,
    LocationAccessibility,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    ServiceLanguage,
    ServiceTerm,
    Taxonomy,
    TaxonomyTerm,
)
from app.oruk import vocabularies as vocab

PUBLIC_KINDS = (ServiceKind.service, ServiceKind.activity)
MAX_SEARCH_WORDS = 8

LOCATION_OPTIONS = (
    selectinload(relation(Location.accessibility_rows)),
    selectinload(relation(Location.phones)),
    selectinload(relation(Location.schedules)),
)
SUMMARY_OPTIONS = (selectinload(relation(Service.organization)),)
FULL_OPTIONS = (
    selectinload(relation(Service.organization)).selectinload(relation(Organization.phones)),
    selectinload(relation(Service.terms)).selectinload(relation(TaxonomyTerm.taxonomy)),
    selectinload(relation(Service.areas)),
    selectinload(relation(Service.phones)),
    selectinload(relation(Service.contacts)),
    selectinload(relation(Service.cost_options)),
    selectinload(relation(Service.schedules)),
    selectinload(relation(Service.language_rows)),
    selectinload(relation(Service.locations))
    .selectinload(relation(ServiceAtLocation.location))
    .options(*LOCATION_OPTIONS),
)


@dataclass(frozen=True)
class ServiceFilters:
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str | None = None
    start_time: time | None = None
    end_time: time | None = None


def public():
    return Service.kind.in_(PUBLIC_KINDS)


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _at_location(condition):
    return Service.locations.any(ServiceAtLocation.location.has(condition))


_CODE_CONDITIONS = {
    vocab.LANGUAGES: lambda code: relation(Service.language_rows).any(col(ServiceLanguage.code) == code),
    vocab.REFERRAL: lambda code: cast(Service.referral, String).like(f'%"{code}"%'),
    vocab.ACCESSIBILITY: lambda code: _at_location(
        relation(Location.accessibility_rows).any(col(LocationAccessibility.feature) == code)
    ),
    vocab.LABELS: lambda code: {
        vocab.ACTIVITY: Service.kind == ServiceKind.activity,
        vocab.FREE: Service.is_free,
        vocab.HUB: _at_location(Location.is_hub),
    }[code],
}


def _term_condition(session: Session, term_id: str):
    if session.get(TaxonomyTerm, term_id) is not None:
        return col(Service.id).in_(select(ServiceTerm.service_id).where(ServiceTerm.term_id == term_id))
    found = next((t for t in vocab.all_terms(session) if t.id == term_id), None)
    return _CODE_CONDITIONS[found.vocabulary.slug](found.code) if found else false()


def _taxonomy_condition(session: Session, taxonomy_id: str):
    if taxonomy_id in vocab.BY_ID:
        terms = [t for t in vocab.all_terms(session) if t.vocabulary.id == taxonomy_id]
        return or_(false(), *(_CODE_CONDITIONS[t.vocabulary.slug](t.code) for t in terms))
    return col(Service.id).in_(
        select(ServiceTerm.service_id).join(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id == taxonomy_id)
    )


def conditions(session: Session, filters: ServiceFilters) -> list:
    found = [public()]
    for word in (filters.search or "").split()[:MAX_SEARCH_WORDS]:
        pattern = _like(word)
        found.append(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (col(Service.name), col(Service.summary), col(Service.description))
                )
            )
        )
    if filters.taxonomy_term_id:
        found.append(_term_condition(session, filters.taxonomy_term_id))
    if filters.taxonomy_id:
        found.append(_taxonomy_condition(session, filters.taxonomy_id))
    if filters.organization_id:
        found.append(Service.organization_id == filters.organization_id)
    if filters.modified_after:
        found.append(Service.updated_at >= filters.modified_after)
    if filters.minimum_age is not None:
        found.append(col(Service.minimum_age) >= filters.minimum_age)
    if filters.maximum_age is not None:
        found.append(col(Service.maximum_age) <= filters.maximum_age)
    schedule = [
        col(Schedule.byday).contains(filters.day) if filters.day else true(),
        col(Schedule.opens_at) >= filters.start_time if filters.start_time else true(),
        col(Schedule.closes_at) <= filters.end_time if filters.end_time else true(),
    ]
    if filters.day or filters.start_time or filters.end_time:
        found.append(relation(Service.schedules).any(and_(*schedule)))
    return found


def _count(session: Session, query) -> int:
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def _page(session: Session, query, order, offset: int, limit: int, options) -> tuple[list, int]:
    total = _count(session, query)
    if offset >= total:
        return [], total
    return list(session.exec(query.order_by(*order).offset(offset).limit(limit).options(*options)).all()), total


def services(
    session: Session, *, filters: ServiceFilters, offset: int, limit: int, full: bool
) -> tuple[list[Service], int]:
    query = select(Service).where(*conditions(session, filters))
    return _page(session, query, (Service.name, Service.id), offset, limit, FULL_OPTIONS if full else SUMMARY_OPTIONS)


def service_stamps(session: Session, *, filters: ServiceFilters) -> list:
    """(id, updated_at) of every matching service, for ``minimal=true``."""
    return list(
        session.exec(
            select(Service.id, Service.updated_at)
            .where(*conditions(session, filters))
            .order_by(Service.name, Service.id)
        ).all()
    )


def service(session: Session, service_id: str) -> Service | None:
    return session.exec(select(Service).where(Service.id == service_id, public()).options(*FULL_OPTIONS)).first()


def _link_options(full: bool) -> tuple:
    location = selectinload(relation(ServiceAtLocation.location))
    service = selectinload(relation(ServiceAtLocation.service))
    if not full:
        return location, service.options(*SUMMARY_OPTIONS)
    return (location.options(*LOCATION_OPTIONS), service.options(*FULL_OPTIONS[:-1]))


def links_query(session: Session, filters: ServiceFilters):
    return select(ServiceAtLocation).join(Service).where(*conditions(session, filters))


def links(session: Session, *, query, offset: int, limit: int, full: bool) -> tuple[list[ServiceAtLocation], int]:
    return _page(session, query, (Service.name, ServiceAtLocation.id), offset, limit, _link_options(full))


def links_by_id(session: Session, ids: list[str], *, full: bool) -> list[ServiceAtLocation]:
    """The given links, loaded for display, in the order given."""
    rows = {
        row.id: row
        for row in session.exec(
            select(ServiceAtLocation).where(col(ServiceAtLocation.id).in_(ids)).options(*_link_options(full))
        ).all()
    }
    return [rows[i] for i in ids if i in rows]


def link_points(session: Session, filters: ServiceFilters) -> list:
    """(link id, service name, latitude, longitude) of every matching link, for distance ordering."""
    return list(
        session.exec(
            select(ServiceAtLocation.id, Service.name, Location.latitude, Location.longitude)
            .join(Service)
            .join(Location)
            .where(*conditions(session, filters))
        ).all()
    )


def link(session: Session, link_id: str) -> ServiceAtLocation | None:
    return session.exec(
        select(ServiceAtLocation)
        .join(Service)
        .where(ServiceAtLocation.id == link_id, public())
        .options(*_link_options(True))
    ).first()


def postcode_points(session: Session, postcode: str) -> list[tuple[float, float]]:
    """Coordinates of our places at ``postcode``, else in its district (the part before the space)."""
    located = (col(Location.latitude).is_not(None), col(Location.longitude).is_not(None))
    postcode_column = col(Location.postcode)
    for condition in (postcode_column == postcode, postcode_column.startswith(postcode.split()[0] + " ")):
        rows = session.exec(select(Location.latitude, Location.longitude).where(condition, *located)).all()
        if rows:
            # ``located`` keeps out NULL coordinates; the check only tells the type checker so.
            return [(lat, lon) for lat, lon in rows if lat is not None and lon is not None]
    return []


def organizations(session: Session, *, search: str | None, offset: int, limit: int) -> tuple[list, int]:
    query = select(Organization)
    for word in (search or "").split()[:MAX_SEARCH_WORDS]:
        query = query.where(col(Organization.name).ilike(_like(word), escape="\\"))
    return _page(session, query, (Organization.name, Organization.id), offset, limit, ())


def organization(session: Session, org_id: str) -> Organization | None:
    return session.exec(
        select(Organization).where(Organization.id == org_id).options(selectinload(relation(Organization.phones)))
    ).first()


def organization_services(session: Session, org_id: str, *, full: bool) -> list[Service]:
    return list(
        session.exec(
            select(Service)
            .where(Service.organization_id == org_id, public())
            .order_by(Service.name, Service.id)
            .options(*(FULL_OPTIONS if full else SUMMARY_OPTIONS))
        ).all()
    )


def taxonomies(session: Session) -> list:
    """Database taxonomies (topics, service types, imported ones) then the code lists."""
    return list(session.exec(select(Taxonomy).order_by(Taxonomy.name, Taxonomy.id)).all()) + list(vocab.VOCABULARIES)


def terms(
    session: Session, *, taxonomy_id: str | None = None, parent_id: str | None = None, top_only: bool = False
) -> list:
    query = select(TaxonomyTerm).join(Taxonomy).order_by(Taxonomy.name, col(TaxonomyTerm.position), TaxonomyTerm.id)
    if taxonomy_id:
        query = query.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
    if parent_id:
        query = query.where(TaxonomyTerm.parent_id == parent_id)
    if top_only:
        query = query.where(col(TaxonomyTerm.parent_id).is_(None))
    found: list = list(session.exec(query.options(selectinload(relation(TaxonomyTerm.taxonomy)))).all())
    if not parent_id:
        found += [t for t in vocab.all_terms(session) if not taxonomy_id or t.vocabulary.id == taxonomy_id]
    return found
