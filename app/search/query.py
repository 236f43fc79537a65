"""Turn what a resident typed into a safe Whoosh query. User text never reaches Whoosh's query language: it is
cleaned, capped, analysed with the reader's analyzer and assembled here from plain term queries."""

import math
import re
import unicodedata
from dataclasses import dataclass

from babel import dates
from whoosh import query as q
from whoosh.analysis import STOP_WORDS

from app.i18n.formatting import DAYS
from app.i18n.locales import SOURCE_LOCALE, Locale
from app.search.analyzers import analyzer_for, fold_arabic_script
from app.search.schema import TEXT_FIELDS, text_field
from app.search.synonyms import expand

MAX_CHARS = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 64
_BIDI_CONTROLS = {"\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
STOP = {"english": STOP_WORDS | {"someone", "help", "need", "want", "my", "me", "i", "near", "some"}}


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


@dataclass
class Concept:
    """One idea in the query: any of its alternatives may match (an alternative is a list of terms, all needed)."""

    alternatives: list[list[str]]
    weekday: str | None = None


def _day_words(locale: Locale) -> dict[str, str]:
    words: dict[str, str] = {}
    for babel_locale in {locale.babel, SOURCE_LOCALE.babel}:
        for width in ("wide", "abbreviated"):
            for index, name in dates.get_day_names(width, locale=babel_locale).items():
                words[name.lower()] = DAYS[index]
                words[name.lower() + "s"] = DAYS[index]
    return words


def concepts(text: str, locale: Locale) -> list[Concept]:
    analyzer = analyzer_for(locale.analyzer)

    def analyse(phrase: str) -> list[str]:
        return [token.text[:MAX_TERM_LENGTH] for token in analyzer(phrase)]

    groups, rest = expand(text, locale)
    found = [Concept(alternatives=[t for t in (analyse(p) for p in group) if t]) for group in groups]
    stop = STOP.get(locale.analyzer, set())
    days = _day_words(locale)
    words = [w for w in rest.split() if re.sub(r"\W", "", w)]
    content_words = [w for w in words if re.sub(r"\W", "", w.lower()) not in stop] or words
    for word in content_words:
        if word.lower() in days:
            found.append(Concept(alternatives=[], weekday=days[word.lower()]))
            continue
        for term in analyse(word):
            if len(term) > 1 or not term.isascii():
                found.append(Concept(alternatives=[[term]]))
    unique: list[Concept] = []
    for concept in found:
        new = all(c.alternatives != concept.alternatives or c.weekday != concept.weekday for c in unique)
        if (concept.alternatives or concept.weekday) and new:
            unique.append(concept)
    return unique[:MAX_TERMS]


def _term_anywhere(term: str, locale: Locale, vocabulary, fuzzy: bool) -> q.Query:
    fields = [text_field(name, locale) for name in TEXT_FIELDS]
    clauses: list[q.Query] = [q.Term(f, term) for f in fields]
    if fuzzy and len(term) > 3 and not any(vocabulary(f, term) for f in fields):
        distance = 2 if len(term) > 7 else 1
        clauses += [q.FuzzyTerm(f, term, maxdist=distance, prefixlength=1, boost=0.5) for f in fields]
    return q.Or(clauses)


def build_query(found: list[Concept], locale: Locale, vocabulary, fuzzy: bool = True) -> q.Query | None:
    """Most of the concepts must match (so a long plain-words query still finds the page that fits best)."""
    clauses = []
    for concept in found:
        if concept.weekday:
            clauses.append(q.Term("weekdays", concept.weekday))
            continue
        alternatives = [
            q.And([_term_anywhere(t, locale, vocabulary, fuzzy) for t in alt]) for alt in concept.alternatives
        ]
        clauses.append(q.Or(alternatives) if len(alternatives) > 1 else alternatives[0])
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return q.Or(clauses, minmatch=max(1, math.ceil(len(clauses) * 0.5)))


def filters(selected: dict[str, list[str]]) -> q.Query:
    """Facet choices: values within a facet are alternatives, facets combine with AND. Only listed pages."""
    parts: list[q.Query] = [q.Term("active", True)]
    for name, values in selected.items():
        if values:
            parts.append(q.Or([q.Term(name, value) for value in values]))
    return q.And(parts)


def normalise(text: str) -> str:
    """The form a query is counted under: lower case, folded, single spaces."""
    return " ".join(fold_arabic_script(clean(text).lower()).split())
