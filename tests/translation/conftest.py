"""Translation fixtures: pages of their own (so translating them never changes what other tests see)."""

import itertools
import uuid
from pathlib import Path

import pytest
from sqlmodel import Session

from app.content.importer import apply_document
from app.content.schema import GuideFile

_numbers = itertools.count()

BODY = """Carers can get help.

## What you can do

- Ask for a care needs assessment.
- Call 020 7946 0123 or email help@kingsmead.example.
- Read [our advice](https://kingsmead.example/advice) about **safeguarding**.

| Day | What |
| --- | --- |
| Monday | Coffee morning |
"""


@pytest.fixture
def new_guide(engine):
    """Publish a guide with unique text (so its translations are its own) and return its slug."""

    def make(body: str = BODY, title: str | None = None) -> str:
        tag = uuid.uuid4().hex[:8]
        slug = f"translation-test-{next(_numbers)}-{tag}"
        guide = GuideFile(
            slug=slug,
            title=title or f"Help for carers {tag}",
            summary=f"A short summary {tag}.",
            topics=["looking-after-someone"],
            body=body.replace("Carers can get help.", f"Carers can get help {tag}."),
        )
        with Session(engine) as db:
            apply_document(db, "guide", guide)
            db.commit()
        return slug

    return make


@pytest.fixture(scope="session")
def copy_packs(tmp_path_factory) -> dict[str, Path]:
    """Tiny Argos packs (English to ar, es, bn) whose model copies its input."""
    from tests.translation.tiny_pack import build_pack

    folder = tmp_path_factory.mktemp("packs")
    return {code: build_pack(folder, to_code=code) for code in ("ar", "es", "bn")}


@pytest.fixture(scope="session")
def machine(settings, copy_packs):
    """The app's own Argos machine, with the copy packs installed in the run's data directory."""
    from app.translation import packs
    from app.translation.machine import ArgosMachine

    for path in copy_packs.values():
        packs.install_file(settings.data_dir, path)
    return ArgosMachine(settings.data_dir)


class CountingMachine:
    """Counts the texts sent to a real machine on the way through (a wrapper, not a stand-in)."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls = 0

    def targets(self, source):
        return self.real.targets(source)

    def producer(self, source, target):
        return self.real.producer(source, target)

    def translate(self, source, target, texts):
        self.calls += len(texts)
        return self.real.translate(source, target, texts)
