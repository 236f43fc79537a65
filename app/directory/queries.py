"""Read-only queries for the public directory pages. Every list query loads what its page shows up front."""

from sqlalchemy import func
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from app.db import relation
from app.directory.models import (
    Area,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    ServiceLanguage,
    ServiceStatus,
    ServiceTerm,
    Taxonomy,
    TaxonomyTerm,
)

LISTED_STATUSES = (ServiceStatus.active, ServiceStatus.temporarily_closed)


SERVICE_PAGE_OPTIONS = (
    selectinload(relation(Service.organization)),
    selectinload(relation(Service.terms)).selectinload(relation(TaxonomyTerm.taxonomy)),
    selectinload(relation(Service.areas)),
    selectinload(relation(Service.phones)),
    selectinload(relation(Service.contacts)),
    selectinload(relation(Service.cost_options)),
    selectinload(relation(Service.schedules)),
    selectinload(relation(Service.language_rows)),
    selectinload(relation(Service.locations))
    .selectinload(relation(ServiceAtLocation.location))
    .selectinload(relation(Location.accessibility_rows)),
)


def topics_with_counts(session: Session) -> list[tuple[TaxonomyTerm, int]]:
    count = (
        select(func.count(col(ServiceTerm.service_id)))
        .join(Service, col(Service.id) == ServiceTerm.service_id)
        .where(
            ServiceTerm.term_id == TaxonomyTerm.id,
            Service.kind == ServiceKind.service,
            col(Service.status).in_(LISTED_STATUSES),
        )
        .scalar_subquery()
    )
    rows = session.exec(
        select(TaxonomyTerm, count).join(Taxonomy).where(Taxonomy.slug == "topics").order_by(col(TaxonomyTerm.position))
    ).all()
    return [(term, total) for term, total in rows]


def get_topic(session: Session, slug: str) -> TaxonomyTerm | None:
    return session.exec(
        select(TaxonomyTerm).join(Taxonomy).where(Taxonomy.slug == "topics", TaxonomyTerm.slug == slug)
    ).first()


def services_in_topic(session: Session, *, term_id: str, offset: int, limit: int) -> tuple[list[Service], int]:
    where = (
        ServiceTerm.term_id == term_id,
        Service.kind == ServiceKind.service,
        col(Service.status).in_(LISTED_STATUSES),
    )
    total = session.exec(select(func.count()).select_from(Service).join(ServiceTerm).where(*where)).one()
    services = session.exec(
        select(Service)
        .join(ServiceTerm)
        .where(*where)
        .order_by(Service.name)
        .offset(offset)
        .limit(limit)
        .options(selectinload(relation(Service.organization)))
    ).all()
    return list(services), total


def services_for_export(session: Session, *, term_id: str) -> list[Service]:
    """Every listed service in a topic, with what a spreadsheet row shows."""
    return list(
        session.exec(
            select(Service)
            .join(ServiceTerm)
            .where(
                ServiceTerm.term_id == term_id,
                Service.kind == ServiceKind.service,
                col(Service.status).in_(LISTED_STATUSES),
            )
            .order_by(Service.name)
            .options(*SERVICE_PAGE_OPTIONS)
        ).all()
    )


def get_service(session: Session, slug: str) -> Service | None:
    return session.exec(select(Service).where(Service.slug == slug).options(*SERVICE_PAGE_OPTIONS)).first()


def count_areas(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Area)).one()


def list_hubs(session: Session) -> list[Location]:
    return list(
        session.exec(
            select(Location)
            .where(Location.is_hub)
            .order_by(Location.name)
            .options(selectinload(relation(Location.accessibility_rows)), selectinload(relation(Location.phones)))
        ).all()
    )


def count_hubs(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Location).where(Location.is_hub)).one()


def get_hub(session: Session, slug: str) -> Location | None:
    return session.exec(
        select(Location)
        .where(Location.is_hub, Location.slug == slug)
        .options(
            selectinload(relation(Location.accessibility_rows)),
            selectinload(relation(Location.phones)),
            selectinload(relation(Location.schedules)),
            selectinload(relation(Location.areas)),
            selectinload(relation(Location.organization)),
        )
    ).first()


def activities(
    session: Session, *, hub_id: str | None = None, day: str | None = None, language: str | None = None
) -> list[Service]:
    """Listed activities with their schedules, hub and languages loaded, optionally filtered."""
    query = (
        select(Service)
        .join(ServiceAtLocation)
        .join(Location)
        .where(Service.kind == ServiceKind.activity, col(Service.status).in_(LISTED_STATUSES), Location.is_hub)
        .order_by(Service.name)
        .options(*SERVICE_PAGE_OPTIONS)
    )
    if hub_id:
        query = query.where(Location.id == hub_id)
    if day:
        query = query.where(relation(Service.schedules).any(col(Schedule.byday).contains(day)))
    if language:
        query = query.where(relation(Service.language_rows).any(col(ServiceLanguage.code) == language))
    return list(session.exec(query).all())


def activity_languages(session: Session) -> list[str]:
    """Every language some listed activity runs in."""
    return list(
        session.exec(
            select(ServiceLanguage.code)
            .join(Service)
            .where(Service.kind == ServiceKind.activity, col(Service.status).in_(LISTED_STATUSES))
            .distinct()
            .order_by(ServiceLanguage.code)
        ).all()
    )
