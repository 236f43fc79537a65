"""Timezone-aware UTC timestamps (SQLModel stores them as UTC on SQLite and PostgreSQL)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
