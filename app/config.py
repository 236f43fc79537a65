"""Typed settings, read from the environment with the prefix ``SIGNPOST_``."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    help_retention_days: int = Field(default=90, ge=1)
    page_cache_megabytes: int = Field(default=64, ge=0)
    db_pool_size: int = Field(default=5, ge=1, le=100)
    db_max_overflow: int = Field(default=10, ge=0, le=100)
    db_pool_timeout: float = Field(default=30.0, gt=0, le=120)
    translation_backend: Literal["argos", "null"] = "argos"
    translation_threads: int = Field(default=1, ge=1, le=64)

    @model_validator(mode="after")
    def _defaults_and_safety(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'signpost.db').as_posix()}"
        if self.environment == "production":
            secret = self.secret_key.get_secret_value()
            if secret == DEVELOPMENT_SECRET or len(secret) < 32:
                raise ValueError(
                    "SIGNPOST_SECRET_KEY must be set to a random value of at least 32 characters in production"
                )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
