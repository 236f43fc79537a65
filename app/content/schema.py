"""The shape of every content file, as pydantic models. Cross-references are checked by the importer."""

from datetime import date, time
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator

from app.directory.models import ServiceStatus
from app.directory.vocabulary import ACCESSIBILITY_FEATURES, REFERRAL_METHODS, is_known_language
from app.i18n.formatting import DAYS
from app.ui import validators

Slug = Annotated[str, AfterValidator(validators.slug)]
Phone = Annotated[str, BeforeValidator(validators.uk_phone)]
Email = Annotated[str, AfterValidator(validators.email)]
Url = Annotated[str, AfterValidator(validators.http_url)]
Postcode = Annotated[str, AfterValidator(validators.uk_postcode)]
HHMM = Annotated[
    time, BeforeValidator(validators.hhmm), PlainSerializer(lambda t: t.strftime("%H:%M"), when_used="json")
]
Text = Annotated[str, Field(min_length=1, max_length=300)]
LongText = Annotated[str, Field(max_length=20_000)]
Day = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # DAYS, spelled out so that type checkers see the values
assert get_args(Day) == DAYS, "Day must list the weekday codes of DAYS, in order"


def _known_language(code: str) -> str:
    if not is_known_language(code):
        raise ValueError(f"'{code}' is not a language code we know (use BCP 47, e.g. 'ar', 'bn', 'bfi' for BSL)")
    return code


def _choice(allowed: dict[str, str], what: str):
    def check(code: str) -> str:
        if code not in allowed:
            raise ValueError(f"'{code}' is not a known {what}; use one of: {', '.join(allowed)}")
        return code

    return AfterValidator(check)


Language = Annotated[str, AfterValidator(_known_language)]
Feature = Annotated[str, _choice(ACCESSIBILITY_FEATURES, "accessibility feature")]
Referral = Annotated[str, _choice(REFERRAL_METHODS, "way to get a service")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OpeningTime(Strict):
    freq: Literal["WEEKLY", "MONTHLY"] = "WEEKLY"
    ordinal: Literal[1, 2, 3, 4, -1] | None = None
    days: list[Day] = Field(min_length=1)
    opens: HHMM
    closes: HHMM
    note: Annotated[str, Field(max_length=300)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "OpeningTime":
        if self.closes <= self.opens:
            raise ValueError("the closing time must be after the opening time")
        if (self.freq == "MONTHLY") != (self.ordinal is not None):
            raise ValueError("use 'ordinal' (1-4 or -1 for last) together with 'freq: MONTHLY', and only then")
        return self


class PhoneIn(Strict):
    number: Phone
    description: Annotated[str, Field(max_length=300)] | None = None


class ContactIn(Strict):
    name: Text
    title: Annotated[str, Field(max_length=300)] | None = None
    email: Email | None = None


class CostOptionIn(Strict):
    label: Text
    amount: Decimal | None = Field(default=None, ge=0, max_digits=9, decimal_places=2)


class CostIn(Strict):
    free: bool
    description: Annotated[str, Field(max_length=300)] | None = None
    options: list[CostOptionIn] = []


class ServiceFields(Strict):
    """What services and activities have in common."""

    id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{36}$")] | None = None  # kept from another directory (ORUK)
    slug: Slug
    name: Text
    organisation: Slug
    status: ServiceStatus = ServiceStatus.active
    summary: Annotated[str, Field(min_length=1, max_length=500)]
    topics: list[Slug] = Field(min_length=1)
    service_types: list[Slug] = []
    eligibility: Annotated[str, Field(max_length=2000)] | None = None
    minimum_age: Annotated[int, Field(ge=0, le=120)] | None = None
    maximum_age: Annotated[int, Field(ge=0, le=120)] | None = None
    referral: list[Referral] = []
    cost: CostIn = CostIn(free=True)
    url: Url | None = None
    email: Email | None = None
    phones: list[PhoneIn] = []
    contacts: list[ContactIn] = []
    opening_times: list[OpeningTime] = []
    languages: list[Language] = []
    description: LongText = ""

    @model_validator(mode="after")
    def _ages(self):
        if self.minimum_age is not None and self.maximum_age is not None and self.maximum_age < self.minimum_age:
            raise ValueError("the oldest age (maximum_age) must not be lower than the youngest (minimum_age)")
        return self


class ActivityIn(ServiceFields):
    pass


class ActivityDoc(ActivityIn):
    """An activity on its own, as the staff area edits it: it names the hub it is held at."""

    hub: Slug
    last_checked: date | None = None


class ServiceFile(ServiceFields):
    locations: list[Slug] = []
    areas: list[Slug] = []
    last_checked: date | None = None


class HubFile(Strict):
    slug: Slug
    name: Text
    summary: Annotated[str, Field(min_length=1, max_length=500)]
    organisation: Slug | None = None
    address: Text
    city: Annotated[str, Field(max_length=100)] = "London"
    postcode: Postcode
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    accessibility: list[Feature] = []
    email: Email | None = None
    phones: list[PhoneIn] = []
    opening_times: list[OpeningTime] = []
    areas: list[Slug] = []
    last_checked: date | None = None
    activities: list[ActivityIn] = []
    description: LongText = ""


class GuideFile(Strict):
    slug: Slug
    title: Text
    summary: Annotated[str, Field(min_length=1, max_length=500)]
    topics: list[Slug] = Field(min_length=1)
    last_checked: date | None = None
    body: Annotated[str, Field(max_length=100_000)] = ""


class VenueIn(Strict):
    slug: Slug
    name: Text
    virtual: bool = False
    url: Url | None = None
    address: str | None = None
    city: str | None = None
    postcode: Postcode | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    accessibility: list[Feature] = []

    @model_validator(mode="after")
    def _place(self):
        if not self.virtual and not (self.address and self.postcode):
            raise ValueError("a venue needs an address and a postcode, or 'virtual: true'")
        return self


class OrganisationIn(Strict):
    slug: Slug
    name: Text
    description: str = ""
    url: Url | None = None
    email: Email | None = None
    phone: Phone | None = None


class TermIn(Strict):
    slug: Slug
    name: Text
    description: str = ""


class TaxonomyIn(Strict):
    slug: Slug
    name: Text
    description: str = ""
    terms: list[TermIn] = Field(min_length=1)


class AreaIn(Strict):
    slug: Slug
    name: Text
    description: str = ""


class TaxonomyFile(Strict):
    taxonomies: list[TaxonomyIn]


class AreasFile(Strict):
    areas: list[AreaIn]


class OrganisationsFile(Strict):
    organisations: list[OrganisationIn]


class VenuesFile(Strict):
    venues: list[VenueIn]
