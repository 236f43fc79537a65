"""Directory tables, shaped so the Open Referral UK 3.0 read API can be derived without reshaping.

A community hub is a ``Location`` with ``is_hub``; an activity is a ``Service`` of kind ``activity``
held at one hub through ``ServiceAtLocation``.
"""

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from app.timeutil import utcnow


class ServiceStatus(StrEnum):
    active = "active"
    inactive = "inactive"
    defunct = "defunct"
    temporarily_closed = "temporarily closed"


class ServiceKind(StrEnum):
    service = "service"
    activity = "activity"


class ServiceTerm(SQLModel, table=True):
    __tablename__ = "service_term"
    service_id: str = Field(foreign_key="service.id", primary_key=True, ondelete="CASCADE")
    term_id: str = Field(foreign_key="taxonomy_term.id", primary_key=True, index=True, ondelete="CASCADE")
    position: int = 0


class ServiceArea(SQLModel, table=True):
    __tablename__ = "service_area"
    service_id: str = Field(foreign_key="service.id", primary_key=True, ondelete="CASCADE")
    area_id: str = Field(foreign_key="area.id", primary_key=True, index=True, ondelete="CASCADE")
    position: int = 0


class LocationArea(SQLModel, table=True):
    __tablename__ = "location_area"
    location_id: str = Field(foreign_key="location.id", primary_key=True, ondelete="CASCADE")
    area_id: str = Field(foreign_key="area.id", primary_key=True, index=True, ondelete="CASCADE")
    position: int = 0


class ServiceLanguage(SQLModel, table=True):
    """A language staff speak or an activity runs in (BCP 47; ``bfi`` is British Sign Language)."""

    __tablename__ = "service_language"
    service_id: str = Field(foreign_key="service.id", primary_key=True, ondelete="CASCADE")
    code: str = Field(primary_key=True, index=True, max_length=20)
    position: int = 0


class LocationAccessibility(SQLModel, table=True):
    """An accessibility feature of a venue, such as ``step-free`` or ``hearing-loop``."""

    __tablename__ = "location_accessibility"
    location_id: str = Field(foreign_key="location.id", primary_key=True, ondelete="CASCADE")
    feature: str = Field(primary_key=True, index=True, max_length=40)
    position: int = 0


class Taxonomy(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    name: str = Field(max_length=200)
    description: str = ""
    terms: list["TaxonomyTerm"] = Relationship(back_populates="taxonomy")


class TaxonomyTerm(SQLModel, table=True):
    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "slug"),)
    id: str = Field(primary_key=True, max_length=36)
    taxonomy_id: str = Field(foreign_key="taxonomy.id", index=True, ondelete="CASCADE")
    slug: str = Field(max_length=100)
    name: str = Field(max_length=200)
    description: str = ""
    parent_id: str | None = Field(default=None, foreign_key="taxonomy_term.id")
    position: int = 0
    taxonomy: Taxonomy = Relationship(back_populates="terms")


class Area(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    name: str = Field(max_length=200)
    description: str = ""
    position: int = 0


class Organization(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    name: str = Field(max_length=300)
    description: str = ""
    url: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)
    updated_at: datetime = Field(default_factory=utcnow)
    phones: list["Phone"] = Relationship(
        back_populates="organization", sa_relationship_kwargs={"order_by": "Phone.position"}
    )


class Location(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    kind: str = Field(default="physical", max_length=20)  # physical | virtual
    is_hub: bool = Field(default=False, index=True)
    name: str = Field(max_length=300)
    summary: str = ""
    description: str = ""
    organization_id: str | None = Field(default=None, foreign_key="organization.id")
    address_1: str | None = Field(default=None, max_length=300)
    city: str | None = Field(default=None, max_length=100)
    postcode: str | None = Field(default=None, max_length=12)
    latitude: float | None = None
    longitude: float | None = None
    url: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)
    last_checked: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    source_hash: str = Field(default="", max_length=64)

    organization: Organization | None = Relationship()
    areas: list[Area] = Relationship(
        link_model=LocationArea, sa_relationship_kwargs={"order_by": "LocationArea.position"}
    )
    phones: list["Phone"] = Relationship(
        back_populates="location", sa_relationship_kwargs={"order_by": "Phone.position"}
    )
    schedules: list["Schedule"] = Relationship(
        back_populates="location", sa_relationship_kwargs={"order_by": "Schedule.position"}
    )
    service_links: list["ServiceAtLocation"] = Relationship(back_populates="location")
    accessibility_rows: list["LocationAccessibility"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "LocationAccessibility.position"}
    )

    @property
    def accessibility(self) -> list[str]:
        return [row.feature for row in self.accessibility_rows]


class Service(SQLModel, table=True):
    __table_args__ = (Index("ix_service_kind_status", "kind", "status"),)
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    kind: ServiceKind = Field(default=ServiceKind.service, sa_type=String(20))
    name: str = Field(max_length=300)
    summary: str = ""
    description: str = ""
    status: ServiceStatus = Field(default=ServiceStatus.active, sa_type=String(30))
    organization_id: str = Field(foreign_key="organization.id", index=True)
    url: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)
    minimum_age: int | None = None
    maximum_age: int | None = None
    eligibility: str = ""
    referral: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    is_free: bool = True
    cost_description: str = ""
    last_checked: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    source_hash: str = Field(default="", max_length=64)

    organization: Organization = Relationship()
    terms: list[TaxonomyTerm] = Relationship(
        link_model=ServiceTerm, sa_relationship_kwargs={"order_by": "ServiceTerm.position"}
    )
    areas: list[Area] = Relationship(
        link_model=ServiceArea, sa_relationship_kwargs={"order_by": "ServiceArea.position"}
    )
    locations: list["ServiceAtLocation"] = Relationship(
        back_populates="service", sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    schedules: list["Schedule"] = Relationship(
        back_populates="service",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Schedule.position"},
    )
    phones: list["Phone"] = Relationship(
        back_populates="service",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Phone.position"},
    )
    contacts: list["Contact"] = Relationship(
        back_populates="service",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Contact.position"},
    )
    cost_options: list["CostOption"] = Relationship(
        back_populates="service",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "CostOption.position"},
    )

    language_rows: list["ServiceLanguage"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "ServiceLanguage.position"}
    )

    @property
    def languages(self) -> list[str]:
        return [row.code for row in self.language_rows]

    def terms_in(self, taxonomy_slug: str) -> list[TaxonomyTerm]:
        return [term for term in self.terms if term.taxonomy.slug == taxonomy_slug]


class ServiceAtLocation(SQLModel, table=True):
    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)
    id: str = Field(primary_key=True, max_length=36)
    service_id: str = Field(foreign_key="service.id", ondelete="CASCADE")
    location_id: str = Field(foreign_key="location.id", index=True, ondelete="CASCADE")
    position: int = 0
    service: Service = Relationship(back_populates="locations")
    location: Location = Relationship(back_populates="service_links")


class Schedule(SQLModel, table=True):
    """An RFC 5545-style recurring opening time of a service or a location."""

    id: str = Field(primary_key=True, max_length=36)
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True, ondelete="CASCADE")
    location_id: str | None = Field(default=None, foreign_key="location.id", index=True, ondelete="CASCADE")
    freq: str = Field(default="WEEKLY", max_length=10)  # WEEKLY | MONTHLY
    byday: str = Field(max_length=40)  # "MO,TU,WE"
    ordinal: int | None = None  # with MONTHLY: 1-4 or -1 (last)
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None
    description: str = ""
    position: int = 0
    service: Service | None = Relationship(back_populates="schedules")
    location: Location | None = Relationship(back_populates="schedules")

    @property
    def days(self) -> list[str]:
        return self.byday.split(",") if self.byday else []


class Phone(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    number: str = Field(max_length=40)
    description: str = ""
    service_id: str | None = Field(default=None, foreign_key="service.id", index=True, ondelete="CASCADE")
    location_id: str | None = Field(default=None, foreign_key="location.id", index=True, ondelete="CASCADE")
    organization_id: str | None = Field(default=None, foreign_key="organization.id", index=True, ondelete="CASCADE")
    position: int = 0
    service: Service | None = Relationship(back_populates="phones")
    location: Location | None = Relationship(back_populates="phones")
    organization: Organization | None = Relationship(back_populates="phones")

    @property
    def tel_uri(self) -> str:
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"tel:+44{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"


class Contact(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    service_id: str = Field(foreign_key="service.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    title: str = ""
    email: str | None = Field(default=None, max_length=300)
    position: int = 0
    service: Service = Relationship(back_populates="contacts")


class CostOption(SQLModel, table=True):
    __tablename__ = "cost_option"
    id: str = Field(primary_key=True, max_length=36)
    service_id: str = Field(foreign_key="service.id", index=True, ondelete="CASCADE")
    option: str = Field(max_length=300)
    amount: float | None = None
    currency: str = Field(default="GBP", max_length=3)
    position: int = 0
    service: Service = Relationship(back_populates="cost_options")
