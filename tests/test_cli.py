"""The signpost command: every command is documented, and init sets up an empty database."""

import re

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from app.cli import cli
from app.config import REPO_ROOT, get_settings
from app.db import make_engine
from app.directory.models import Service

COMMANDS = [
    "init",
    "serve",
    "demo",
    "db upgrade",
    "db downgrade",
    "content import",
    "content export",
    "content check",
    "content import-csv",
    "index rebuild",
    "i18n extract",
    "i18n compile",
    "oruk import",
    "users create",
    "users list",
    "users set-roles",
    "users disable",
    "users reset-password",
    "help purge",
    "translate packs list",
    "translate packs install",
    "translate packs remove",
    "translate run",
    "translate po export",
    "translate po import",
    "easyread check",
]


def test_every_command_has_help_and_is_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(cli, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        assert f"signpost {command}" in readme, f"document `signpost {command}` in the README"


def test_every_setting_is_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    from app.config import Settings

    for name in Settings.model_fields:
        assert f"SIGNPOST_{name.upper()}" in readme, f"document SIGNPOST_{name.upper()} in the README"


@pytest.mark.slow
def test_init_creates_and_fills_a_new_sqlite_database(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SIGNPOST_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["init"])
        assert result.exit_code == 0, result.output
        assert re.search(r"Imported: \d+ created, 0 updated", result.output)
        engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'signpost.db'}")
        with Session(engine) as session:
            assert session.exec(select(func.count()).select_from(Service)).one() >= 65
        engine.dispose()
        again = CliRunner().invoke(cli, ["init"])
        assert "0 created, 0 updated" in again.output
    finally:
        get_settings.cache_clear()


def test_bad_configuration_is_a_clear_message(monkeypatch):
    monkeypatch.setenv("SIGNPOST_ENVIRONMENT", "production")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["db", "upgrade"])
        assert result.exit_code == 2 and "SIGNPOST_SECRET_KEY" in result.output
    finally:
        get_settings.cache_clear()


def test_unreachable_database_is_a_clear_message(monkeypatch):
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["db", "upgrade"])
        assert result.exit_code == 1 and "cannot reach the database" in result.output
    finally:
        get_settings.cache_clear()
