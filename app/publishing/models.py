"""Every editable page has a :class:`ContentItem` and an append-only list of :class:`Revision` rows.

The public tables (services, locations, guides) hold only what is published. A draft lives only here, as the
content-file document (the same shape as ``content/``), so the public site can never show one.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.timeutil import utcnow


class ItemState(StrEnum):
    draft = "draft"  # never published
    published = "published"
    unpublished = "unpublished"
    archived = "archived"


class Action(StrEnum):
    imported = "import"
    draft = "draft"
    publish = "publish"
    unpublish = "unpublish"
    archive = "archive"
    restore = "restore"


class ContentItem(SQLModel, table=True):
    __tablename__ = "content_item"
    __table_args__ = (
        UniqueConstraint("kind", "slug", name="uq_content_item_kind_slug"),
        Index("ix_content_item_kind_state", "kind", "state"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    slug: str = Field(max_length=100)
    title: str = Field(max_length=300)
    state: str = Field(default=ItemState.draft.value, max_length=20)
    latest: int = 0  # the newest revision's number: edit forms carry it, to refuse saving over newer work
    published: int | None = None  # the revision on the public site
    has_draft: bool = False  # the newest revision is a draft nobody has published
    last_checked: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=80)


class Revision(SQLModel, table=True):
    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_revision_item_number"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="content_item.id", index=True, ondelete="CASCADE")
    number: int
    action: str = Field(max_length=20)
    data: dict = Field(sa_column=Column(JSON, nullable=False))
    author: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
    note: str = Field(default="", max_length=300)


class ContentVersion(SQLModel, table=True):
    """One row whose number goes up whenever what the public sees changes (a publish, an import). Every app
    process compares it with the version of its cached pages, so a publish anywhere is visible everywhere."""

    __tablename__ = "content_version"
    id: int = Field(default=1, primary_key=True)
    version: int = 1
    changed_at: datetime = Field(default_factory=utcnow)
