"""The Jinja environment: i18n extension, filters and the ``render`` helper every route uses."""

import threading
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import fastapi.routing
from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from starlette.datastructures import URLPath
from starlette.responses import HTMLResponse
from starlette.routing import NoMatchFound, Route, WebSocketRoute

from app.i18n import formatting, locales
from app.i18n.context import current_locale, translate, translate_plural
from app.i18n.negotiate import split_prefix
from app.i18n.text import LocalText
from app.ui.markdown import render_markdown

TEMPLATES_DIR = Path(__file__).parent.parent / "web" / "templates"


@lru_cache
def templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        auto_reload=False,  # until an app in development renders (see render): no file checks on every page
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext=translate, ngettext=translate_plural, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n at run time
    env.filters.update(
        markdown=content_markdown,
        source=source_text,
        term_name=term_name,
        term_text=translate,
        format_date=formatting.format_date,
        format_time=formatting.format_time,
        format_currency=formatting.format_currency,
        format_size=formatting.format_size,
        schedule_days=formatting.describe_schedule_days,
        weekday=lambda code: formatting.capfirst(formatting.weekday_name(code)),
        capfirst=formatting.capfirst,
    )
    return Jinja2Templates(env=env)


def extend(*, filters: dict[str, Callable[..., object]], globals: dict[str, object]) -> None:  # noqa: A002
    """Add the domains' own filters and globals (the web shell does, when the app is made): the toolkit itself
    imports no domain."""
    env = templates().env
    env.filters.update(filters)
    env.globals.update(globals)


def _in_source_language() -> bool:
    return current_locale.get() == locales.SOURCE_LOCALE


def source_text(text) -> Markup:
    """Content text that is still in the source language, marked as English inside a page in another language."""
    if _in_source_language() or isinstance(text, LocalText):
        return escape(text)
    return Markup('<span lang="{}" dir="ltr">{}</span>').format(locales.SOURCE_LOCALE.code, text)


def content_markdown(text: str, heading_offset: int = 0) -> Markup:
    html = render_markdown(text, heading_offset)
    return html if isinstance(text, LocalText) else source_block(html)


def source_block(html: Markup) -> Markup:
    if _in_source_language():
        return html
    return Markup('<div lang="{}" dir="ltr">{}</div>').format(locales.SOURCE_LOCALE.code, html)


def term_name(text: str) -> Markup:
    """A taxonomy term's name or description: part of the interface vocabulary, so translated by the catalog."""
    translated = translate(text)
    return escape(translated) if translated != text else source_text(text)


def reloads_templates(settings) -> bool:
    """Whether Jinja checks each template file's modification time before using it: only in development, where
    an edited template shows on the next page. Elsewhere the templates are read once per process."""
    return settings.environment == "development"


class _RouteIndex:
    """For each route name, the routes that could answer it, in the app's order: those of that name, and any that
    may answer other names than their own (a mount). ``app.url_path_for`` asks every route of the app in turn, each
    that does not match raising an exception, for every link on every page: a hundred microseconds a link."""

    def __init__(self, app: Any) -> None:
        self.size = len(app.router.routes)
        flat = list(_flat_routes(app.router.routes))
        self.by_name: dict[str, list[Callable[..., URLPath]]] = {
            name: [method for other, method in flat if other in (name, None)] for name, _method in flat if name
        }


def _flat_routes(routes: Iterable[Any]) -> Iterable[tuple[str | None, Callable[..., URLPath]]]:
    """(name, url_path_for) of every route, included routers flattened as FastAPI walks them; the name is None for a
    route that may answer names other than its own (a mount or host: ``mount:child``, or any name when unnamed)."""
    contexts = getattr(fastapi.routing, "iter_route_contexts", None)  # where FastAPI keeps included routers whole
    for route in contexts(list(routes)) if contexts is not None else routes:
        original = getattr(route, "original_route", route)
        simple = isinstance(original, (Route, WebSocketRoute))  # answers its own name only
        yield (route.name if simple else None), route.url_path_for


_indexes: "weakref.WeakKeyDictionary[Any, _RouteIndex]" = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def url_path_for(app: Any, name: str, /, **params: Any) -> URLPath:
    """``app.url_path_for(name, **params)``, the same path, without walking every route: each route that could
    answer ``name`` is asked, in the app's order; if none does, the app is (and raises ``NoMatchFound``)."""
    index = _indexes.get(app)
    if index is None or index.size != len(app.router.routes):  # routes added since: index them again
        with _indexes_lock:
            index = _indexes[app] = _RouteIndex(app)
    for candidate in index.by_name.get(name, ()):
        try:
            return candidate(name, **params)
        except NoMatchFound:
            continue
    return app.url_path_for(name, **params)


def path_for(request: Request, name: str, **params) -> str:
    """A route's path, with the reader's language filled in."""
    params.setdefault("lang", current_locale.get().code)
    return url_path_for(request.app, name, **params)


def alternates(request: Request) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of this page in every locale, then x-default (the negotiating, unprefixed URL)."""
    _, rest = split_prefix(request.url.path)
    query = f"?{request.url.query}" if request.url.query else ""
    base = request.app.state.settings.site_url
    links = [(locale.code, f"{base}/{locale.code}{rest}{query}") for locale in locales.LOCALES]
    return [*links, ("x-default", f"{base}{rest}{query}")]


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    settings = request.app.state.settings
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    switch = url_path_for(request.app, "switch_language")
    context.update(
        locale=current_locale.get(),
        locales=locales.LOCALES,
        source_locale=locales.SOURCE_LOCALE,
        alternates=alternates(request),
        switch_url=lambda code: switch + "?" + urlencode({"to": code, "next": here}),
        settings=settings,
        path_for=lambda name, **params: path_for(request, name, **params),
        static_url=request.app.state.static.url,
        feedback_page=split_prefix(request.url.path)[1],
    )
    jinja = templates()
    reload = reloads_templates(settings)
    if jinja.env.auto_reload != reload:  # one app per process: set once, by the first page it renders
        jinja.env.auto_reload = reload
    return jinja.TemplateResponse(request, template, context, status_code=status_code)
