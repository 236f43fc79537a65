"""Anonymous insight tables. Nothing here can identify a person."""

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class SearchEvent(SQLModel, table=True):
    """One search: the normalised query, the reader's language and how many results it found."""

    __tablename__ = "search_event"
    __table_args__ = (Index("ix_search_event_day_locale", "day", "locale"),)
    id: int | None = Field(default=None, primary_key=True)
    day: date
    locale: str = Field(max_length=20)
    query: str = Field(max_length=200)
    results: int
