"""Load ORUK services into the directory: upsert by ORUK id, all or nothing, and idempotent.

:func:`import_services` reads every record first (:mod:`app.oruk.reading`, :mod:`app.oruk.terms`) and raises
:class:`~app.oruk.sources.ImportProblems` before writing anything when there is an error. Then it upserts, by ORUK
id: taxonomies and terms it had to create, service areas, organisations, locations and services, replacing each
changed row's phones, schedules, contacts, cost options, languages, terms, areas and locations. A service or place
whose ORUK JSON is the same as last time is left alone, so importing the same file again changes nothing. Rows
keep their slug (the address of their page) once they have one; new rows get one made from their name.

It never commits: the caller (``signpost oruk import``) does, once, so an import is one transaction, which also
holds :func:`~app.publishing.changes.pages_changed` for every page written and every published service showing an
organisation or place written (search, translation memory and page cache follow from it). It does not touch what
ORUK does not carry: a hub's neighbourhoods and "last checked" date, and guides.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, cast

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from app.content.exporter import content_from_db
from app.content.importer import ImportReport
from app.directory.models import (
    Area,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from app.oruk.reading import Plan, Reader
from app.oruk.sources import ImportProblems, Problem, Record
from app.oruk.terms import TermMatcher, slugify, unique_slug
from app.publishing import drafts, history
from app.publishing.changes import pages_changed
from app.publishing.models import ContentItem, Revision
from app.publishing.page_kinds import PageKind
from app.timeutil import utcnow

CHUNK = 500
CHILDREN_WITH_IDS = (Phone, Schedule, Contact, CostOption, ServiceAtLocation)
_Row = TypeVar("_Row", Organization, Location, Service)  # the rows upserted by ORUK id


class _Child(Protocol):
    """A child row (a phone, a schedule...): every child model keeps its rows in order."""

    position: int


class _WithId(Protocol):
    """A child row with an id of its own (:data:`CHILDREN_WITH_IDS`)."""

    id: str


@dataclass
class OrukImportReport(ImportReport):
    warnings: list[Problem] = field(default_factory=list)
    drafts: Counter = field(default_factory=Counter)  # new, changed, unchanged (with ``as_drafts``)


def _draft_slugs(session: Session) -> dict[str, str]:
    """ORUK id -> slug of each service that exists only as a draft (imported before, not yet published)."""
    rows = session.exec(
        select(ContentItem.slug, Revision.data)
        .join(Revision, col(Revision.item_id) == col(ContentItem.id))
        .where(
            ContentItem.kind == PageKind.service,
            col(ContentItem.published).is_(None),
            Revision.number == ContentItem.latest,
        )
    ).all()
    return {data["id"]: slug for slug, data in rows if data.get("id")}


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _owned_elsewhere(session: Session, reader: Reader) -> list[Problem]:
    """Child ids (phones, schedules...) that already belong to some other record in the database."""
    owners = (
        ("service_id", reader.services),
        ("location_id", reader.locations),
        ("organization_id", reader.organizations),
    )
    problems = []
    for model in CHILDREN_WITH_IDS:
        planned = {
            values["id"]: (column, plan.id)
            for column, plans in owners
            for plan in plans.values()
            for values in plan.children.get(model, [])
        }
        table = cast(type[_WithId], model)  # mypy types a select() of their union as SQLModel, which has no id
        for chunk in _chunks(list(planned)):
            for row in session.exec(select(table).where(col(table.id).in_(chunk))).all():
                column, owner = planned[row.id]
                if getattr(row, column, None) != owner:
                    first = reader.ids[(model, row.id)]
                    problems.append(
                        Problem(first.source, first.path, "this id already belongs to another record in the database")
                    )
    return problems


class _Writer:
    def __init__(self, session: Session, report: OrukImportReport) -> None:
        self.session = session
        self.report = report
        self.slugs: dict[type, set[str]] = {}
        self.pages: set[tuple[str, str]] = set()  # (kind, slug) of every page written, for its history
        self.owners: dict[type, set[str]] = {Organization: set(), Location: set()}  # written: pages show them
        self.drafts: dict[str, str] = {}  # ORUK id -> slug of services imported before as drafts only

    def _slug(self, model: type[_Row], name: str, row_id: str) -> str:
        if model not in self.slugs:
            self.slugs[model] = set(self.session.exec(select(col(model.slug))).all())
            if model is Service:  # pages that so far exist only as drafts in the staff area hold their slugs
                self.drafts = _draft_slugs(self.session)
                self.slugs[model] |= set(self.drafts.values())
        if model is Service and row_id in self.drafts:
            return self.drafts[row_id]
        # a str on a table class (SQLModel types ``__tablename__`` as the function that makes it, too)
        return unique_slug(slugify(name, str(model.__tablename__)), self.slugs[model])

    def _unchanged(self, row: SQLModel, plan: Plan, owner: str) -> bool:
        if any(getattr(row, name) != value for name, value in plan.values.items()):
            return False
        if hasattr(row, "source_hash"):
            return row.source_hash == plan.digest
        for child, rows in plan.children.items():
            model = cast(type[_Child], child)  # children are table models with a position (Plan types them as type)
            existing = self.session.exec(
                select(model).where(getattr(model, owner) == plan.id).order_by(col(model.position))
            ).all()
            if len(existing) != len(rows) or any(
                getattr(item, key) != value
                for item, values in zip(existing, rows, strict=True)
                for key, value in values.items()
            ):
                return False
        return True

    def upsert(self, model: type[_Row], label: str, plan: Plan, owner: str) -> None:
        row = self.session.get(model, plan.id)
        if row is None:
            row = model(id=plan.id, slug=self._slug(model, plan.values["name"], plan.id), **plan.values)
            self.report.created[label] += 1
        elif self._unchanged(row, plan, owner):
            self.report.unchanged[label] += 1
            return
        else:
            for name, value in plan.values.items():
                setattr(row, name, value)
            self.report.updated[label] += 1
        if hasattr(row, "source_hash"):
            row.source_hash = plan.digest
        row.updated_at = utcnow()
        self.session.add(row)
        self.session.flush()
        if model in self.owners:
            self.owners[model].add(row.id)
        if isinstance(row, Service):  # the row is a ``model``: testing the row is what lets mypy see its fields
            self.pages.add((str(row.kind), row.slug))
        elif isinstance(row, Location) and row.is_hub:
            self.pages.add((PageKind.hub, row.slug))
        for child, rows in plan.children.items():
            self.session.execute(delete(child).where(getattr(child, owner) == plan.id))
            self.session.add_all([child(**{owner: plan.id, **values}) for values in rows])


def import_services(
    session: Session,
    records: list[Record],
    progress: Callable[[], None] = lambda: None,
    *,
    as_drafts: bool = False,
    author: str = "ORUK import",
) -> OrukImportReport:
    """Upsert ``records`` (from :func:`app.oruk.sources.read`); ``progress`` is called once per service.

    With ``as_drafts``, organisations, places and taxonomy terms are written as usual (drafts refer to them), but
    services become drafts in the staff area: nothing new or changed reaches the public site until someone
    publishes it. The services are written inside a savepoint, read back as documents, and rolled back.
    """
    matcher = TermMatcher(session)
    reader = Reader(
        matcher,
        areas=list(session.exec(select(Area)).all()),
        organization_ids=set(session.exec(select(Organization.id)).all()),
        location_ids=set(session.exec(select(Location.id)).all()),
    )
    for record in records:
        reader.service(record)
    reader.finish()
    errors = reader.errors or _owned_elsewhere(session, reader)
    if errors:
        raise ImportProblems(errors)
    report = OrukImportReport(warnings=reader.warnings)
    matcher.write()
    report.created.update(
        {
            "taxonomy": len(matcher.new_taxonomies),
            "taxonomy term": len(matcher.new_terms),
            "area": len(reader.new_areas),
        }
    )
    session.add_all(reader.new_areas.values())
    writer = _Writer(session, report)
    for plan in reader.organizations.values():
        writer.upsert(Organization, "organisation", plan, "organization_id")
    for plan in reader.locations.values():
        writer.upsert(Location, "location", plan, "location_id")
    session.flush()
    if as_drafts:
        places = set(writer.pages)
        savepoint = session.begin_nested()
        _write_services(writer, reader, progress)
        documents = [
            (kind, doc)
            for kind, doc in history.documents(content_from_db(session))
            if (kind, history.slug_of(doc)) in writer.pages - places
        ]
        savepoint.rollback()
        session.expunge_all()  # forget the rolled-back rows (everything else was flushed and is read again)
        writer.pages = places
        report.drafts = drafts.save_all(session, documents, author=author)
    else:
        _write_services(writer, reader, progress)
    history.record_from_database(session, writer.pages, author=author)
    if report.changed:
        pages_changed(session, writer.pages | _showing(session, writer.owners))
    report.created = +report.created  # leave out kinds with nothing created
    return report


def _showing(session: Session, owners: dict[type, set[str]]) -> set[tuple[str, str]]:
    """The published services that show these organisations or places (their names, addresses, phones)."""
    pages = set()
    for chunk in _chunks(sorted(owners[Organization])):
        pages |= set(
            session.exec(select(Service.kind, Service.slug).where(col(Service.organization_id).in_(chunk))).all()
        )
    for chunk in _chunks(sorted(owners[Location])):
        pages |= set(
            session.exec(
                select(Service.kind, Service.slug)
                .join(ServiceAtLocation, col(ServiceAtLocation.service_id) == col(Service.id))
                .where(col(ServiceAtLocation.location_id).in_(chunk))
            ).all()
        )
    return pages


def _write_services(writer: _Writer, reader: Reader, progress: Callable[[], None]) -> None:
    for plan in reader.services.values():
        writer.upsert(Service, "service", plan, "service_id")
        progress()
    writer.session.flush()
