"""``SIGNPOST_SEARCH_BACKEND`` chooses the engine; a site that turns search off says so plainly."""

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app
from app.search.backends import backend_for
from app.search.backends.null import NullBackend
from app.search.backends.whoosh import WhooshBackend


def test_whoosh_is_the_default_and_null_turns_search_off(settings, engine):
    assert isinstance(backend_for(settings, engine), WhooshBackend)
    assert isinstance(backend_for(settings.model_copy(update={"search_backend": "null"}), engine), NullBackend)


def test_the_postgres_backend_needs_a_postgres_database(tmp_path):
    with pytest.raises(ValidationError, match="needs a PostgreSQL"):
        Settings(search_backend="postgres", database_url=f"sqlite:///{tmp_path / 'x.db'}")


def test_a_site_without_search_says_so_and_still_offers_browsing(settings):
    app = create_app(settings.model_copy(update={"search_backend": "null"}))
    with TestClient(app) as client:
        page = client.get("/fr/search", params={"q": "aidants"})
        assert page.status_code == 404
        assert 'lang="fr"' in page.text and "Ce site ne propose pas de recherche" in page.text
        assert 'href="/fr/"' in page.text
        api = client.get("/api/search", params={"q": "carers"})
        assert api.status_code == 404 and api.json()["message"] == "This site does not offer search."
        assert client.get("/en/hubs").status_code == 200
