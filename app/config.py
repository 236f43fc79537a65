"""Typed settings, read from the environment with the prefix ``SIGNPOST_``."""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET = "development-only-secret-key-change-me"


class Settings(BaseSettings):
    """Every setting Signpost reads. Documented in the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="SIGNPOST_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = REPO_ROOT / "data"
    database_url: str = ""
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    content_dir: Path = REPO_ROOT / "content"
    easyread_dir: Path = REPO_ROOT / "easyread"
    council_name: str = "Kingsmead Council"
    council_phone: str = "020 7946 0100"
    council_email: str = "adultsocialcare@kingsmead.example"
    page_size: int = 10
    session_idle_minutes: int = Field(default=30, ge=1)
    session_max_hours: int = Field(default=10, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    login_max_failures: int = Field(default=5, ge=1)
    login_max_failures_per_client: int = Field(default=20, ge=1)
    login_free_failures: int = Field(default=3, ge=0, le=100)
    login_max_delay_minutes: int = Field(default=15, ge=1, le=24 * 60)
    login_delay_window_hours: int = Field(default=24, ge=1, le=24 * 30)
    help_retention_days: int = Field(default=90, ge=1)
    page_cache_megabytes: int = Field(default=64, ge=0)
    db_pool_size: int = Field(default=5, ge=1, le=100)
    db_max_overflow: int = Field(default=10, ge=0, le=100)
    db_pool_timeout: float = Field(default=30.0, gt=0, le=120)
    site_url: str = ""
    allowed_hosts: str = ""
    forwarded_allow_ips: str = "127.0.0.1,::1"
    public_form_max_kilobytes: int = Field(default=64, ge=1, le=10 * 1024)
    staff_upload_max_megabytes: int = Field(default=5, ge=1, le=1024)
    # whoosh: an embedded index per machine; postgres: one search table in the database, for several machines.
    search_backend: Literal["whoosh", "postgres", "null"] = "whoosh"
    translation_backend: Literal["argos", "null"] = "argos"
    translation_threads: int = Field(default=1, ge=1, le=64)
    # Each leaflet PDF is made in a process of its own: killed after this long, with at most this much memory.
    pdf_timeout_seconds: float = Field(default=20.0, gt=0, le=600)
    pdf_memory_megabytes: int = Field(default=1024, ge=512, le=16 * 1024)
    pdf_workers: int = Field(default=2, ge=1, le=32)

    @model_validator(mode="after")
    def _defaults_and_safety(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'signpost.db').as_posix()}"
        if self.search_backend == "postgres" and not self.database_url.startswith("postgresql"):
            raise ValueError("SIGNPOST_SEARCH_BACKEND=postgres needs a PostgreSQL SIGNPOST_DATABASE_URL")
        self.trusted_proxies  # noqa: B018 - a bad entry fails at start-up, not on the first request
        self.site_url = self.site_url.rstrip("/")
        if self.environment == "production":
            secret = self.secret_key.get_secret_value()
            if secret == DEVELOPMENT_SECRET or len(secret) < 32:
                raise ValueError(
                    "SIGNPOST_SECRET_KEY must be set to a random value of at least 32 characters in production"
                )
            if not self.allowed_hosts.strip() or not self.site_url:
                raise ValueError(
                    "SIGNPOST_ALLOWED_HOSTS and SIGNPOST_SITE_URL must be set in production "
                    "(the host names the site answers to, and its public address)"
                )
        if not self.site_url:
            self.site_url = "http://127.0.0.1:8000"
        if urlsplit(self.site_url).scheme not in ("http", "https") or not urlsplit(self.site_url).netloc:
            raise ValueError("SIGNPOST_SITE_URL must be an address such as https://care.example.gov.uk")
        return self

    @property
    def hosts(self) -> list[str]:
        """Host names the site answers to (``*.example.org`` allows sub-domains); the site URL's host always."""
        named = [host.strip().lower() for host in self.allowed_hosts.split(",") if host.strip()]
        if not named:
            named = ["localhost", "127.0.0.1", "::1"]
        return [*named, urlsplit(self.site_url).hostname or ""]

    @property
    def trusted_proxies(self) -> list[IPv4Network | IPv6Network]:
        """The proxies whose X-Forwarded-* headers are believed (addresses or CIDR ranges)."""
        try:
            return [
                ip_network(entry.strip(), strict=False)
                for entry in self.forwarded_allow_ips.split(",")
                if entry.strip()
            ]
        except ValueError as exc:
            raise ValueError(f"SIGNPOST_FORWARDED_ALLOW_IPS: {exc}") from None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
