"""The Jinja environment: i18n extension, filters and the ``render`` helper every route uses."""

from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from app.directory.vocabulary import ACCESSIBILITY_FEATURES, REFERRAL_METHODS, language_name
from app.i18n import formatting
from app.i18n.context import current_locale, translate, translate_plural
from app.i18n.locales import LOCALES
from app.web.markdown import render_markdown

TEMPLATES_DIR = Path(__file__).parent / "templates"


@lru_cache
def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True),
                      extensions=["jinja2.ext.i18n"], undefined=StrictUndefined)
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext=translate, ngettext=translate_plural, newstyle=True)
    env.filters.update(
        markdown=render_markdown,
        format_date=formatting.format_date,
        format_time=formatting.format_time,
        format_currency=formatting.format_currency,
        schedule_days=formatting.describe_schedule_days,
        weekday=formatting.weekday_name,
        language_name=lambda code: language_name(code, current_locale.get().babel),
        accessibility_label=lambda code: str(ACCESSIBILITY_FEATURES.get(code, code)),
        referral_label=lambda code: str(REFERRAL_METHODS.get(code, code)),
    )
    env.globals.update(locales=LOCALES)
    return Jinja2Templates(env=env)


def path_for(request: Request, name: str, **params) -> str:
    """A route's path, with the reader's language filled in."""
    params.setdefault("lang", current_locale.get().code)
    return request.app.url_path_for(name, **params)


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    settings = request.app.state.settings
    context.update(
        locale=current_locale.get(),
        settings=settings,
        path_for=lambda name, **params: path_for(request, name, **params),
        static_url=request.app.state.static.url,
    )
    return templates().TemplateResponse(request, template, context, status_code=status_code)
