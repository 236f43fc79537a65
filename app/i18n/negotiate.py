"""Which locale a request gets: the URL prefix for pages; for redirects, the switcher's cookie, then the best
Accept-Language match (Babel's negotiation over the registry's codes and aliases), then English."""

from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

from babel.core import negotiate_locale
from fastapi import Depends, HTTPException, Request

from app.i18n import locales
from app.i18n.context import current_locale

COOKIE = "signpost_lang"
MAX_HEADER = 2000
MAX_TAGS = 30


async def path_locale(lang: str) -> locales.Locale:
    """The locale named by the ``/{lang}/`` prefix; unknown prefixes are 404."""
    locale = locales.get_locale(lang)
    if locale is None:
        raise HTTPException(status_code=404)
    current_locale.set(locale)
    return locale


LocaleDep = Annotated[locales.Locale, Depends(path_locale)]


def parse_accept_language(header: str) -> list[str]:
    """Language tags by preference (q-value, then order); malformed parts are ignored, never an error."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:MAX_HEADER].split(",")[:MAX_TAGS]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or len(tag) > 35 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in tag):
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if 0 < quality <= 1:
            weighted.append((-quality, index, tag.replace("_", "-")))
    return [tag for _, _, tag in sorted(weighted)]


def from_accept_language(header: str) -> locales.Locale | None:
    names: dict[str, locales.Locale] = {}
    for locale in locales.LOCALES:
        for name in (locale.code, *locale.aliases):
            names[name.lower()] = locale
    preferred = [tag.lower() for tag in parse_accept_language(header)]
    match = negotiate_locale(preferred, list(names), sep="-")
    return names.get(match.lower()) if match else None


def preferred_locale(request: Request) -> locales.Locale:
    return (
        locales.get_locale(request.cookies.get(COOKIE, ""))
        or from_accept_language(request.headers.get("accept-language", ""))
        or locales.DEFAULT_LOCALE
    )


def locale_of_path(path: str) -> locales.Locale:
    """Best guess for pages rendered outside a route (error pages)."""
    first = path.lstrip("/").split("/", 1)[0]
    return locales.get_locale(first) or locales.DEFAULT_LOCALE


def split_prefix(path: str) -> tuple[locales.Locale | None, str]:
    """('/ar/services/x') -> (Arabic, '/services/x'); a path without a locale prefix -> (None, path)."""
    first, _, rest = path.lstrip("/").partition("/")
    locale = locales.get_locale(first)
    if locale is None:
        return None, path
    return locale, "/" + rest


def localised_url(locale: locales.Locale, target: str) -> str | None:
    """``target`` (a local path, maybe with a query) moved under ``locale``'s prefix; None if it is not local."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    _, rest = split_prefix(parts.path)
    return urlunsplit(("", "", f"/{locale.code}{rest}", parts.query, ""))
