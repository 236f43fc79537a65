"""Published leaflets and uploaded pictures. Drafts live in the publishing history, like every other page."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field, SQLModel

from app.timeutil import utcnow


class Leaflet(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    title: str = Field(max_length=300)
    summary: str = ""
    cover: str = Field(default="", max_length=120)
    cover_alt: str = Field(default="", max_length=300)
    rows: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # picture, alt, text
    glossary: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # word, meaning
    links: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # "guide:slug"
    last_checked: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    source_hash: str = Field(default="", max_length=64)


class Picture(SQLModel, table=True):
    """A picture staff uploaded: checked, re-encoded (PNG, JPEG) or cleaned (SVG) before it is stored."""

    __tablename__ = "easyread_picture"
    name: str = Field(primary_key=True, max_length=40)  # sha256 prefix + extension: same picture, same name
    media_type: str = Field(max_length=40)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    description: str = Field(default="", max_length=300)  # the alt text suggested when it is chosen
    keywords: str = Field(default="", max_length=300)
    uploaded_by: str = Field(default="", max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
