"""Read-only queries for the public directory pages. Every list query loads what its page shows up front."""

import threading
import weakref

from sqlalchemy import Engine, func
from sqlalchemy.orm import joinedload, selectinload
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


SERVICE_LIST_OPTIONS = (
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
"""What a list of services shows (a spreadsheet row, an activity in a timetable): one statement per kind of related
row, so that each organisation, term or place is read once however many services share it."""

SERVICE_PAGE_OPTIONS = (
    joinedload(relation(Service.organization), innerjoin=True),
    joinedload(relation(Service.locations))
    .joinedload(relation(ServiceAtLocation.location))
    .selectinload(relation(Location.accessibility_rows)),
    selectinload(relation(Service.terms)).joinedload(relation(TaxonomyTerm.taxonomy), innerjoin=True),
    selectinload(relation(Service.areas)),
    selectinload(relation(Service.phones)),
    selectinload(relation(Service.contacts)),
    selectinload(relation(Service.cost_options)),
    selectinload(relation(Service.schedules)),
    selectinload(relation(Service.language_rows)),
)
"""What one service's page shows, in as few statements as its shape allows: the service with its organisation and
its places (one join: a service has one organisation and a few places), then one statement per other collection
(joining two collections would multiply their rows), with each term's taxonomy and each place's accessibility."""


def topics_with_counts(session: Session, *, version: int | None = None) -> list[tuple[TaxonomyTerm, int]]:
    """The topics in their order, each with how many listed services it holds.

    Counting reads every listed service (tens of milliseconds in a big directory), so given the content ``version``
    (``app.state.content_version``, which every change to the public tables moves) the counts are kept until it
    moves, as a cached page would be."""
    terms = session.exec(
        select(TaxonomyTerm).join(Taxonomy).where(Taxonomy.slug == "topics").order_by(col(TaxonomyTerm.position))
    ).all()
    counts = _topic_counts.get(session, version)
    return [(term, counts.get(term.id, 0)) for term in terms]


def count_topic_services(session: Session) -> dict[str, int]:
    """{topic id: listed services in it}, for the topics that have any."""
    rows = session.exec(
        select(ServiceTerm.term_id, func.count())
        .join(Service, col(Service.id) == ServiceTerm.service_id)
        .join(TaxonomyTerm, col(TaxonomyTerm.id) == ServiceTerm.term_id)
        .join(Taxonomy)
        .where(Taxonomy.slug == "topics", Service.kind == ServiceKind.service, col(Service.status).in_(LISTED_STATUSES))
        .group_by(col(ServiceTerm.term_id))
    ).all()
    return dict(rows)


class _CountsByVersion:
    """Topic counts per database (engine), with the content version they were counted at."""

    def __init__(self) -> None:
        self._kept: weakref.WeakKeyDictionary[Engine, tuple[int, dict[str, int]]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, session: Session, version: int | None) -> dict[str, int]:
        bind = session.get_bind()
        if version is None or not isinstance(bind, Engine):  # a test's open transaction: nothing kept
            return count_topic_services(session)
        kept = self._kept.get(bind)
        if kept is not None and kept[0] == version:
            return kept[1]
        counts = count_topic_services(session)
        with self._lock:
            self._kept[bind] = (version, counts)
        return counts


_topic_counts = _CountsByVersion()


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
            .options(*SERVICE_LIST_OPTIONS)
        ).all()
    )


def get_service(session: Session, slug: str) -> Service | None:
    """A service or activity with everything its page shows. The joined places come as one row each, so every row
    is read (``unique``), never just the first."""
    return (
        session.exec(select(Service).where(Service.slug == slug).options(*SERVICE_PAGE_OPTIONS)).unique().one_or_none()
    )


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
        .options(*SERVICE_LIST_OPTIONS)
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
