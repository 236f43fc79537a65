"""The locale of a request: from the URL prefix (and, later, cookie and Accept-Language for redirects)."""

from typing import Annotated

from fastapi import Depends, HTTPException

from app.i18n.context import current_locale
from app.i18n.locales import DEFAULT_LOCALE, Locale, get_locale


async def path_locale(lang: str) -> Locale:
    """The locale named by the ``/{lang}/`` prefix; unknown prefixes are 404."""
    locale = get_locale(lang)
    if locale is None:
        raise HTTPException(status_code=404)
    current_locale.set(locale)
    return locale


def locale_of_path(path: str) -> Locale:
    """Best guess for pages rendered outside a route (error pages)."""
    first = path.lstrip("/").split("/", 1)[0]
    return get_locale(first) or DEFAULT_LOCALE


LocaleDep = Annotated[Locale, Depends(path_locale)]
