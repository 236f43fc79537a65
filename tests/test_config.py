"""Settings have safe defaults and refuse insecure ones in production."""

import pytest
from pydantic import ValidationError

from app.config import Settings


def test_default_database_is_sqlite_in_the_data_directory(tmp_path):
    settings = Settings(data_dir=tmp_path, _env_file=None)
    assert settings.database_url == f"sqlite:///{tmp_path}/signpost.db"


PUBLIC = {"site_url": "https://care.example.gov.uk", "allowed_hosts": "care.example.gov.uk"}


def test_production_refuses_the_development_secret(tmp_path):
    with pytest.raises(ValidationError, match="SIGNPOST_SECRET_KEY"):
        Settings(environment="production", data_dir=tmp_path, **PUBLIC)
    Settings(environment="production", data_dir=tmp_path, secret_key="x" * 40, **PUBLIC)


@pytest.mark.parametrize("missing", ["site_url", "allowed_hosts"])
def test_production_needs_the_sites_address_and_host_names(tmp_path, missing):
    with pytest.raises(ValidationError, match="SIGNPOST_ALLOWED_HOSTS and SIGNPOST_SITE_URL"):
        Settings(environment="production", data_dir=tmp_path, secret_key="x" * 40, **{**PUBLIC, missing: ""})


@pytest.mark.parametrize(
    "values, message",
    [
        ({"forwarded_allow_ips": "10.0.0.0/8,not-an-address"}, "SIGNPOST_FORWARDED_ALLOW_IPS"),
        ({"site_url": "care.example.gov.uk"}, "SIGNPOST_SITE_URL"),
    ],
)
def test_bad_proxy_and_address_settings_fail_at_start_up_with_the_settings_name(tmp_path, values, message):
    with pytest.raises(ValidationError, match=message):
        Settings(data_dir=tmp_path, **values)


def test_the_sites_own_host_is_always_allowed(tmp_path):
    settings = Settings(data_dir=tmp_path, site_url="https://care.example.gov.uk/", allowed_hosts="*.example.org")
    assert settings.site_url == "https://care.example.gov.uk"
    assert settings.hosts == ["*.example.org", "care.example.gov.uk"]


def test_settings_come_from_signpost_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", "postgresql+psycopg://db.example/signpost")
    monkeypatch.setenv("SIGNPOST_COUNCIL_NAME", "Testshire Council")
    settings = Settings()
    assert settings.database_url.startswith("postgresql") and settings.council_name == "Testshire Council"
