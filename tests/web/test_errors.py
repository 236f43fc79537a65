"""Unexpected failures show a friendly page, never a stack trace."""

import pytest
from fastapi.testclient import TestClient

from app.main import create_app


def test_an_unexpected_error_shows_the_friendly_500_page(settings, engine):
    app = create_app(settings)

    @app.get("/en/explode")
    def explode():
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/en/explode")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "secret internal detail" not in response.text and "Traceback" not in response.text
    assert '<html lang="en" dir="ltr">' in response.text


def test_api_errors_are_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": 404, "message": "Not Found"}


def test_method_not_allowed_is_a_friendly_page(client):
    response = client.post("/en/")
    assert response.status_code == 405
    assert "Sorry, we could not do that" in response.text


@pytest.mark.slow
def test_a_database_too_busy_to_write_is_a_clear_503_not_a_500(client, settings):
    """SQLite has one writer at a time: hold the write lock longer than the wait, and a form post says "try again"."""
    import sqlite3

    import pytest

    if not settings.is_sqlite:
        pytest.skip("only SQLite has a single writer lock")
    path = settings.database_url.removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, timeout=1)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        response = client.post("/en/feedback", data={"page": "/hubs", "useful": "yes"})
    finally:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
