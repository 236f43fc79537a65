"""Links on pages are built without walking the route table (``app.ui.templating.url_path_for``), and come out exactly
as ``app.url_path_for`` makes them, for every named route; Jinja reads template files once, except in development."""

import uuid

import pytest
from fastapi.testclient import TestClient
from starlette.routing import NoMatchFound, compile_path

from app.config import Settings
from app.main import create_app
from app.ui import templating
from app.web.routing import iter_routes

SAMPLES = {"str": "some-slug", "int": 7, "float": 1.5, "path": "a/b", "uuid": uuid.UUID(int=42)}


def _sample(convertor) -> object:
    kind = type(convertor).__name__.removesuffix("Convertor").lower()  # StringConvertor -> "string"
    return SAMPLES["str" if kind == "string" else "int" if kind == "integer" else kind]


def _named_routes(app) -> list[tuple[str, dict[str, object]]]:
    """(name, sample parameters) of every named route, from the full path each is served at."""
    found = []
    for path, route in iter_routes(app):
        name = getattr(route, "name", None)
        if name:
            _regex, _format, convertors = compile_path(path)
            found.append((name, {key: _sample(value) for key, value in convertors.items()}))
    return found


def test_every_named_route_has_the_same_path_both_ways(app):
    routes = _named_routes(app)
    assert len(routes) > 60 and {"home", "service", "hub", "static", "switch_language", "staff_version"} <= {
        name for name, _ in routes
    }
    for name, params in routes:
        assert templating.url_path_for(app, name, **params) == app.url_path_for(name, **params), name
        assert type(templating.url_path_for(app, name, **params)) is type(app.url_path_for(name, **params))


def test_a_name_shared_by_two_routes_gives_the_first_as_the_app_does(app):
    assert templating.url_path_for(app, "root") == app.url_path_for("root") == "/"


@pytest.mark.parametrize(
    "name, params",
    [
        ("no-such-route", {}),
        ("service", {"lang": "en"}),  # a parameter missing
        ("home", {"lang": "en", "slug": "extra"}),  # one too many
        ("home", {}),
    ],
)
def test_a_wrong_name_or_wrong_parameters_fail_the_same_way(app, name, params):
    with pytest.raises(NoMatchFound):
        app.url_path_for(name, **params)
    with pytest.raises(NoMatchFound):
        templating.url_path_for(app, name, **params)


def test_a_route_added_after_the_first_link_is_found(settings):
    app = create_app(settings)
    assert templating.url_path_for(app, "home", lang="en") == "/en/"
    app.add_api_route("/{lang}/added-later/{slug}", lambda lang, slug: None, name="added_later")
    assert templating.url_path_for(app, "added_later", lang="fr", slug="x") == "/fr/added-later/x"


def test_pages_link_with_the_readers_language(client):
    html = client.get("/pl/services/carers-assessment").text
    assert 'href="/pl/hubs"' in html and 'href="/pl/"' in html and 'href="/language?to=ar&amp;next=' in html


@pytest.mark.parametrize("environment, reloads", [("development", True), ("test", False), ("production", False)])
def test_templates_are_checked_for_changes_only_in_development(settings, environment, reloads):
    chosen = Settings(
        **{
            **settings.model_dump(),
            "environment": environment,
            "secret_key": "x" * 40,
            "page_cache_megabytes": 0,
        }
    )
    assert templating.reloads_templates(chosen) is reloads
    app = create_app(chosen)
    try:
        assert TestClient(app).get("/en/accessibility").status_code == 200
        assert templating.templates().env.auto_reload is reloads
    finally:
        app.state.engine.dispose()
