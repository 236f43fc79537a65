"""ORUK service objects (already valid against the schema) -> plans: the rows to write, keyed by ORUK id.

Signpost's own rules apply on top of the schema. Breaking one is an error, and nothing is imported: text too long
for our columns, a phone number that is not a UK number, an email or web address we cannot use, ages out of order,
a service without an organisation, two records with the same id. Details Signpost cannot represent are left out
with a warning instead: coordinates off the globe, schedules that are not weekly or monthly times on given days,
dates we cannot read, accessibility entries that are not on our list, languages without a code. A postcode that is
not a UK postcode is kept as written, with a warning.

Fields Signpost does not keep are ignored: ``alert``, ``accreditations``, ``assurer_email``, ``funding``, organisation
``logo``/``uri``/``parent_organization_id``/``organization_identifiers``, location ``external_identifier``, address
``attention``/``region``/``country``, schedule ``dtstart``/``schedule_link``/``attending_type``, cost option dates,
attribute ``link_type``, and every ``metadata``. Ids of records Signpost does not store (addresses, attributes,
languages, service areas, accessibility entries) are not kept either: the API derives its own, stably.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.content.ids import stable_id
from app.directory.models import (
    Area,
    Contact,
    CostOption,
    LocationAccessibility,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
    ServiceKind,
    ServiceLanguage,
    ServiceTerm,
)
from app.oruk import vocabularies as vocab
from app.oruk.checks import Checker
from app.oruk.sources import Record
from app.oruk.terms import TermMatcher, slugify, unique_slug
from app.ui import validators

SUMMARY_LIMIT = 500
NESTED = (
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "funding",
    "cost_options",
    "contacts",
    "attributes",
    "phones",
)  # a full service has some of these; a list entry none


@dataclass
class Plan:
    """One row to upsert by id, with the child rows that replace its current ones (model -> field dicts)."""

    id: str
    values: dict
    digest: str
    children: dict[type, list[dict]] = field(default_factory=dict)


def digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def split_description(text: str) -> tuple[str, str]:
    """ORUK's one description -> (summary, Markdown description): the first paragraph is the summary."""
    text = (text or "").strip()
    first, _, rest = text.partition("\n\n")
    if len(first) <= SUMMARY_LIMIT:
        return first.strip(), rest.strip()
    return first[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…", text


class Reader(Checker):
    def __init__(
        self, matcher: TermMatcher, *, areas: list[Area], organization_ids: set[str], location_ids: set[str]
    ) -> None:
        super().__init__(matcher)
        self.services: dict[str, Plan] = {}
        self.organizations: dict[str, Plan] = {}
        self.locations: dict[str, Plan] = {}
        self.known_areas = {area.id: area for area in areas}
        self.known_organizations = organization_ids
        self.known_locations = location_ids
        self.sources: dict[str, Record] = {}
        self.new_areas: dict[str, Area] = {}

    # -- organisations and locations -------------------------------------------------------------------------------
    def _first(self, plans: dict[str, Plan], data: dict, parts: tuple, what: str) -> bool:
        """True when ``data`` is new; a repeat that differs from the first is a warning (the first is kept)."""
        known = plans.get(data["id"])
        if known is not None and known.digest != digest(data):
            self.warn(parts, f"this {what} differs from an earlier copy with the same id; the first is kept")
        return known is None

    def organization(self, data: dict, parts: tuple) -> None:
        if not self._first(self.organizations, data, parts, "organization"):
            return
        self.organizations[data["id"]] = Plan(
            data["id"],
            {
                "name": self.text(data, "name", parts, 300, required=True),
                "description": (data.get("description") or "").strip(),
                "email": self.checked(data, "email", parts, validators.email),
                "url": self.checked(data, "website", parts, validators.http_url),
            },
            digest(data),
            {Phone: self.phones(data.get("phones"), (*parts, "phones"))},
        )

    def _address(self, data: dict, parts: tuple) -> dict:
        addresses = data.get("addresses") or []
        if not addresses:
            return {"address_1": None, "city": None, "postcode": None}
        index = next((i for i, a in enumerate(addresses) if a["address_type"] == "physical"), 0)
        address, where = addresses[index], (*parts, "addresses", index)
        postcode = address["postal_code"].strip()
        try:
            postcode = validators.uk_postcode(postcode)
        except ValueError:
            kept = len(postcode) <= 12
            self.warn(
                (*where, "postal_code"),
                "this is not a UK postcode; "
                + ("it is kept as written" if kept else "it is longer than 12 characters and left out"),
            )
            postcode = postcode if kept else ""
        return {
            "address_1": self.text(address, "address_1", where, 300),
            "postcode": postcode or None,
            "city": self.text(address, "city", where, 100) or None,
        }

    def _coordinates(self, data: dict, parts: tuple) -> dict:
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if latitude is None and longitude is None:
            return {"latitude": None, "longitude": None}
        if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            self.warn(
                (*parts, "latitude"),
                "these are not coordinates on the globe (latitude -90 to 90, longitude "
                "-180 to 180, both given); they are left out",
            )
            return {"latitude": None, "longitude": None}
        return {"latitude": latitude, "longitude": longitude}

    def _accessibility(self, items: list | None, parts: tuple) -> list[dict]:
        features: list[str] = []
        for i, item in enumerate(items or []):
            _terms, codes = self.codes(item.get("attributes"), (*parts, i, "attributes"))
            found: Sequence[str | None] = codes[vocab.ACCESSIBILITY] or [
                vocab.BY_SLUG[vocab.ACCESSIBILITY].code_named(
                    item.get("description") or item.get("accessibility") or ""
                )
            ]
            if found == [None]:
                self.warn((*parts, i), "this is not one of Signpost's accessibility features; it is left out")
            features += [code for code in found if code and code not in features]
        return [{"feature": code, "position": i} for i, code in enumerate(features)]

    def location(self, data: dict, parts: tuple) -> None:
        if not self._first(self.locations, data, parts, "location"):
            return
        summary, description = split_description(data.get("description") or "")
        _terms, codes = self.codes(data.get("attributes"), (*parts, "attributes"))
        emails = [(i, c["email"]) for i, c in enumerate(data.get("contacts") or []) if c.get("email")]
        values = {
            "kind": "virtual" if data["location_type"] == "virtual" else "physical",
            "is_hub": vocab.HUB in codes[vocab.LABELS],
            "summary": summary,
            "description": description,
            **self._address(data, parts),
            **self._coordinates(data, parts),
            "url": self.checked(data, "url", parts, validators.http_url),
            "email": self.checked(
                {"email": emails[0][1]}, "email", (*parts, "contacts", emails[0][0]), validators.email
            )
            if emails
            else None,
        }
        address = values["address_1"] or ""
        values["name"] = self.text(data, "name", parts, 300) or address
        if not values["name"]:
            self.error((*parts, "name"), "a location needs a name or an address")
        values["organization_id"] = data.get("organization_id")
        self.locations[data["id"]] = Plan(
            data["id"],
            values,
            digest(data),
            {
                LocationAccessibility: self._accessibility(data.get("accessibility"), (*parts, "accessibility")),
                Phone: self.phones(data.get("phones"), (*parts, "phones")),
                Schedule: self.schedules(data.get("schedules"), (*parts, "schedules")),
            },
        )

    # -- services --------------------------------------------------------------------------------------------------
    def _area(self, item: dict, where: tuple) -> str | None:
        name = (item.get("name") or item.get("service_area") or "").strip()
        if not name or len(name) > 200:
            self.warn(where, "a service area needs a name of 1 to 200 characters; it is left out")
            return None
        uri = item.get("uri") or ""
        wanted = uri.removeprefix("urn:uuid:") if uri.startswith("urn:uuid:") else None
        areas = {**self.known_areas, **self.new_areas}
        by_id = areas.get(wanted) if wanted is not None else None
        found = by_id or next((a for a in areas.values() if a.name.casefold() == name.casefold()), None)
        if found is None:
            slug = unique_slug(slugify(name, "area"), {a.slug for a in areas.values()})
            about = (item.get("service_area") or "").strip()
            found = Area(
                id=wanted or stable_id("area", slug),
                slug=slug,
                name=name,
                description=about if about != name else "",
                position=len(areas),
            )
            self.new_areas[found.id] = found
        return found.id

    def _links(self, items: list | None, parts: tuple) -> list[dict]:
        rows: list[dict] = []
        seen: set[str] = set()
        for i, item in enumerate(items or []):
            where = (*parts, i)
            location = item.get("location")
            location_id = location["id"] if location else item.get("location_id")
            if location and item.get("location_id") not in (None, location_id):
                self.error((*where, "location_id"), "this is not the id of the nested location")
            elif not location_id:
                self.error(where, "a service at location needs a location (or a location_id)")
            elif location_id in seen:
                self.error(where, "this service is already at this location")
            elif self.claim(ServiceAtLocation, item["id"], where):
                seen.add(location_id)
                if location:
                    self.location(location, (*where, "location"))
                rows.append({"id": item["id"], "location_id": location_id, "position": len(rows)})
        return rows

    def _languages(self, data: dict, from_attributes: list[str]) -> list[dict]:
        codes: list[str] = []
        for i, item in enumerate(data.get("languages") or []):
            code = item.get("code") or vocab.BY_SLUG[vocab.LANGUAGES].code_named(item.get("name") or "")
            if not code:
                self.warn(
                    ("languages", i),
                    "this language has no code we know (BCP 47, like ar or bfi) and no name we know; it is left out",
                )
            elif not vocab.BY_SLUG[vocab.LANGUAGES].knows(code):
                self.error(("languages", i, "code"), f"'{code}' is not a language code we know (BCP 47)")
            elif code not in codes:
                codes.append(code)
        codes += [code for code in from_attributes if code not in codes]
        return [{"code": code, "position": i} for i, code in enumerate(codes)]

    def _ages(self, data: dict) -> dict:
        ages = {}
        for key in ("minimum_age", "maximum_age"):
            value = data.get(key)
            if value is not None and not (float(value).is_integer() and 0 <= value <= 120):
                self.error((key,), "use a whole number of years from 0 to 120")
                value = None
            ages[key] = None if value is None else int(value)
        minimum, maximum = ages["minimum_age"], ages["maximum_age"]
        if minimum is not None and maximum is not None and maximum < minimum:
            self.error(("maximum_age",), "this is lower than minimum_age")
        return ages

    def service(self, record: Record) -> None:
        self.record, data = record, record.data
        if data["id"] in self.services:
            self.error(("id",), "another service in this import has this id")
            return
        if not any(key in data for key in NESTED):
            self.error(
                (),
                "this is a list entry, not a full service (it has no schedules, service_at_locations, "
                "attributes...): export the services with full=true",
            )
            return
        org = data.get("organization")
        org_id = org["id"] if org else data.get("organization_id")
        if org and data.get("organization_id") not in (None, org_id):
            self.error(("organization_id",), "this is not the id of the nested organization")
        if org:
            self.organization(org, ("organization",))
        elif not org_id:
            self.error(("organization",), "Signpost needs the organization that runs the service")
        summary, description = split_description(data.get("description") or "")
        term_ids, codes = self.codes(data.get("attributes"), ("attributes",))
        sid = data["id"]
        values = {
            "name": self.text(data, "name", (), 300, required=True),
            "status": data["status"],
            "kind": ServiceKind.activity if vocab.ACTIVITY in codes[vocab.LABELS] else ServiceKind.service,
            "summary": summary,
            "description": description,
            "organization_id": org_id,
            "url": self.checked(data, "url", (), validators.http_url),
            "email": self.checked(data, "email", (), validators.email),
            **self._ages(data),
            "eligibility": (data.get("eligibility_description") or "").strip(),
            "referral": codes[vocab.REFERRAL],
            "is_free": vocab.FREE in codes[vocab.LABELS],
            "cost_description": (data.get("fees") or data.get("fees_description") or "").strip(),
            "last_checked": self.day_or_none(data, "assured_date", ()),
        }
        costs: list[dict] = []
        for i, item in enumerate(data.get("cost_options") or []):
            label = ", ".join(
                filter(None, ((item.get("option") or "").strip(), (item.get("amount_description") or "").strip()))
            )
            if len(label) > 300:
                self.error(("cost_options", i, "option"), "this is longer than 300 characters")
            amount, currency = item.get("amount"), (item.get("currency") or "GBP").upper()
            if amount is not None and amount < 0 or len(currency) != 3:
                self.error(("cost_options", i), "the amount must not be negative, and the currency is 3 letters")
            if self.claim(CostOption, item["id"], ("cost_options", i)):
                costs.append(
                    {"id": item["id"], "option": label, "amount": amount, "currency": currency, "position": len(costs)}
                )
        contacts: list[dict] = []
        for i, item in enumerate(data.get("contacts") or []):
            where = ("contacts", i)
            name = self.text(item, "name", where, 200)
            if not name:
                self.warn(where, "Signpost keeps contacts with a name; this one is left out")
            elif self.claim(Contact, item["id"], where):
                contacts.append(
                    {
                        "id": item["id"],
                        "name": name,
                        "title": self.text(item, "title", where, 300),
                        "email": self.checked(item, "email", where, validators.email),
                        "position": len(contacts),
                    }
                )
        areas = [self._area(item, ("service_areas", i)) for i, item in enumerate(data.get("service_areas") or [])]
        self.services[sid] = Plan(
            sid,
            values,
            digest(data),
            {
                Phone: self.phones(data.get("phones"), ("phones",)),
                Schedule: self.schedules(data.get("schedules"), ("schedules",)),
                Contact: contacts,
                CostOption: costs,
                ServiceLanguage: self._languages(data, codes[vocab.LANGUAGES]),
                ServiceTerm: [{"term_id": t, "position": i} for i, t in enumerate(term_ids)],
                ServiceArea: [{"area_id": a, "position": i} for i, a in enumerate(dict.fromkeys(filter(None, areas)))],
                ServiceAtLocation: self._links(data.get("service_at_locations"), ("service_at_locations",)),
            },
        )
        self.sources[sid] = record

    def finish(self) -> None:
        """Checks that need every record read: organisations and locations named by id must exist."""
        known = self.known_organizations | set(self.organizations)
        places = self.known_locations | set(self.locations)
        for sid, plan in self.services.items():
            org_id = plan.values["organization_id"]
            if org_id and org_id not in known:
                self.errors.append(
                    self.sources[sid].problem(
                        ("organization_id",), "no organization has this id; send the organization object to create it"
                    )
                )
            for i, link in enumerate(plan.children[ServiceAtLocation]):
                if link["location_id"] not in places:
                    self.errors.append(
                        self.sources[sid].problem(
                            ("service_at_locations", i, "location_id"),
                            "no location has this id; send the location object",
                        )
                    )
        for plan in self.locations.values():
            if plan.values["organization_id"] not in known:
                plan.values["organization_id"] = None
