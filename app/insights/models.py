"""Insight tables. The counters are anonymous: no cookie, address or browser is ever stored with them.

:class:`HelpRequest` is the one table with personal data: only what a resident chose to send, seen only in the
staff inbox, and deleted a set number of days after it is done (``signpost help purge``).
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from app.timeutil import utcnow


class SearchEvent(SQLModel, table=True):
    """One search: the normalised query, the reader's language and how many results it found."""

    __tablename__ = "search_event"
    __table_args__ = (Index("ix_search_event_day_locale", "day", "locale"),)
    id: int | None = Field(default=None, primary_key=True)
    day: date
    locale: str = Field(max_length=20)
    query: str = Field(max_length=200)
    results: int


class PageViewCount(SQLModel, table=True):
    """Views of one public page in one language on one day."""

    __tablename__ = "page_view_count"
    day: date = Field(primary_key=True)
    page: str = Field(primary_key=True, max_length=200)
    locale: str = Field(primary_key=True, max_length=20)
    views: int = 0


class FeedbackCount(SQLModel, table=True):
    """Answers to "Was this page useful?" for one page in one language on one day."""

    __tablename__ = "feedback_count"
    day: date = Field(primary_key=True)
    page: str = Field(primary_key=True, max_length=200)
    locale: str = Field(primary_key=True, max_length=20)
    useful: bool = Field(primary_key=True)
    answers: int = 0


class FeedbackComment(SQLModel, table=True):
    """What someone said was missing from a page (anonymous; purged with old help requests)."""

    __tablename__ = "feedback_comment"
    __table_args__ = (Index("ix_feedback_comment_day", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    day: date
    page: str = Field(max_length=200)
    locale: str = Field(max_length=20)
    text: str = Field(max_length=1000)


class HelpCount(SQLModel, table=True):
    """Help requests per language asked for and per need ("" counts requests), kept after requests are purged."""

    __tablename__ = "help_count"
    day: date = Field(primary_key=True)
    language: str = Field(primary_key=True, max_length=20)
    need: str = Field(primary_key=True, max_length=40)
    requests: int = 0


class EqualityResponse(SQLModel, table=True):
    """One optional, anonymous equality monitoring answer: no link to a person, request or page; month only."""

    __tablename__ = "equality_response"
    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7, index=True)  # "2026-11"
    locale: str = Field(max_length=20)
    age_band: str = Field(default="", max_length=30)
    ethnic_group: str = Field(default="", max_length=30)
    disability: str = Field(default="", max_length=30)
    carer: str = Field(default="", max_length=30)
    sexual_orientation: str = Field(default="", max_length=30)
    gender_identity: str = Field(default="", max_length=30)


class HelpStatus(StrEnum):
    new = "new"
    in_progress = "in progress"
    done = "done"


class HelpRequest(SQLModel, table=True):
    """A resident's request for help in their language or format. Personal data: see the module's note."""

    __tablename__ = "help_request"
    __table_args__ = (Index("ix_help_request_status", "status", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    locale: str = Field(max_length=20)  # the language the form was filled in
    name: str = Field(default="", max_length=120)
    contact_method: str = Field(max_length=20)
    contact_detail: str = Field(max_length=300)
    language: str = Field(default="", max_length=20)
    language_other: str = Field(default="", max_length=100)
    interpreter: bool = False
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    large_print_size: str = Field(default="", max_length=20)
    message: str = Field(default="", max_length=2000)
    status: str = Field(default=HelpStatus.new.value, max_length=20)
    assigned_to: str = Field(default="", max_length=80)
    notes: str = Field(default="", max_length=4000)
    updated_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None
