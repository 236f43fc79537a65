"""Staff account tables. The password hash lives only on :class:`User`; pages and templates get
:class:`StaffMember`, which has no hash."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from app.timeutil import utcnow


class Role(StrEnum):
    admin = "admin"  # users, settings, everything
    editor = "editor"  # create, edit and publish content
    translator = "translator"  # edit translations for their languages
    reviewer = "reviewer"  # approve translations and easy-read leaflets


LOCALE_SCOPED_ROLES = frozenset({Role.translator, Role.reviewer})


class User(SQLModel, table=True):
    __tablename__ = "staff_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)
    display_name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254)
    password_hash: str = Field(max_length=255)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    locales: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)


class StaffMember(BaseModel):
    """A signed-in user as the rest of the app sees them: no password hash."""

    id: int
    username: str
    display_name: str
    email: str | None
    roles: list[str]
    locales: list[str]
    disabled: bool

    @classmethod
    def of(cls, user: User) -> "StaffMember":
        return cls.model_validate(user, from_attributes=True)

    def has(self, *roles: Role) -> bool:
        """True when the user holds any of ``roles``; admins hold every role."""
        return Role.admin in self.roles or any(role in self.roles for role in roles)

    def may_work_in(self, role: Role, locale: str) -> bool:
        """Translators and reviewers work only in their assigned languages."""
        return Role.admin in self.roles or (role in self.roles and locale in self.locales)


class StaffSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 digest is stored."""

    __tablename__ = "staff_session"
    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="staff_user.id", index=True, ondelete="CASCADE")
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins, counted per account and per client address to slow down guessing."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_client_at", "client", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    username: str = Field(max_length=80)
    client: str = Field(max_length=64)


class AuditEvent(SQLModel, table=True):
    """Who did what, when: sign-ins, publishing, role changes and exports. Never deleted by the app."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=80)
    action: str = Field(max_length=40, index=True)
    target: str = Field(default="", max_length=200)
    detail: str = Field(default="", max_length=1000)
    client: str = Field(default="", max_length=64)
