"""Guides: advice pages written for residents."""

from datetime import date, datetime

from sqlmodel import Field, Relationship, SQLModel

from app.directory.models import TaxonomyTerm
from app.timeutil import utcnow


class GuideTopic(SQLModel, table=True):
    __tablename__ = "guide_topic"
    guide_id: str = Field(foreign_key="guide.id", primary_key=True, ondelete="CASCADE")
    term_id: str = Field(foreign_key="taxonomy_term.id", primary_key=True, index=True, ondelete="CASCADE")
    position: int = 0


class Guide(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=36)
    slug: str = Field(unique=True, max_length=100)
    title: str = Field(max_length=300)
    summary: str = ""
    body: str = ""
    last_checked: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    source_hash: str = Field(default="", max_length=64)
    topics: list[TaxonomyTerm] = Relationship(
        link_model=GuideTopic, sa_relationship_kwargs={"order_by": "GuideTopic.position"}
    )
