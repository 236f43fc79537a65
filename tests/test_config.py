"""Settings have safe defaults and refuse insecure ones in production."""

import pytest
from pydantic import ValidationError

from app.config import Settings


def test_default_database_is_sqlite_in_the_data_directory(tmp_path):
    settings = Settings(data_dir=tmp_path, _env_file=None)
    assert settings.database_url == f"sqlite:///{tmp_path}/signpost.db"


def test_production_refuses_the_development_secret(tmp_path):
    with pytest.raises(ValidationError, match="SIGNPOST_SECRET_KEY"):
        Settings(environment="production", data_dir=tmp_path)
    Settings(environment="production", data_dir=tmp_path, secret_key="x" * 40)


def test_settings_come_from_signpost_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", "postgresql+psycopg://db.example/signpost")
    monkeypatch.setenv("SIGNPOST_COUNCIL_NAME", "Testshire Council")
    settings = Settings()
    assert settings.database_url.startswith("postgresql") and settings.council_name == "Testshire Council"
