"""Counting the SQL statements a request costs (for the "no N+1 queries" tests)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """Every statement run on ``engine`` inside the block, in order."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
