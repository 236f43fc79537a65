"""The service's concepts as rows of parameters for the search statement (:mod:`.searching`).

A concept becomes (concept, alternative, word, form) rows: the statement turns each form into a tsquery with
``plainto_tsquery``, ORs the forms of a word, ANDs the words of an alternative and ORs a concept's alternatives
(aggregates of migration 0009). As in the Whoosh backend, a concept with a single phrase that splits into several
words (a run of Chinese characters as pairs, a hyphenated word) gives a concept per word, so most of them must match
rather than all; a synonym group keeps each phrase whole. A word's forms are the word itself, plus (typo tolerance)
up to three vocabulary words within one edit (two for words of eight letters or more) with the same first letter,
when the word is not in the titles' and summaries' vocabulary and no document matches it at all.

Everything is capped, so that a hostile query (two thousand words, a hundred thousand characters) costs what a long
ordinary one does: the service's ``MAX_CONCEPTS`` concepts, 24 alternatives of six words each, 64 characters a word,
128 distinct words looked up, 256 forms in all. Words PostgreSQL drops (stop words) leave the concept; a concept
left with nothing is not counted when deciding how many must match.
"""

import math
from dataclasses import dataclass, field

from sqlalchemy import Connection

from app.i18n.locales import Locale
from app.search.backends.postgres.analysis import MAX_WORD, PREPARED_IN_PYTHON, Word, highlight_form, look_up, prepare
from app.search.backends.postgres.analysis import tokens as split_words
from app.search.contract import MIN_SHARE_MATCHED, Concept
from app.search.query import MAX_CONCEPTS

MAX_ALTERNATIVES = 24  # the care vocabulary's synonym groups have a dozen at most
MAX_WORDS = 6  # per alternative
MAX_PHRASE = 200  # characters of an alternative that are read
MAX_LOOKED_UP = 128  # distinct words
MAX_FORMS = 256  # rows of the statement's forms table; alternatives beyond it are left out
MAX_CORRECTIONS = 3  # per word

Alternative = tuple[str, ...]  # prepared words, all needed


@dataclass
class Plan:
    """What the search statement needs: ``forms`` rows, the weekday concepts, how many concepts must match."""

    forms: list[tuple[int, int, int, str]] = field(default_factory=list)  # (concept, alternative, word, form)
    days: list[str] = field(default_factory=list)
    need: int = 0
    asked: bool = False  # the query had concepts (if none survived, nothing matches)
    marks: set[str] = field(default_factory=set)  # forms to highlight in Python (locales Python prepares)

    @property
    def concepts(self) -> int:
        return len({row[0] for row in self.forms}) + len(self.days)

    @property
    def empty(self) -> bool:
        """The query asked for something, and nothing of it can match (only stop words or punctuation)."""
        return self.asked and self.concepts == 0


def _alternatives(concept: Concept, locale: Locale) -> list[list[Alternative]]:
    """The concept's alternatives as prepared words; a single phrase of several words becomes a concept per word."""
    phrases = [
        tuple(word[:MAX_WORD] for word in split_words(prepare(phrase[:MAX_PHRASE], locale))[:MAX_WORDS])
        for phrase in concept.alternatives[:MAX_ALTERNATIVES]
    ]
    phrases = [phrase for phrase in phrases if phrase]
    if len(phrases) == 1:
        return [[(word,)] for word in phrases[0] if len(word) > 1 or not word.isascii()]
    return [phrases] if phrases else []


Shaped = str | list[Alternative]  # a weekday, or a concept's alternatives


def _shaped(concepts: tuple[Concept, ...], locale: Locale) -> list[Shaped]:
    shaped: list[Shaped] = []
    for concept in concepts[: MAX_CONCEPTS * 4]:
        if concept.weekday:
            shaped.append(concept.weekday)
        else:
            shaped.extend(_alternatives(concept, locale))
    return shaped


def _kept(shaped: list[Shaped], looked: dict[str, Word]) -> list[Shaped]:
    """Concepts without the words PostgreSQL drops (stop words), nor those left empty, nor repeats (the same
    lexemes: "carer" and "carers"), at most ``MAX_CONCEPTS``."""
    seen: set[object] = set()
    kept: list[Shaped] = []
    for item in shaped:
        key: object = item
        if isinstance(item, list):
            item = [
                alternative
                for alternative in (tuple(w for w in alt if w in looked and looked[w].lexemes) for alt in item)
                if alternative
            ]
            key = frozenset(frozenset(looked[w].lexemes for w in alternative) for alternative in item)
            if not item:
                continue
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept[:MAX_CONCEPTS]


def plan(connection: Connection, concepts: tuple[Concept, ...], locale: Locale) -> Plan:
    """One round trip: what the database knows of the words (:func:`.analysis.look_up`) decides what is kept and
    which typos are corrected."""
    result = Plan(asked=bool(concepts))
    shaped = _shaped(concepts, locale)
    words = list(dict.fromkeys(w for item in shaped if isinstance(item, list) for alt in item for w in alt))
    looked = look_up(connection, words[:MAX_LOOKED_UP], locale, unfound_only=True)
    for number, item in enumerate(_kept(shaped, looked)):
        if isinstance(item, str):
            result.days.append(item)
            continue
        for alternative_number, alternative in enumerate(item):
            rows = [
                (number, alternative_number, word_number, form)
                for word_number, word in enumerate(alternative)
                for form in _forms(word, looked[word])
            ]
            if len(result.forms) + len(rows) > MAX_FORMS:
                continue
            result.forms += rows
            if locale.analyzer in PREPARED_IN_PYTHON:
                result.marks.update(highlight_form(row[3]) for row in rows)
    if result.concepts:
        result.need = max(1, math.ceil(result.concepts * MIN_SHARE_MATCHED))
    return result


def _forms(word: str, entry: Word) -> list[str]:
    if entry.found:
        return [word]
    return [word, *entry.corrections(MAX_CORRECTIONS, same_first_letter=True)]
