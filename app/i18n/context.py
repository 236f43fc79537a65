"""The request's locale (a ContextVar) and gettext bound to it, for Jinja and Python code."""

from contextvars import ContextVar

from babel.support import LazyProxy

from app.i18n.catalogs import translations_for
from app.i18n.locales import DEFAULT_LOCALE, Locale

current_locale: ContextVar[Locale] = ContextVar("current_locale", default=DEFAULT_LOCALE)


def translate(message: str) -> str:
    """The message in the current locale, unformatted (Jinja's newstyle gettext formats it)."""
    return translations_for(current_locale.get().code).gettext(message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return translations_for(current_locale.get().code).ngettext(singular, plural, n)


def gettext(message: str, **variables) -> str:
    """For Python code: translate, then fill in ``%(name)s`` variables."""
    text = translate(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    return translate_plural(singular, plural, n) % {"num": n, **variables}


def lazy_gettext(message: str) -> LazyProxy:
    """For strings defined at import time and shown later in the reader's language."""
    return LazyProxy(gettext, message, enable_cache=False)


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark for extraction only"
    """Mark a string for extraction without translating it now (it is passed to gettext later)."""
    return message
