"""The container image has everything the app reads at run time (there is no Docker engine in CI to build it)."""

import re

from app.config import REPO_ROOT


def test_the_dockerfile_copies_what_the_app_reads_and_compiles_the_catalogs():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = set(re.findall(r"^COPY (\S+) ", dockerfile, re.M))
    assert {"app", "alembic", "content", "easyread", "locales"} <= copied
    assert "signpost i18n compile" in dockerfile, "the image runs as a user who cannot write the catalogs"
    assert "USER signpost" in dockerfile and "SIGNPOST_ENVIRONMENT=production" in dockerfile
