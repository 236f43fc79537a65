"""Turn the database back into a :class:`ContentSet`, and write a ContentSet as content files."""

from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from app.content import schema
from app.content.files import write_markdown, write_yaml
from app.content.ids import stable_id
from app.content.loader import ALL_AREAS, ContentSet
from app.db import relation
from app.directory.models import (
    Area,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from app.easyread.models import Leaflet
from app.easyread.schema import GlossaryEntry, LeafletFile, Row
from app.easyread.source import write_leaflet
from app.guides.models import Guide

Model = TypeVar("Model", bound=BaseModel)

HEADER = "# Written by `signpost content export`. See content/README.md for the format.\n"


def _built(model: type[Model], **fields) -> Model:
    """A content model from database values, as they are: data from elsewhere (an ORUK import, say) may break the
    content-file rules, and exporting or keeping its history must still work. Importing it again checks it."""
    return model.model_construct(**fields)


def _opening_times(schedules: list[Schedule]) -> list[schema.OpeningTime]:
    return [
        _built(
            schema.OpeningTime,
            freq=s.freq,
            ordinal=s.ordinal,
            days=s.days,
            opens=s.opens_at,
            closes=s.closes_at,
            note=s.description or None,
        )
        for s in schedules
    ]


def _phones(phones) -> list[schema.PhoneIn]:
    return [_built(schema.PhoneIn, number=p.number, description=p.description or None) for p in phones]


def _service_fields(service: Service) -> dict:
    return {
        "id": None if service.id == stable_id("service", service.slug) else service.id,
        "slug": service.slug,
        "name": service.name,
        "organisation": service.organization.slug,
        "status": ServiceStatus(service.status),
        "summary": service.summary,
        "topics": [t.slug for t in service.terms_in("topics")],
        "service_types": [t.slug for t in service.terms_in("service-types")],
        "eligibility": service.eligibility or None,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "referral": service.referral,
        "cost": _built(
            schema.CostIn,
            free=service.is_free,
            description=service.cost_description or None,
            options=[
                _built(
                    schema.CostOptionIn, label=o.option, amount=None if o.amount is None else Decimal(f"{o.amount:.2f}")
                )
                for o in service.cost_options
            ],
        ),
        "url": service.url,
        "email": service.email,
        "phones": _phones(service.phones),
        "contacts": [
            _built(schema.ContactIn, name=c.name, title=c.title or None, email=c.email) for c in service.contacts
        ],
        "opening_times": _opening_times(service.schedules),
        "languages": service.languages,
        "description": service.description,
    }


def _area_slugs(areas: list[Area], all_areas: list[str]) -> list[str]:
    slugs = [area.slug for area in areas]
    return [ALL_AREAS] if slugs and sorted(slugs) == sorted(all_areas) else slugs


def content_from_db(session: Session) -> ContentSet:
    all_areas = session.exec(select(Area).order_by(col(Area.position))).all()
    area_slugs = [a.slug for a in all_areas]
    content = ContentSet(
        taxonomies=[
            _built(
                schema.TaxonomyIn,
                slug=t.slug,
                name=t.name,
                description=t.description,
                terms=[
                    _built(schema.TermIn, slug=term.slug, name=term.name, description=term.description)
                    for term in sorted(t.terms, key=lambda term: term.position)
                ],
            )
            for t in session.exec(select(Taxonomy).order_by(Taxonomy.slug)).all()
        ],
        areas=[_built(schema.AreaIn, slug=a.slug, name=a.name, description=a.description) for a in all_areas],
        organisations=[
            _built(
                schema.OrganisationIn,
                slug=o.slug,
                name=o.name,
                description=o.description,
                url=o.url,
                email=o.email,
                phone=o.phones[0].number if o.phones else None,
            )
            for o in session.exec(select(Organization).order_by(Organization.slug)).all()
        ],
    )
    locations = session.exec(
        select(Location)
        .order_by(Location.slug)
        .options(
            selectinload(relation(Location.accessibility_rows)),
            selectinload(relation(Location.areas)),
            selectinload(relation(Location.phones)),
            selectinload(relation(Location.schedules)),
            selectinload(relation(Location.organization)),
            selectinload(relation(Location.service_links)).selectinload(relation(ServiceAtLocation.service)),
        )
    ).all()
    services = {
        s.id: s
        for s in session.exec(
            select(Service)
            .order_by(Service.slug)
            .options(
                selectinload(relation(Service.terms)).selectinload(relation(TaxonomyTerm.taxonomy)),
                selectinload(relation(Service.organization)),
                selectinload(relation(Service.phones)),
                selectinload(relation(Service.contacts)),
                selectinload(relation(Service.cost_options)),
                selectinload(relation(Service.schedules)),
                selectinload(relation(Service.language_rows)),
                selectinload(relation(Service.areas)),
                selectinload(relation(Service.locations)).selectinload(relation(ServiceAtLocation.location)),
            )
        ).all()
    }
    for location in locations:
        if not location.is_hub:
            content.venues.append(
                _built(
                    schema.VenueIn,
                    slug=location.slug,
                    name=location.name,
                    virtual=location.kind == "virtual",
                    url=location.url,
                    address=location.address_1,
                    city=location.city,
                    postcode=location.postcode,
                    latitude=location.latitude,
                    longitude=location.longitude,
                    accessibility=location.accessibility,
                )
            )
            continue
        activities = sorted(
            (services[link.service_id] for link in location.service_links if link.service.kind == ServiceKind.activity),
            key=lambda s: s.slug,
        )
        content.hubs.append(
            _built(
                schema.HubFile,
                slug=location.slug,
                name=location.name,
                summary=location.summary,
                organisation=location.organization.slug if location.organization else None,
                address=location.address_1,
                city=location.city,
                postcode=location.postcode,
                latitude=location.latitude,
                longitude=location.longitude,
                accessibility=location.accessibility,
                email=location.email,
                phones=_phones(location.phones),
                opening_times=_opening_times(location.schedules),
                areas=_area_slugs(location.areas, area_slugs),
                last_checked=location.last_checked,
                activities=[_built(schema.ActivityIn, **_service_fields(a)) for a in activities],
                description=location.description,
            )
        )
    for service in services.values():
        if service.kind == ServiceKind.service:
            content.services.append(
                _built(
                    schema.ServiceFile,
                    **_service_fields(service),
                    last_checked=service.last_checked,
                    locations=[
                        link.location.slug for link in sorted(service.locations, key=lambda link: link.position)
                    ],
                    areas=_area_slugs(service.areas, area_slugs),
                )
            )
    for guide in session.exec(select(Guide).order_by(Guide.slug).options(selectinload(relation(Guide.topics)))).all():
        content.guides.append(
            _built(
                schema.GuideFile,
                slug=guide.slug,
                title=guide.title,
                summary=guide.summary,
                topics=[t.slug for t in guide.topics],
                last_checked=guide.last_checked,
                body=guide.body,
            )
        )
    for leaflet in session.exec(select(Leaflet).order_by(Leaflet.slug)).all():
        content.leaflets.append(
            _built(
                LeafletFile,
                **{
                    name: getattr(leaflet, name)
                    for name in LeafletFile.model_fields
                    if name not in ("rows", "glossary")
                },
                rows=[_built(Row, **row) for row in leaflet.rows],
                glossary=[_built(GlossaryEntry, **entry) for entry in leaflet.glossary],
            )
        )
    return content


def _plain(value):
    """Model data as YAML-friendly values in the content-file format."""
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.model_dump(exclude_defaults=True).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _front_matter(item: BaseModel, body_field: str) -> tuple[dict, str]:
    data = _plain(item)
    body = data.pop(body_field, "")
    return data, body


def write_content(content: ContentSet, root: Path, easyread: Path | None = None) -> int:
    """Write every file (the leaflets into ``easyread``, when given); returns how many files were written."""
    root = Path(root)
    write_yaml(root / "taxonomy.yml", {"taxonomies": _plain(content.taxonomies)}, HEADER)
    write_yaml(root / "areas.yml", {"areas": _plain(content.areas)}, HEADER)
    write_yaml(root / "organisations.yml", {"organisations": _plain(content.organisations)}, HEADER)
    write_yaml(root / "venues.yml", {"venues": _plain(content.venues)}, HEADER)
    written = 4
    for folder, items, body_field in (
        ("services", content.services, "description"),
        ("hubs", content.hubs, "description"),
        ("guides", content.guides, "body"),
    ):
        for item in items:
            write_markdown(root / folder / f"{item.slug}.md", *_front_matter(item, body_field))
            written += 1
    if easyread is not None:
        for leaflet in content.leaflets:
            write_leaflet(
                Path(easyread) / f"{leaflet.slug}.md",
                {name: _plain(getattr(leaflet, name)) for name in LeafletFile.model_fields},
            )
            written += 1
    return written
