"""Keep what must not be translated out of the machine's hands, and put agreed wording in.

Before machine translation, names, phone numbers, emails, web addresses, postcodes and Markdown link targets are
swapped for numbered placeholders, and glossary terms for placeholders that come back as the agreed translation.
Afterwards every placeholder must come back exactly once; if one is lost the translation is refused.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from app.i18n.catalogs import LOCALES_DIR
from app.ui.validators import EMAIL_IN_TEXT, PHONE_IN_TEXT

_PLACEHOLDER = "⟦{}⟧"
_FOUND = re.compile(r"⟦\s*(\d+)\s*⟧")

# Order matters: link targets and emails before web addresses, which would swallow them.
_PATTERNS = (
    re.compile(r"(?<=\]\()[^)\s]+(?=\))"),  # Markdown link target
    EMAIL_IN_TEXT,  # email
    re.compile(r"(?:https?://|www\.)[^\s<>()\]]*[^\s<>()\].,;:!?'\"]"),  # web address
    PHONE_IN_TEXT,  # UK phone number
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b"),  # UK postcode
)


class PlaceholderLost(ValueError):
    """The machine dropped, doubled or invented a placeholder: its output cannot be trusted."""


@dataclass
class Protected:
    text: str
    values: list[str] = field(default_factory=list)

    def hold(self, value: str) -> str:
        self.values.append(value)
        return _PLACEHOLDER.format(len(self.values) - 1)


@dataclass(frozen=True)
class Term:
    source: str
    target: str


@lru_cache
def glossary(catalog_name: str, directory: Path = LOCALES_DIR) -> tuple[Term, ...]:
    """The agreed terms for a locale (``locales/<catalog>/glossary.yml``), longest first."""
    path = directory / catalog_name / "glossary.yml"
    if not path.exists():
        return ()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = [Term(str(t["source"]), str(t["target"])) for t in data.get("terms", []) if t.get("target")]
    return tuple(sorted(terms, key=lambda t: len(t.source), reverse=True))


def _words(phrase: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)", re.IGNORECASE)


def _holding(held: Protected, value: str) -> Callable[[re.Match[str]], str]:
    """A replacement that holds ``value`` (not the matched text) for each match."""
    return lambda _m: held.hold(value)


def protect(text: str, *, names: tuple[str, ...] = (), terms: tuple[Term, ...] = ()) -> Protected:
    held = Protected(text)
    for pattern in _PATTERNS:
        held.text = pattern.sub(lambda m: held.hold(m.group(0)), held.text)
    for name in sorted(names, key=len, reverse=True):
        if name and name in held.text:
            held.text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", lambda m: held.hold(m.group(0)), held.text)
    for term in terms:
        held.text = _words(term.source).sub(_holding(held, term.target), held.text)
    return held


def restore(translated: str, held: Protected) -> str:
    numbers = [int(n) for n in _FOUND.findall(translated)]
    if sorted(numbers) != list(range(len(held.values))):
        raise PlaceholderLost(f"expected placeholders 0–{len(held.values) - 1}, got {numbers}")
    return _FOUND.sub(lambda m: held.values[int(m.group(1))], translated)
