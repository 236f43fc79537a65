"""The PostgreSQL full-text search backend: one search table in the application's database (migration 0009),
written in the publishing transaction, for sites that run on several machines."""

from app.search.backends.postgres.backend import PostgresBackend

__all__ = ["PostgresBackend"]
