"""The database engine and sessions."""

import logging
from collections.abc import Iterator
from typing import Annotated, TypeVar, cast

from fastapi import Depends, Request
from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import QueryableAttribute
from sqlmodel import Session, create_engine

log = logging.getLogger("signpost.db")
_T = TypeVar("_T")


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(
    url: str, *, pool_size: int = 5, max_overflow: int = 10, pool_timeout: float = 30.0, pool_recycle: int = 1800
) -> Engine:
    """Create an engine for SQLite (the default) or PostgreSQL.

    PostgreSQL connections are checked before use (a restarted server costs one failed request at most),
    recycled after ``pool_recycle`` seconds (firewalls and poolers drop idle ones), and a request waits at most
    ``pool_timeout`` seconds for a free one before it answers "try again" (503) instead of piling up.

    Errors never carry a statement's parameters (``hide_parameters``): they hold what residents typed into forms
    (names, phone numbers, messages), and errors are logged."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_recycle=pool_recycle,
            hide_parameters=True,
        )
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the request commits, services never do."""
    session = Session(request.app.state.engine)
    try:
        yield session
    finally:
        try:
            session.close()
        except DBAPIError as exc:  # the connection died (a database restart): nothing is left to roll back
            log.warning("closing a session on a lost connection: %s", exc)


SessionDep = Annotated[Session, Depends(get_session)]


def relation(attribute: _T) -> QueryableAttribute[_T]:
    """A relationship attribute such as ``Service.phones`` as SQLAlchemy sees it, for ``selectinload``, ``any`` and
    ``has``: SQLModel types it as the value it holds on an instance (``list[Phone]``). Only the type changes."""
    return cast(QueryableAttribute[_T], attribute)
