"""The database engine and sessions, and the one place that imports every domain's models."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine


def import_all_models() -> type[SQLModel]:
    """Import every table model so that ``SQLModel.metadata`` is complete (Alembic, tests)."""
    from app.accounts import models as _accounts  # noqa: F401
    from app.directory import models as _directory  # noqa: F401
    from app.guides import models as _guides  # noqa: F401
    from app.insights import models as _insights  # noqa: F401
    from app.publishing import models as _publishing  # noqa: F401
    from app.translation import models as _translation  # noqa: F401

    return SQLModel


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for SQLite (the default) or PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the request commits, services never do."""
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
