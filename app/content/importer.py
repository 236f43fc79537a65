"""Write a checked :class:`ContentSet` into the database: upsert by slug, unchanged items untouched.

The caller owns the transaction (the CLI commits once at the end, so an import is all or nothing).
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from app.content import schema
from app.content.ids import content_hash, stable_id
from app.content.loader import ALL_AREAS, ContentSet
from app.directory.models import (
    Area,
    Contact,
    CostOption,
    Location,
    LocationAccessibility,
    LocationArea,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
    ServiceLanguage,
    ServiceTerm,
    Taxonomy,
    TaxonomyTerm,
)
from app.easyread.models import Leaflet
from app.guides.models import Guide, GuideTopic
from app.publishing import history
from app.publishing.changes import pages_changed
from app.publishing.page_kinds import PageKind
from app.timeutil import utcnow

_Row = TypeVar("_Row", Taxonomy, Area, Organization, Location, Service, Guide, Leaflet)  # the tables upserted by slug


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


class _Importer:
    def __init__(self, session: Session, content: ContentSet) -> None:
        self.session = session
        self.content = content
        self.report = ImportReport()
        self.terms: dict[tuple[str, str], str] = {}
        self.areas: dict[str, str] = {}
        self.organisations: dict[str, str] = {}
        self.locations: dict[str, str] = {}
        self.changed: list[tuple[str, schema.BaseModel]] = []  # (kind, document) written, for their history

    def load_references(self) -> None:
        """Fill the slug -> id maps from the database, to write single documents (the staff area publishing)."""
        for term_id, term_slug, taxonomy_slug in self.session.exec(
            select(TaxonomyTerm.id, TaxonomyTerm.slug, Taxonomy.slug).join(Taxonomy)
        ).all():
            self.terms[(taxonomy_slug, term_slug)] = term_id
        self.areas = {
            slug: id_ for id_, slug in self.session.exec(select(Area.id, Area.slug).order_by(col(Area.position))).all()
        }
        self.organisations = dict(self.session.exec(select(Organization.slug, Organization.id)).all())
        self.locations = dict(self.session.exec(select(Location.slug, Location.id)).all())

    def upsert(self, model: type[_Row], label: str, slug: str, item: schema.BaseModel, **values) -> tuple[_Row, bool]:
        """Create or update the row for ``slug``; returns (row, changed)."""
        digest = content_hash(item)
        row = self.session.exec(select(model).where(col(model.slug) == slug)).first()
        if row is None:
            row = model(id=getattr(item, "id", None) or stable_id(model.__tablename__, slug), slug=slug, **values)
            self.report.created[label] += 1
        elif getattr(row, "source_hash", digest) == digest and all(
            getattr(row, name) == value for name, value in values.items()
        ):
            self.report.unchanged[label] += 1
            return row, False
        else:
            self.report.updated[label] += 1
        for name, value in values.items():
            setattr(row, name, value)
        if hasattr(row, "source_hash"):
            row.source_hash = digest
        if hasattr(row, "updated_at"):
            row.updated_at = utcnow()
        self.session.add(row)
        self.session.flush()
        return row, True

    def replace(self, model: type[SQLModel], column: str, owner_id: str, rows: Sequence[SQLModel]) -> None:
        self.session.execute(delete(model).where(getattr(model, column) == owner_id))
        self.session.add_all(rows)

    # -- reference data ------------------------------------------------------------------------------------------
    def taxonomies(self) -> None:
        for taxonomy in self.content.taxonomies:
            row, _ = self.upsert(
                Taxonomy, "taxonomy", taxonomy.slug, taxonomy, name=taxonomy.name, description=taxonomy.description
            )
            for position, term in enumerate(taxonomy.terms):
                term_row = self.session.exec(
                    select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id == row.id, TaxonomyTerm.slug == term.slug)
                ).first() or TaxonomyTerm(
                    id=stable_id("term", taxonomy.slug, term.slug), taxonomy_id=row.id, slug=term.slug, name=term.name
                )
                term_row.name, term_row.description, term_row.position = term.name, term.description, position
                self.session.add(term_row)
                self.terms[(taxonomy.slug, term.slug)] = term_row.id
        self.session.flush()

    def reference_data(self) -> None:
        for position, area in enumerate(self.content.areas):
            area_row, _ = self.upsert(
                Area, "area", area.slug, area, name=area.name, description=area.description, position=position
            )
            self.areas[area.slug] = area_row.id
        for org in self.content.organisations:
            row, changed = self.upsert(
                Organization,
                "organisation",
                org.slug,
                org,
                name=org.name,
                description=org.description,
                url=org.url,
                email=org.email,
            )
            self.organisations[org.slug] = row.id
            if changed:
                phones = (
                    [Phone(id=stable_id("organisation", org.slug, "phone"), number=org.phone, organization_id=row.id)]
                    if org.phone
                    else []
                )
                self.replace(Phone, "organization_id", row.id, phones)

    def area_ids(self, slugs: list[str]) -> list[str]:
        if ALL_AREAS in slugs:
            return list(self.areas.values())
        return [self.areas[slug] for slug in slugs]

    def organisation_id(self, slug: str | None) -> str | None:
        return self.organisations[slug] if slug else None

    # -- places ---------------------------------------------------------------------------------------------------
    def location(self, item, *, is_hub: bool, **values) -> tuple[Location, bool]:
        row, changed = self.upsert(
            Location,
            "hub" if is_hub else "venue",
            item.slug,
            item,
            is_hub=is_hub,
            name=item.name,
            latitude=item.latitude,
            longitude=item.longitude,
            postcode=item.postcode,
            city=item.city,
            **values,
        )
        self.locations[item.slug] = row.id
        if changed:
            self.replace(
                LocationAccessibility,
                "location_id",
                row.id,
                [
                    LocationAccessibility(location_id=row.id, feature=feature, position=position)
                    for position, feature in enumerate(item.accessibility)
                ],
            )
        return row, changed

    def venues(self) -> None:
        for venue in self.content.venues:
            self.location(
                venue,
                is_hub=False,
                kind="virtual" if venue.virtual else "physical",
                address_1=venue.address,
                url=venue.url,
            )

    def hub(self, hub: schema.HubFile) -> bool:
        row, changed = self.location(
            hub,
            is_hub=True,
            kind="physical",
            summary=hub.summary,
            description=hub.description,
            organization_id=self.organisation_id(hub.organisation),
            address_1=hub.address,
            email=hub.email,
            last_checked=hub.last_checked,
        )
        if changed:
            key = (PageKind.hub, hub.slug)
            self.replace(Phone, "location_id", row.id, self.phones(key, hub.phones, location_id=row.id))
            self.replace(Schedule, "location_id", row.id, self.schedules(key, hub.opening_times, location_id=row.id))
            self.replace(
                LocationArea,
                "location_id",
                row.id,
                [
                    LocationArea(location_id=row.id, area_id=a, position=i)
                    for i, a in enumerate(self.area_ids(hub.areas))
                ],
            )
        return changed

    def hubs(self, progress: Callable[[], None]) -> None:
        for hub in self.content.hubs:
            if self.hub(hub):
                self.changed.append((PageKind.hub, hub))
            for activity in hub.activities:
                if self.service(
                    activity,
                    kind=ServiceKind.activity,
                    location_slugs=[hub.slug],
                    area_slugs=hub.areas,
                    last_checked=hub.last_checked,
                ):
                    self.changed.append(
                        (
                            PageKind.activity,
                            schema.ActivityDoc(**activity.model_dump(), hub=hub.slug, last_checked=hub.last_checked),
                        )
                    )
            progress()

    # -- services -------------------------------------------------------------------------------------------------
    def phones(self, key: tuple, phones: list[schema.PhoneIn], **owner) -> list[Phone]:
        return [
            Phone(id=stable_id(*key, "phone", i), number=p.number, description=p.description or "", position=i, **owner)
            for i, p in enumerate(phones)
        ]

    def schedules(self, key: tuple, times: list[schema.OpeningTime], **owner) -> list[Schedule]:
        return [
            Schedule(
                id=stable_id(*key, "schedule", i),
                freq=t.freq,
                byday=",".join(t.days),
                ordinal=t.ordinal,
                opens_at=t.opens,
                closes_at=t.closes,
                description=t.note or "",
                position=i,
                **owner,
            )
            for i, t in enumerate(times)
        ]

    def service(
        self,
        item: schema.ServiceFields,
        *,
        kind: ServiceKind,
        location_slugs: list[str],
        area_slugs: list[str],
        last_checked,
    ) -> bool:
        row, changed = self.upsert(
            Service,
            PageKind.service,
            item.slug,
            item,
            kind=kind,
            name=item.name,
            summary=item.summary,
            description=item.description,
            status=item.status,
            organization_id=self.organisation_id(item.organisation),
            url=item.url,
            email=item.email,
            minimum_age=item.minimum_age,
            maximum_age=item.maximum_age,
            eligibility=item.eligibility or "",
            referral=list(item.referral),
            is_free=item.cost.free,
            cost_description=item.cost.description or "",
            last_checked=last_checked,
        )
        if not changed:
            return False
        key, sid = (PageKind.service, item.slug), row.id
        self.replace(Phone, "service_id", sid, self.phones(key, item.phones, service_id=sid))
        self.replace(Schedule, "service_id", sid, self.schedules(key, item.opening_times, service_id=sid))
        self.replace(
            Contact,
            "service_id",
            sid,
            [
                Contact(
                    id=stable_id(*key, "contact", i),
                    service_id=sid,
                    name=c.name,
                    title=c.title or "",
                    email=c.email,
                    position=i,
                )
                for i, c in enumerate(item.contacts)
            ],
        )
        self.replace(
            CostOption,
            "service_id",
            sid,
            [
                CostOption(
                    id=stable_id(*key, "cost", i),
                    service_id=sid,
                    option=o.label,
                    amount=float(o.amount) if o.amount is not None else None,
                    position=i,
                )
                for i, o in enumerate(item.cost.options)
            ],
        )
        self.replace(
            ServiceLanguage,
            "service_id",
            sid,
            [ServiceLanguage(service_id=sid, code=code, position=i) for i, code in enumerate(item.languages)],
        )
        term_ids = [self.terms[("topics", s)] for s in item.topics]
        term_ids += [self.terms[("service-types", s)] for s in item.service_types]
        self.replace(
            ServiceTerm,
            "service_id",
            sid,
            [ServiceTerm(service_id=sid, term_id=t, position=i) for i, t in enumerate(term_ids)],
        )
        self.replace(
            ServiceArea,
            "service_id",
            sid,
            [ServiceArea(service_id=sid, area_id=a, position=i) for i, a in enumerate(self.area_ids(area_slugs))],
        )
        self.replace(
            ServiceAtLocation,
            "service_id",
            sid,
            [
                ServiceAtLocation(
                    id=stable_id(*key, "at", slug), service_id=sid, location_id=self.locations[slug], position=i
                )
                for i, slug in enumerate(location_slugs)
            ],
        )
        return True

    def guide(self, guide: schema.GuideFile) -> bool:
        row, changed = self.upsert(
            Guide,
            PageKind.guide,
            guide.slug,
            guide,
            title=guide.title,
            summary=guide.summary,
            body=guide.body,
            last_checked=guide.last_checked,
        )
        if changed:
            self.replace(
                GuideTopic,
                "guide_id",
                row.id,
                [
                    GuideTopic(guide_id=row.id, term_id=self.terms[("topics", s)], position=i)
                    for i, s in enumerate(guide.topics)
                ],
            )
        return changed

    def guides(self, progress: Callable[[], None]) -> None:
        for guide in self.content.guides:
            if self.guide(guide):
                self.changed.append((PageKind.guide, guide))
            progress()

    def leaflet(self, leaflet) -> bool:
        data = leaflet.model_dump(mode="json")
        _row, changed = self.upsert(
            Leaflet,
            PageKind.leaflet,
            leaflet.slug,
            leaflet,
            title=leaflet.title,
            summary=leaflet.summary,
            cover=leaflet.cover,
            cover_alt=leaflet.cover_alt,
            rows=data["rows"],
            glossary=data["glossary"],
            links=data["links"],
            last_checked=leaflet.last_checked,
        )
        return changed

    def leaflets(self, progress: Callable[[], None]) -> None:
        for leaflet in self.content.leaflets:
            if self.leaflet(leaflet):
                self.changed.append((PageKind.leaflet, leaflet))
            progress()


def import_content(session: Session, content: ContentSet, progress: Callable[[], None] = lambda: None) -> ImportReport:
    """Upsert everything in ``content``; ``progress`` is called once per file-level item."""
    importer = _Importer(session, content)
    importer.taxonomies()
    importer.reference_data()
    importer.venues()
    importer.hubs(progress)
    for service in content.services:
        if importer.service(
            service,
            kind=ServiceKind.service,
            location_slugs=service.locations,
            area_slugs=service.areas,
            last_checked=service.last_checked,
        ):
            importer.changed.append((PageKind.service, service))
        progress()
    importer.guides(progress)
    importer.leaflets(progress)
    session.flush()
    written = {(kind, history.slug_of(doc)) for kind, doc in importer.changed}
    if importer.report.changed:
        pages_changed(session, written)
    history.record_published(
        session,
        importer.changed
        + [
            (kind, doc)
            for kind, doc in history.untracked(session, content)
            if (kind, history.slug_of(doc)) not in written
        ],
    )
    return importer.report


def apply_document(session: Session, kind: str, document: schema.BaseModel) -> bool:
    """Write one staff-edited document into the public tables (publishing it); True when anything changed."""
    importer = _Importer(session, ContentSet())
    importer.load_references()
    # ``document`` is the kind's document model (``KINDS[kind].document``): the casts only name it.
    if kind == PageKind.hub:
        changed = importer.hub(cast(schema.HubFile, document))
    elif kind == PageKind.guide:
        changed = importer.guide(cast(schema.GuideFile, document))
    elif kind == PageKind.leaflet:
        changed = importer.leaflet(document)
    elif kind == PageKind.activity:
        activity = cast(schema.ActivityDoc, document)
        hub = session.exec(select(Location).where(Location.slug == activity.hub)).one()
        changed = importer.service(
            activity,
            kind=ServiceKind.activity,
            location_slugs=[activity.hub],
            area_slugs=[area.slug for area in hub.areas],
            last_checked=activity.last_checked,
        )
    else:
        service = cast(schema.ServiceFile, document)
        changed = importer.service(
            service,
            kind=ServiceKind.service,
            location_slugs=service.locations,
            area_slugs=service.areas,
            last_checked=service.last_checked,
        )
    session.flush()
    if changed:
        pages_changed(session, [(kind, history.slug_of(document))])
    return changed


def count_items(content: ContentSet) -> int:
    """How many times :func:`import_content` calls ``progress``."""
    return len(content.hubs) + len(content.services) + len(content.guides) + len(content.leaflets)
