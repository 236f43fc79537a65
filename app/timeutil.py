"""Timezone-aware UTC timestamps (SQLModel stores them as UTC on SQLite and PostgreSQL)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """A stored timestamp as timezone-aware UTC (SQLite gives them back without a zone)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
