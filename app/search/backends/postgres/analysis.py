"""How text becomes lexemes in the postgres backend, and what the database knows of a resident's words.

PostgreSQL analyses almost everything itself, with the text search configurations of migration 0009: ``search.<x>``
(its Snowball stemmer for the language, with ``unaccent`` in front) where this server has one for the locale's
analyzer family, ``search.simple`` (lower case and unaccent) otherwise. Which ones exist is read from ``pg_ts_config``
once per engine. Python prepares the text only where PostgreSQL's parser cannot:

- Chinese has no spaces, and the parser takes a whole run of Han characters as one word: the text is indexed and
  searched as overlapping character pairs, split by the same tokenizer as the Whoosh backend's
  (:class:`app.search.analyzers.UnicodeWordTokenizer`);
- Persian and Urdu have no stemmer here, and are written with Arabic or Persian forms of the same letters depending on
  the keyboard: they are folded as the Whoosh backend folds them (:func:`app.search.analyzers.fold_arabic_script`).
  (Arabic needs nothing: PostgreSQL's Arabic stemmer drops harakat and unifies hamza forms itself.)

A query's words reach PostgreSQL only as parameters of ``plainto_tsquery``, which has no operators: ``a:b``, ``!``,
``&|`` or quotes are only characters.
"""

import re
import weakref
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, text

from app.i18n.locales import Locale
from app.search.analyzers import UnicodeWordTokenizer, fold_accents, fold_arabic_script

SCHEMA = "search"
SIMPLE = f"{SCHEMA}.simple"
PREPARED_IN_PYTHON = frozenset({"chinese", "persian", "urdu"})  # the analyzers whose text Python rewrites first
SHORTEST_CORRECTED = 4  # letters: shorter words are never corrected (too many neighbours)
NEAREST = 24  # vocabulary words fetched by trigram distance, before counting the edits in Python
MAX_WORD = 64  # characters of a query word that count (as in the Whoosh backend)
_UNSAFE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: PostgreSQL text cannot hold them
_configurations: "weakref.WeakKeyDictionary[Engine, frozenset[str]]" = weakref.WeakKeyDictionary()


def safe(value: str) -> str:
    return _UNSAFE.sub("", value)


def prepare(value: str, locale: Locale) -> str:
    """The text as PostgreSQL should see it for this locale (safe to bind as a parameter)."""
    value = safe(value)
    if locale.analyzer == "chinese":
        return " ".join(tokens(value))
    if locale.analyzer in ("persian", "urdu"):
        return fold_arabic_script(value)
    return value


def tokens(value: str) -> list[str]:
    """Words (combining marks kept inside them), a run of Han characters as overlapping pairs."""
    return [token.text for token in UnicodeWordTokenizer()(value)]


def configuration(connection: Connection, locale: Locale) -> str:
    """The text search configuration for the locale's documents and queries (``search.english``, ``search.simple``)."""
    names = _configurations.get(connection.engine)
    if names is None:
        names = frozenset(
            connection.execute(
                text("SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = CAST(:schema AS regnamespace)"),
                {"schema": SCHEMA},
            ).scalars()
        )
        _configurations[connection.engine] = names
    name = locale.analyzer if locale.analyzer in names and locale.analyzer not in PREPARED_IN_PYTHON else "simple"
    return f"{SCHEMA}.{name}"


@dataclass
class Word:
    """What the database says of one query word (already prepared for the locale)."""

    lexemes: str  # its tsquery in the locale's configuration, as text: empty for a stop word
    surface: str | None  # its one lower-case, unaccented form in search.simple (None: it is several words)
    known: bool  # in the vocabulary of the titles and summaries
    found: bool  # some document in the locale matches it (anywhere, body too)
    near: dict[str, int] = field(default_factory=dict)  # vocabulary words nearest by trigrams -> frequency

    def corrections(self, most: int, *, same_first_letter: bool, within: int | None = None) -> dict[str, int]:
        """Vocabulary words within ``within`` edits (default: one for words up to seven letters, two beyond), fewest
        edits first, then the most frequent."""
        if self.surface is None or self.known or len(self.surface) < SHORTEST_CORRECTED:
            return {}
        limit = within if within is not None else (1 if len(self.surface) <= 7 else 2)
        scored = []
        for candidate, frequency in self.near.items():
            if same_first_letter and candidate[:1] != self.surface[:1]:
                continue
            distance = edit_distance(self.surface, candidate, limit)
            if distance <= limit:
                scored.append((distance, -frequency, candidate))
        return {candidate: -negative for _distance, negative, candidate in sorted(scored)[:most]}


_LOOK_UP = text(
    """
    WITH typed AS MATERIALIZED (
        SELECT t.word, plainto_tsquery(CAST(:config AS regconfig), t.word) AS query,
               (SELECT CASE WHEN count(*) = 1 THEN min(v.lexeme) END
                  FROM unnest(to_tsvector(CAST(:simple AS regconfig), t.word)) AS v) AS surface
          FROM unnest(CAST(:words AS text[])) AS t(word)
    ), looked AS MATERIALIZED (
        SELECT t.*, k.word IS NOT NULL AS known,
               CASE WHEN k.word IS NULL AND char_length(t.surface) >= :shortest AND :unfound_only
                    THEN EXISTS (SELECT 1 FROM search.document AS d WHERE d.locale = :locale AND d.tsv @@ t.query)
               END AS found
          FROM typed AS t
          LEFT JOIN search.word AS k ON k.locale = :locale AND k.word = t.surface
    )
    SELECT l.word, CAST(l.query AS text) AS lexemes, l.surface, l.known, coalesce(l.found, true) AS found,
           n.word AS near, n.frequency
      FROM looked AS l
      LEFT JOIN LATERAL (
            SELECT v.word, v.frequency
              FROM search.word AS v
             WHERE v.locale = :locale AND NOT l.known AND char_length(l.surface) >= :shortest
               AND NOT (:unfound_only AND l.found)
             ORDER BY v.word <-> l.surface
             LIMIT :nearest
      ) AS n ON true
    """
)


def look_up(connection: Connection, words: list[str], locale: Locale, *, unfound_only: bool) -> dict[str, Word]:
    """Each (prepared) word's lexemes, whether the vocabulary knows it, and its nearest vocabulary words; with
    ``unfound_only``, only for words no document matches (a word found in some body needs no correction)."""
    found: dict[str, Word] = {}
    if not words:
        return found
    rows = connection.execute(
        _LOOK_UP,
        {
            "config": configuration(connection, locale),
            "simple": SIMPLE,
            "words": words,
            "locale": locale.code,
            "shortest": SHORTEST_CORRECTED,
            "unfound_only": unfound_only,
            "nearest": NEAREST,
        },
    )
    for word, lexemes, surface, known, was_found, near, frequency in rows:
        entry = found.setdefault(word, Word(lexemes=lexemes, surface=surface, known=known, found=was_found))
        if near is not None:
            entry.near[near] = frequency
    return found


def spelling(connection: Connection, words: list[str], locale: Locale) -> dict[str, dict[str, int]]:
    """The contract's ``spelling``: for each word as typed that the titles and summaries do not know, the known words
    within two edits and their frequencies; known words, short ones and several-word ones are left out."""
    typed = {word: prepare(word, locale)[:MAX_WORD] for word in dict.fromkeys(words[:64]) if word.strip()}
    looked = look_up(connection, sorted({w for w in typed.values() if w}), locale, unfound_only=False)
    result = {}
    for word, prepared in typed.items():
        entry = looked.get(prepared)
        if entry is None or entry.surface is None or entry.known or len(entry.surface) < SHORTEST_CORRECTED:
            continue
        result[word] = entry.corrections(len(entry.near), same_first_letter=False, within=2)
    return result


def highlight_form(word: str) -> str:
    """How the Python highlighter compares words (for locales whose text Python prepares)."""
    return fold_accents(word.lower())


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
