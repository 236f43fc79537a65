"""Query understanding, the same for every backend: what a resident typed, cleaned and capped, becomes a few
concepts — synonym groups from the care vocabulary, day names, and the remaining content words (stop words left out
unless nothing else is left). Backends analyse each concept's phrases for the language; user text never reaches a
query language."""

import re
import unicodedata

from babel import dates

from app.i18n.formatting import DAYS
from app.i18n.locales import SOURCE_LOCALE, Locale
from app.search.analyzers import fold_arabic_script
from app.search.contract import Concept
from app.search.synonyms import expand

MAX_CHARS = 200
MAX_CONCEPTS = 12
_BIDI_CONTROLS = {"\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
# Words that say nothing about what is wanted, in the way residents phrase a search ("I need help with…").
_ENGLISH_STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "have",
        "if",
        "in",
        "is",
        "it",
        "may",
        "not",
        "of",
        "on",
        "or",
        "tbd",
        "that",
        "the",
        "this",
        "to",
        "us",
        "we",
        "when",
        "will",
        "with",
        "yet",
        "you",
        "your",
        "someone",
        "help",
        "need",
        "want",
        "my",
        "me",
        "i",
        "near",
        "some",
    }
)
STOP = {"english": _ENGLISH_STOP}


def clean(text: str) -> str:
    """Drop control and direction-override characters, fold white space, cap the length."""
    kept = []
    for char in text[: MAX_CHARS * 4]:
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or (category == "Cc") or (category in ("Cs", "Co", "Cn")):
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())[:MAX_CHARS]


def _day_words(locale: Locale) -> dict[str, str]:
    words: dict[str, str] = {}
    for babel_locale in {locale.babel, SOURCE_LOCALE.babel}:
        for width in ("wide", "abbreviated"):
            for index, name in dates.get_day_names(width, locale=babel_locale).items():
                words[name.lower()] = DAYS[index]
                words[name.lower() + "s"] = DAYS[index]
    return words


def concepts(text: str, locale: Locale) -> tuple[Concept, ...]:
    """The ideas in a cleaned query: a synonym group (any of its phrases), a day, or one content word."""
    groups, rest = expand(text, locale)
    found = [Concept(alternatives=group) for group in groups]
    stop = STOP.get(locale.analyzer, frozenset())
    days = _day_words(locale)
    words = [w for w in rest.split() if re.sub(r"\W", "", w)]
    content_words = [w for w in words if re.sub(r"\W", "", w.lower()) not in stop] or words
    for word in content_words:
        day = days.get(word.lower())
        found.append(Concept(weekday=day) if day else Concept(alternatives=(word,)))
    unique = list(dict.fromkeys(found))
    return tuple(unique[:MAX_CONCEPTS])


def normalise(text: str) -> str:
    """The form a query is counted under: lower case, folded, single spaces."""
    return " ".join(fold_arabic_script(clean(text).lower()).split())
