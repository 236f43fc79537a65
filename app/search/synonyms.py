"""Care vocabulary synonyms per locale (``locales/<code>/synonyms.txt``), applied when a query is built.

Each line is a group of words or phrases that mean the same to a resident: ``carer, caregiver, looking after
someone``. Lines starting with ``#`` are comments.
"""

import re
from functools import lru_cache

from app.i18n.catalogs import LOCALES_DIR
from app.i18n.locales import Locale


@lru_cache(maxsize=64)
def synonym_groups(catalog_name: str) -> tuple[tuple[str, ...], ...]:
    path = LOCALES_DIR / catalog_name / "synonyms.txt"
    if not path.exists():
        return ()
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            phrases = tuple(p.strip().lower() for p in line.split(",") if p.strip())
            if len(phrases) > 1:
                groups.append(phrases)
    return tuple(groups)


@lru_cache(maxsize=64)
def _patterns(catalog_name: str) -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    """Every phrase as a whole-word pattern, longest first, compiled once per locale."""
    phrases = sorted(
        ((phrase, group) for group in synonym_groups(catalog_name) for phrase in group), key=lambda item: -len(item[0])
    )
    return tuple((re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"), group) for phrase, group in phrases)


def expand(text: str, locale: Locale) -> tuple[list[tuple[str, ...]], str]:
    """The synonym groups found in ``text`` (longest phrases first) and the text with those phrases removed."""
    lowered = text.lower()
    found: list[tuple[str, ...]] = []
    for pattern, group in _patterns(locale.catalog_name):
        if pattern.search(lowered):
            if group not in found:
                found.append(group)
            lowered = pattern.sub(" ", lowered)
    return found, lowered
