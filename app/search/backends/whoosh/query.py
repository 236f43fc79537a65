"""The service's concepts as a Whoosh query of plain terms. Phrases are analysed with the language's analyzer and
assembled here: user text never reaches Whoosh's query language.

Typo tolerance is done here, once per query, rather than with Whoosh's ``FuzzyTerm``: a FuzzyTerm walks the term
dictionary with a Levenshtein automaton every time it is asked for its terms — when matching, again when the searcher
estimates its size, and again for highlighting — and that was over half of the search CPU. Instead a resident's own
word that the index does not know is expanded into at most :data:`MAX_EXPANSIONS` known words within one or two edits
(from the titles' and summaries' spelling vocabulary, the words "did you mean" offers), and those become ordinary
term queries with a lower boost, reused for scoring and highlighting. Synonym alternatives are never expanded: they
are our words, not a resident's typing, and a synonym the index does not hold simply matches nothing.
"""

import math
from dataclasses import dataclass, field
from itertools import islice

from whoosh import query as q
from whoosh.support.levenshtein import damerau_levenshtein

from app.i18n.locales import Locale
from app.search.analyzers import analyzer_for
from app.search.backends.whoosh.schema import text_field
from app.search.contract import MIN_SHARE_MATCHED, TEXT_FIELDS, Concept
from app.search.query import MAX_CONCEPTS

MAX_TERM_LENGTH = 64
MAX_ALTERNATIVES = 32  # phrases kept per concept (the service sends a synonym group; a backend bounds it anyway)
SHORTEST_EXPANDED, LONGEST_EXPANDED = 4, 30  # words outside these lengths are neither expanded nor offered
MAX_EXPANSIONS = 8  # known words a misspelt word may stand for
MAX_CANDIDATES = 64  # words within reach looked at per vocabulary before ranking (a guard, rarely reached)
EXPANSION_BOOST = {1: 0.5, 2: 0.3}  # by edit distance: a near word counts for less than the word itself
SPELLING_FIELDS = ("title", "summary")  # the vocabulary near words come from (body has no spelling field)


@dataclass(frozen=True)
class Wanted:
    """One analysed concept: any of ``alternatives`` (each a phrase's terms, all needed) or a ``weekday``. ``typed``
    is set for a resident's own word (a single alternative, not a synonym group): the word unstemmed, as the
    spelling vocabulary holds words, so that a word the index does not know can be expanded into near ones."""

    alternatives: tuple[tuple[str, ...], ...] = ()
    weekday: str | None = None
    typed: str | None = None


@dataclass
class Built:
    """The query as clauses, one per concept, of which at least ``need`` must match a document (Whoosh's
    ``Or(minmatch=...)`` does not implement minmatch: :mod:`.collect` does the counting)."""

    clauses: list[q.Query] = field(default_factory=list)
    need: int = 1
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # typed word -> stemmed near words used

    def terms(self, fieldname: str) -> frozenset[str]:
        """The terms searched for in one field (for highlighting); plain terms, so no index lookups."""
        return frozenset(text for clause in self.clauses for name, text in clause.iter_all_terms() if name == fieldname)


def analysed(found: tuple[Concept, ...], locale: Locale) -> list[Wanted]:
    """A synonym group keeps its phrases as alternatives (all of a phrase's terms needed); a single word that analyses
    into several terms (a hyphenated word, a run of Chinese characters split into pairs) gives a concept per term, so
    most of them must match."""
    analyzer = analyzer_for(locale.analyzer)

    def analyse(phrase: str, **options) -> list[str]:
        return [token.text[:MAX_TERM_LENGTH] for token in analyzer(phrase, **options)]

    result: list[Wanted] = []
    for concept in found:
        if concept.weekday:
            result.append(Wanted(weekday=concept.weekday))
        elif len(concept.alternatives) > 1:
            phrases = (analyse(p) for p in concept.alternatives[:MAX_ALTERNATIVES])
            alternatives = _without_wider(tuple(dict.fromkeys(tuple(terms) for terms in phrases if terms)))
            if alternatives:
                result.append(Wanted(alternatives=alternatives))
        elif concept.alternatives:
            stems = analyse(concept.alternatives[0])
            forms = analyse(concept.alternatives[0], no_morph=True)
            typed: list[str | None] = list(forms) if len(forms) == len(stems) else [None] * len(stems)
            result.extend(
                Wanted(alternatives=((stem,),), typed=form or stem)
                for stem, form in zip(stems, typed, strict=True)
                if len(stem) > 1 or not stem.isascii()
            )
    return list(dict.fromkeys(result))[:MAX_CONCEPTS]


def _without_wider(alternatives: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Leave out a phrase that needs every term of a shorter one ("care at home" beside "home care"): it can only
    match pages the shorter one matches, and walking the long posting lists of common words twice was the dearest
    part of a synonym group."""
    sets = [frozenset(terms) for terms in alternatives]
    kept = []
    for i, (terms, mine) in enumerate(zip(alternatives, sets, strict=True)):
        if not any(other < mine or (other == mine and j < i) for j, other in enumerate(sets)):
            kept.append(terms)
    return tuple(kept)


def near_words(reader, word: str, stem: str, locale: Locale) -> tuple[tuple[str, int], ...]:
    """Known words within one edit (two for words over seven letters) of ``word``, best first (fewest edits, then
    most frequent), as stemmed terms with their distance: at most :data:`MAX_EXPANSIONS`, none for very short or very
    long words. One Levenshtein-automaton walk per spelling vocabulary and index segment."""
    if not SHORTEST_EXPANDED <= len(word) <= LONGEST_EXPANDED:
        return ()
    maxdist = 2 if len(word) > 7 else 1
    ranked: dict[str, tuple[int, int]] = {}  # candidate -> (edits, documents holding it)
    for name in (text_field(n, locale) for n in SPELLING_FIELDS):
        if name not in reader.schema:
            continue
        spelling = reader.schema[name].spelling_fieldname(name)
        found: set[str] = set()
        for leaf, _offset in reader.leaf_readers():
            if spelling in leaf.indexed_field_names():
                found.update(islice(leaf.terms_within(name, word, maxdist, prefix=1), MAX_CANDIDATES))
        for candidate in found:
            if SHORTEST_EXPANDED <= len(candidate) <= LONGEST_EXPANDED and candidate != word:
                edits, frequency = ranked.get(candidate, (damerau_levenshtein(candidate, word), 0))
                ranked[candidate] = (edits, frequency + reader.doc_frequency(spelling, candidate))
    analyzer = analyzer_for(locale.analyzer)
    near: dict[str, int] = {}
    for candidate, (distance, _) in sorted(ranked.items(), key=lambda item: (item[1][0], -item[1][1], item[0])):
        terms = [token.text for token in analyzer(candidate)]
        if len(terms) == 1 and terms[0] != stem and terms[0] not in near:
            near[terms[0]] = distance
            if len(near) == MAX_EXPANSIONS:
                break
    return tuple(near.items())


def build_query(found: list[Wanted], locale: Locale, reader, fuzzy: bool = True) -> Built:
    """At least half the concepts must match (so a long plain-words query still finds the page that fits best).
    Terms the index does not hold are left out (a Whoosh union keeps a branch for each), and so are phrases and
    concepts that cannot match; a concept left out still counts towards the half."""
    fields = [text_field(name, locale) for name in TEXT_FIELDS]
    built = Built()

    def anywhere(term: str, boost: float = 1.0) -> list[q.Query]:
        return [q.Term(name, term, boost=boost) for name in fields if (name, term) in reader]

    def either(queries: list[q.Query]) -> q.Query | None:
        return None if not queries else queries[0] if len(queries) == 1 else q.Or(queries)

    for wanted in found:
        clause: q.Query | None
        if wanted.weekday:
            clause = q.Term("weekdays", wanted.weekday) if ("weekdays", wanted.weekday) in reader else None
        elif fuzzy and wanted.typed is not None and not anywhere(wanted.alternatives[0][0]):
            (stem,) = wanted.alternatives[0]
            near = near_words(reader, wanted.typed, stem, locale)
            built.expansions[wanted.typed] = tuple(term for term, _ in near)
            clause = either([t for term, edits in near for t in anywhere(term, EXPANSION_BOOST.get(edits, 0.3))])
        else:
            alternatives = []
            for phrase in wanted.alternatives:
                parts = [either(anywhere(term)) for term in phrase]
                if all(parts):
                    alternatives.append(parts[0] if len(parts) == 1 else q.And(parts))
            clause = either(alternatives)
        if clause is not None:
            built.clauses.append(clause)
    built.need = max(1, math.ceil(len(found) * MIN_SHARE_MATCHED))
    return built
