"""Unexpected failures show a friendly page, never a stack trace."""

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
