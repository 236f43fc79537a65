"""Translation tables: the segments of every published page, and one translation per (segment text, locale).

Translations are keyed by the hash of the English text, not by page: identical segments on different pages share
one translation (the translation memory), and a changed segment simply has a new hash with no translation yet.
"""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from app.timeutil import utcnow


class Origin(StrEnum):
    machine = "machine"
    human = "human"
    imported = "imported"


class Review(StrEnum):
    unreviewed = "unreviewed"
    reviewed = "reviewed"


class PageSegment(SQLModel, table=True):
    """One translatable piece of a published page: a short field, or one block of a Markdown field."""

    __tablename__ = "page_segment"
    kind: str = Field(primary_key=True, max_length=20)  # service | activity | hub | guide
    slug: str = Field(primary_key=True, max_length=100)
    field: str = Field(primary_key=True, max_length=60)  # name, description, schedules.0.description …
    position: int = Field(primary_key=True, default=0)
    source_hash: str = Field(index=True, max_length=64)
    source: str
    previous_hash: str | None = Field(default=None, max_length=64)  # the text this replaced, for reviewers


class Translation(SQLModel, table=True):
    source_hash: str = Field(primary_key=True, max_length=64)
    locale: str = Field(primary_key=True, max_length=20)
    text: str
    origin: str = Field(max_length=20)  # Origin
    state: str = Field(max_length=20)  # Review
    produced_by: str = Field(default="", max_length=200)  # a person's email, a pack, a PO file
    updated_at: datetime = Field(default_factory=utcnow)
