"""Directory rows -> ORUK 3.0 objects (plain dicts, ready for JSON).

Shapes follow the UK profile: ``*_summary`` functions give the one-to-one fields of list responses
(``schema/compiled/*_list.json``), ``*_full`` functions the fully nested objects (``schema/compiled/*.json``).
Fields the UK profile lacks but HSDS 3.0 defines are added where Signpost has the data, so that nothing is lost on
the way out and back in: ``phones`` (services, locations, organisations), ``eligibility_description``,
``application_process``, ``metadata``, language ``name``/``code``, contact ``email``, cost option ``currency``,
location ``url``/``organization_id``/``schedules``/``contacts`` and taxonomy term ``code``. Empty values are left
out rather than sent as null (the schemas type them as strings or numbers).

A service's ``description`` is its summary, a blank line, then its Markdown description; the import splits them
the same way. Every id is the database id, or for records Signpost does not store (addresses, attributes,
languages, service areas, accessibility entries) derived from stable ids, so ids never change between requests.
"""

from datetime import UTC, datetime

from app.content.ids import stable_id
from app.directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
    Taxonomy,
    TaxonomyTerm,
)
from app.directory.vocabulary import REFERRAL_METHODS
from app.oruk import vocabularies as vocab

COUNTRY = "GB"


def _present(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None and value != ""}


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as ORUK's ``last_modified`` asks."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def joined_description(summary: str, description: str) -> str:
    return "\n\n".join(part for part in (summary.strip(), description.strip()) if part)


# -- taxonomies ------------------------------------------------------------------------------------------------------
def taxonomy(row: Taxonomy | vocab.Vocabulary) -> dict:
    return {"id": row.id, "name": row.name, "description": row.description}


def term(row: TaxonomyTerm | vocab.Term) -> dict:
    owner: Taxonomy | vocab.Vocabulary
    if isinstance(row, vocab.Term):
        owner, code, parent_id = row.vocabulary, row.code, None
    else:
        owner, code, parent_id = row.taxonomy, row.slug, row.parent_id
    return {"id": row.id, "name": row.name, "description": row.description} | _present(
        {"code": code, "parent_id": parent_id, "taxonomy": owner.name, "taxonomy_id": owner.id}
    )


def attributes(link_id: str, terms: list) -> list[dict]:
    return [
        {
            "id": stable_id("oruk-attribute", link_id, item.id),
            "link_id": link_id,
            "taxonomy_term_id": item.id,
            "taxonomy_term": term(item),
        }
        for item in terms
    ]


# -- organisations ---------------------------------------------------------------------------------------------------
def phones(rows: list[Phone]) -> list[dict]:
    return [_present({"id": p.id, "number": p.number, "description": p.description}) for p in rows]


def organization_summary(org: Organization) -> dict:
    return {"id": org.id, "name": org.name, "description": org.description} | _present(
        {"email": org.email, "website": org.url}
    )


def organization_full(org: Organization, services: list[dict]) -> dict:
    return organization_summary(org) | {"phones": phones(org.phones), "services": services}


# -- locations -------------------------------------------------------------------------------------------------------
def schedules(rows: list[Schedule], owner: dict) -> list[dict]:
    result = []
    for s in rows:
        prefix = str(s.ordinal) if s.freq == "MONTHLY" and s.ordinal is not None else ""
        result.append(
            _present(
                {
                    "id": s.id,
                    **owner,
                    "freq": s.freq,
                    "interval": 1,
                    "byday": ",".join(prefix + d for d in s.days),
                    "opens_at": s.opens_at.strftime("%H:%M:%S"),
                    "closes_at": s.closes_at.strftime("%H:%M:%S"),
                    "valid_from": s.valid_from and s.valid_from.isoformat(),
                    "valid_to": s.valid_to and s.valid_to.isoformat(),
                    "description": s.description,
                }
            )
        )
    return result


def location_summary(loc: Location) -> dict:
    return _present(
        {
            "id": loc.id,
            "location_type": loc.kind,
            "name": loc.name,
            "description": joined_description(loc.summary, loc.description),
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        }
    )


def location_full(loc: Location) -> dict:
    addresses = (
        [
            {
                "id": stable_id("oruk-address", loc.id),
                "location_id": loc.id,
                "address_1": loc.address_1,
                "city": loc.city or "",
                "state_province": "",
                "postal_code": loc.postcode or "",
                "country": COUNTRY,
                "address_type": "physical",
            }
        ]
        if loc.address_1
        else []
    )
    accessibility = []
    for feature in loc.accessibility:
        item = vocab.term(vocab.ACCESSIBILITY, feature)
        entry_id = stable_id("oruk-accessibility", loc.id, feature)
        accessibility.append(
            {
                "id": entry_id,
                "location_id": loc.id,
                "description": item.name,
                "attributes": attributes(entry_id, [item]),
            }
        )
    contacts = (
        [{"id": stable_id("oruk-location-contact", loc.id), "name": loc.name, "email": loc.email}] if loc.email else []
    )
    return (
        location_summary(loc)
        | _present({"url": loc.url, "organization_id": loc.organization_id})
        | {
            "addresses": addresses,
            "accessibility": accessibility,
            "attributes": attributes(loc.id, [vocab.term(vocab.LABELS, vocab.HUB)] if loc.is_hub else []),
            "phones": phones(loc.phones),
            "schedules": schedules(loc.schedules, {}),
            "contacts": contacts,
        }
    )


# -- services --------------------------------------------------------------------------------------------------------
def service_summary(service: Service) -> dict:
    return _present(
        {
            "id": service.id,
            "organization_id": service.organization_id,
            "name": service.name,
            "description": joined_description(service.summary, service.description),
            "url": service.url,
            "email": service.email,
            "status": str(service.status),
            "fees": service.cost_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_checked and service.last_checked.isoformat(),
            "last_modified": timestamp(service.updated_at),
        }
    ) | {"organization": organization_summary(service.organization)}


def minimal(row) -> dict:
    return {"id": row.id, "last_modified": timestamp(row.updated_at)}


def _service_terms(service: Service) -> list:
    terms: list = list(service.terms)
    terms += [vocab.term(vocab.LANGUAGES, code) for code in service.languages]
    terms += [vocab.term(vocab.REFERRAL, code) for code in service.referral]
    if service.kind == ServiceKind.activity:
        terms.append(vocab.term(vocab.LABELS, vocab.ACTIVITY))
    if service.is_free:
        terms.append(vocab.term(vocab.LABELS, vocab.FREE))
    return terms


def service_at_location(link: ServiceAtLocation, *, nested: bool) -> dict:
    return {
        "id": link.id,
        "service_id": link.service_id,
        "location_id": link.location_id,
        "location": location_full(link.location) if nested else location_summary(link.location),
    }


def service_full(service: Service, *, publisher: str, with_locations: bool = True) -> dict:
    """A fully nested service. ``publisher`` (the council) is named as who last updated the record."""
    sid = service.id
    with vocab.in_english():
        how_to_get = " ".join(f"{REFERRAL_METHODS[code]}." for code in service.referral if code in REFERRAL_METHODS)
    full = (
        service_summary(service)
        | _present({"eligibility_description": service.eligibility, "application_process": how_to_get})
        | {
            "schedules": schedules(service.schedules, {"service_id": sid}),
            "service_areas": [
                _present(
                    {
                        "id": stable_id("oruk-service-area", sid, area.id),
                        "service_id": sid,
                        "name": area.name,
                        "service_area": area.description,
                        "uri": f"urn:uuid:{area.id}",
                    }
                )
                for area in service.areas
            ],
            "languages": [
                {
                    "id": stable_id("oruk-language", sid, code),
                    "service_id": sid,
                    "code": code,
                    "name": vocab.term(vocab.LANGUAGES, code).name,
                }
                for code in service.languages
            ],
            "funding": [],
            "cost_options": [
                _present(
                    {"id": o.id, "service_id": sid, "option": o.option, "amount": o.amount, "currency": o.currency}
                )
                for o in service.cost_options
            ],
            "contacts": [
                _present({"id": c.id, "service_id": sid, "name": c.name, "title": c.title, "email": c.email})
                for c in service.contacts
            ],
            "phones": phones(service.phones),
            "organization": organization_summary(service.organization)
            | {"phones": phones(service.organization.phones)},
            "attributes": attributes(sid, _service_terms(service)),
            "metadata": [
                {
                    "id": stable_id("oruk-metadata", sid),
                    "resource_id": sid,
                    "resource_type": "service",
                    "last_action_date": timestamp(service.updated_at),
                    "last_action_type": "update",
                    "field_name": "",
                    "previous_value": "",
                    "replacement_value": "",
                    "updated_by": publisher,
                }
            ],
        }
    )
    if with_locations:
        links = sorted(service.locations, key=lambda link: link.position)
        full["service_at_locations"] = [service_at_location(link, nested=True) for link in links]
    return full


def service_at_location_summary(link: ServiceAtLocation) -> dict:
    return service_at_location(link, nested=False) | {"service": service_summary(link.service)}


def service_at_location_full(link: ServiceAtLocation, *, publisher: str) -> dict:
    return service_at_location(link, nested=True) | {
        "service": service_full(link.service, publisher=publisher, with_locations=False)
    }
