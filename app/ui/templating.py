"""The Jinja environment: i18n extension, filters and the ``render`` helper every route uses."""

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

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


def path_for(request: Request, name: str, **params) -> str:
    """A route's path, with the reader's language filled in."""
    params.setdefault("lang", current_locale.get().code)
    return request.app.url_path_for(name, **params)


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
    context.update(
        locale=current_locale.get(),
        locales=locales.LOCALES,
        source_locale=locales.SOURCE_LOCALE,
        alternates=alternates(request),
        switch_url=lambda code: (
            request.app.url_path_for("switch_language") + "?" + urlencode({"to": code, "next": here})
        ),
        settings=settings,
        path_for=lambda name, **params: path_for(request, name, **params),
        static_url=request.app.state.static.url,
        feedback_page=split_prefix(request.url.path)[1],
    )
    return templates().TemplateResponse(request, template, context, status_code=status_code)
