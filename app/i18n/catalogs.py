"""UI message catalogs: compile each locale's messages.po to .mo (at start-up and by the CLI), and load them."""

from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from app.config import REPO_ROOT
from app.i18n import locales

LOCALES_DIR = REPO_ROOT / "locales"
DOMAIN = "messages"


def po_path(locale: locales.Locale, directory: Path | None = None) -> Path:
    return (directory or LOCALES_DIR) / locale.catalog_name / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalogs(directory: Path | None = None, force: bool = False) -> list[Path]:
    """Write a .mo beside every locale's .po that is newer than its .mo; returns the files written."""
    written = []
    for locale in locales.LOCALES:
        po = po_path(locale, directory)
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=locale.babel)
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        written.append(mo)
    translations_for.cache_clear()
    return written


@lru_cache
def translations_for(code: str) -> NullTranslations:
    """The compiled catalog for a locale, or no translation at all (the English source strings)."""
    locale = locales.get_locale(code)
    if locale is None or locale == locales.SOURCE_LOCALE:
        return NullTranslations()
    mo = po_path(locale).with_suffix(".mo")
    if not mo.exists():
        return NullTranslations()
    with mo.open("rb") as source:
        return Translations(source, domain=DOMAIN)
