"""ORUK fixtures: an app with the ORUK router (whether or not app/main.py includes it yet), a client for it, and
the official schemas (tests that need them skip when they are absent)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.oruk import schemas
from app.oruk.cors import OpenDataCorsMiddleware
from app.oruk.routes import router as oruk_router
from app.web.routing import iter_routes

API = "/api/oruk"


@pytest.fixture(scope="session")
def oruk_app(settings, engine):
    app = create_app(settings)
    if not any(path.startswith(API) for path, _route in iter_routes(app)):
        app.include_router(oruk_router)
    if not any(m.cls is OpenDataCorsMiddleware for m in app.user_middleware):
        app.add_middleware(OpenDataCorsMiddleware)
    return app


@pytest.fixture(scope="session")
def api(oruk_app) -> Iterator[TestClient]:
    """A client for the ORUK API (the app's lifespan is not run: the API does not need the search index)."""
    yield TestClient(oruk_app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def schema_root() -> Path:
    root = schemas.schema_root()
    if root is None:
        pytest.skip(f"the ORUK schemas are not available (set {schemas.ENV})")
    return root


@pytest.fixture(scope="session")
def signpost_cli():
    """The ``signpost`` command with ``oruk`` (registered here until app/cli/__init__.py does it)."""
    import typer

    from app.cli import cli, oruk

    if any(group.name == "oruk" for group in cli.registered_groups):
        return cli
    wrapper = typer.Typer()
    wrapper.add_typer(oruk.cli, name="oruk")
    return wrapper
