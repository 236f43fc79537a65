"""The service's concepts as a Whoosh query. Phrases are analysed with the language's analyzer and assembled here
from plain term queries: user text never reaches Whoosh's query language."""

import math

from whoosh import query as q

from app.i18n.locales import Locale
from app.search.analyzers import analyzer_for
from app.search.backends.whoosh.schema import text_field
from app.search.contract import MIN_SHARE_MATCHED, TEXT_FIELDS, Concept
from app.search.query import MAX_CONCEPTS

MAX_TERM_LENGTH = 64


def analysed(found: tuple[Concept, ...], locale: Locale) -> list[Concept]:
    """Concepts whose alternatives are analysed terms (space-separated). A synonym group keeps its phrases as
    alternatives (all of a phrase's terms needed); a single word that analyses into several terms (a hyphenated
    word, a run of Chinese characters split into pairs) gives a concept per term, so most of them must match."""
    analyzer = analyzer_for(locale.analyzer)

    def analyse(phrase: str) -> list[str]:
        return [token.text[:MAX_TERM_LENGTH] for token in analyzer(phrase)]

    result: list[Concept] = []
    for concept in found:
        if concept.weekday:
            result.append(concept)
        elif len(concept.alternatives) > 1:
            terms = tuple(" ".join(t) for t in (analyse(p) for p in concept.alternatives) if t)
            if terms:
                result.append(Concept(alternatives=terms))
        else:
            result.extend(
                Concept(alternatives=(term,))
                for term in analyse(concept.alternatives[0])
                if len(term) > 1 or not term.isascii()
            )
    return list(dict.fromkeys(result))[:MAX_CONCEPTS]


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
            q.And([_term_anywhere(t, locale, vocabulary, fuzzy) for t in alt.split(" ")])
            for alt in concept.alternatives
        ]
        clauses.append(q.Or(alternatives) if len(alternatives) > 1 else alternatives[0])
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return q.Or(clauses, minmatch=max(1, math.ceil(len(clauses) * MIN_SHARE_MATCHED)))


def filters(selected: dict[str, list[str]]) -> q.Query:
    """Facet choices: values within a facet are alternatives, facets combine with AND. Only listed pages."""
    parts: list[q.Query] = [q.Term("active", True)]
    for name, values in selected.items():
        if values:
            parts.append(q.Or([q.Term(name, value) for value in values]))
    return q.And(parts)
