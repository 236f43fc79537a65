"""ORUK fixtures: a client for the API, and the official schemas and examples from the project's shared/oruk folder
(tests that need them skip cleanly when it is absent; CI always has it)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import REPO_ROOT

API = "/api/oruk"


SHARED_ORUK = REPO_ROOT.parent / "shared" / "oruk"


@pytest.fixture(scope="session")
def api(app) -> Iterator[TestClient]:
    """A client for the ORUK API (the app's lifespan is not run: the API does not need the search index)."""
    yield TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def schema_root() -> Path:
    """The official schemas and examples, as given to the project (not the vendored copy the app uses)."""
    if not (SHARED_ORUK / "schema" / "compiled" / "service.json").is_file():
        pytest.skip("the ORUK schemas and examples (shared/oruk) are not available here")
    return SHARED_ORUK


@pytest.fixture
def example(schema_root) -> dict:
    """The official full-service example, as data."""
    return json.loads((schema_root / "examples" / "service_full.json").read_text(encoding="utf-8"))


@pytest.fixture
def leaves_no_trace(engine):
    """The staff upload commits: afterwards, delete every row it added, so later tests see the demo data only."""
    from sqlalchemy import delete
    from sqlmodel import Session, select

    from app.directory.models import Area, Location, Organization, Taxonomy, TaxonomyTerm
    from app.publishing.models import ContentItem

    models = (ContentItem, Location, Organization, TaxonomyTerm, Taxonomy, Area)
    with Session(engine) as db:
        before = {model: set(db.exec(select(model.id)).all()) for model in models}
    yield
    with Session(engine) as db:
        for model in models:
            added = set(db.exec(select(model.id)).all()) - before[model]
            if added:
                db.execute(delete(model).where(model.id.in_(added)))
        db.commit()
