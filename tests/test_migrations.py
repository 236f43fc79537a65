"""The migrations match the models, and upgrade and downgrade cleanly on SQLite and PostgreSQL."""

import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, make_url, text

from app import migrations
from app.db import make_engine
from app.models import import_all_models
from tests.conftest import postgres_url


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A brand-new database of the same kind as the run's (a throwaway PostgreSQL database when testing on it)."""
    base = postgres_url()
    if base is None:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(base)
    name = f"{url.database}_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_models_and_migrations_do_not_drift(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, import_all_models().metadata)
    assert diff == [], f"run: alembic revision --autogenerate (differences: {diff})"


def test_upgrade_downgrade_upgrade(empty_database_url):
    migrations.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        assert {"service", "location", "guide", "schedule"} <= set(inspect(engine).get_table_names())
        migrations.downgrade(empty_database_url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrations.upgrade(empty_database_url)
        assert "service" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
