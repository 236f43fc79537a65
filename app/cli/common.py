"""Helpers shared by CLI commands: settings, the engine, and messages on the console."""

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from rich.console import Console
from sqlalchemy import Engine
from sqlmodel import Session

console = Console(stderr=True, highlight=False, soft_wrap=True)


def settings():
    from app.config import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            console.print(f"[red]Configuration problem:[/red] {error['msg'].removeprefix('Value error, ')}")
        raise typer.Exit(2) from exc


def engine() -> Engine:
    from app.db import make_engine

    return make_engine(settings().database_url)


@contextmanager
def transaction() -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it fails."""
    with Session(engine()) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def fail(message: str, code: int = 1) -> typer.Exit:
    console.print(f"[red]Error:[/red] {message}")
    return typer.Exit(code)
