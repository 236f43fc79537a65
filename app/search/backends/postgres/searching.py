"""One search, in one statement under a time limit: the total, the page of hits and the facet counts together.

Matching. Each concept is a tsquery (:mod:`.plan`). Each concept's documents come from the GIN index on ``tsv`` (a
weekday's from the one on ``weekdays``), within the filters; a document matches when at least ``need`` concepts
match it. That covers every match, as it must for an exact total and exact facet counts, but never reads a body: the
index says which documents hold a word. The matched set is computed once and counted twice (total, and facets with
one ``GROUP BY`` over the unnested fields).

Bounded ranking: a cheap first pass over every match, then ``ts_rank_cd`` for the best ``RANKED`` only. The first
pass scores a document by its matched concepts alone: each adds its rarity among the documents that match any
(``ln(1 + N / n)``, so "dementia" counts for more than "help") times the boost (:data:`app.search.contract.BOOSTS`)
of the best field it matched in (title, else summary, else body), read from the small title-and-summary vector
``heading``. The first ``RANKED`` of that order then get ``ts_rank_cd`` over title, summary and body added (weights
A = title, B = summary, C = body in the BOOSTS ratios, normalised below 1): it orders documents that match alike by
how often and how closely the words occur. Hits beyond ``RANKED`` follow in the first pass's order, so paging stays
consistent and deep pages cheap, and a query matching twelve thousand documents ranks two hundred bodies, not twelve
thousand. Only the page's summaries go through ``ts_headline``.

Time limit: the search runs in a read-only transaction with ``statement_timeout`` at ``TIME_LIMIT``. A statement
that runs out of time raises; the backend answers :class:`app.search.contract.SearchUnavailable` ("search is being
updated, try again" is nearer the truth than "nothing found", and a hostile query gets nothing for its trouble).
There is no partial answer: the statement that finds the page also counts it, so ``exact_total`` and
``exact_facets`` are always true when it answers.
"""

from markupsafe import Markup, escape
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from app.i18n.locales import Locale
from app.search.backends.postgres import statements
from app.search.backends.postgres.analysis import PREPARED_IN_PYTHON, configuration, safe
from app.search.backends.postgres.highlight import STARTS, STOPS, marked, marked_in_python
from app.search.backends.postgres.plan import Plan, plan
from app.search.contract import BOOSTS, FACETS, Hit, SearchQuery, SearchResult

TIME_LIMIT = 1.0  # seconds, for the whole search
RANKED = 200  # matches ranked with ts_rank_cd; the rest follow in the first pass's order
MAX_LIMIT = 200
WHOLE_SUMMARY = 320  # characters: a summary this short is shown whole, longer ones as fragments around matches
# ts_rank weights are {D, C, B, A}: body is C, summary B, title A (D is unused), scaled so that the title counts 1.
WEIGHTS = [BOOSTS["body"] / BOOSTS["title"], BOOSTS["body"] / BOOSTS["title"], BOOSTS["summary"] / BOOSTS["title"], 1.0]
_OPTIONS = f'StartSel="{STARTS}", StopSel="{STOPS}"'
WHOLE = f"{_OPTIONS}, HighlightAll=true"
FRAGMENTS = f'{_OPTIONS}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
CANCELLED = "57014"  # SQLSTATE query_canceled: the statement timeout


def _where(query: SearchQuery, parameters: dict[str, object]) -> str:
    """The filters, from the field names of :data:`FACETS` only (the values are parameters)."""
    conditions = ["d.locale = :locale", "d.active"]
    for name in FACETS:
        values = [safe(str(value)) for value in query.filters.get(name, []) if value is not None]
        if not values:
            continue
        parameters[f"filter_{name}"] = values
        if name in statements.ARRAYS:
            conditions.append(f"d.{name} && CAST(:filter_{name} AS text[])")
        else:
            conditions.append(f"d.{name} = ANY(CAST(:filter_{name} AS text[]))")
    if query.not_available_in is not None:
        parameters["absent"] = query.not_available_in.code
        conditions.append("NOT (CAST(:absent AS text) = ANY(d.locales))")
    return " AND ".join(conditions)


def timed_out(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) == CANCELLED


def search(connection: Connection, query: SearchQuery) -> SearchResult:
    """Run in a transaction of the caller's; raises the database's errors (the backend maps them)."""
    connection.execute(text("SET TRANSACTION READ ONLY"))
    connection.execute(
        text("SELECT set_config('statement_timeout', :limit, true)"), {"limit": f"{max(1, round(TIME_LIMIT * 1000))}ms"}
    )
    current = plan(connection, query.concepts, query.locale)
    if current.empty:
        return SearchResult(hits=[], total=0)
    offset, limit = max(0, query.offset), min(max(0, query.limit), MAX_LIMIT)
    parameters: dict[str, object] = {
        "locale": query.locale.code,
        "config": configuration(connection, query.locale),
        "deep": max(RANKED, offset + limit),
        "ranked": RANKED,
        "weights": WEIGHTS,
        "limit": limit,
        "offset": offset,
        "headline": bool(current.forms) and query.locale.analyzer not in PREPARED_IN_PYTHON,
        "selectors": STARTS + STOPS,
        "whole_summary": WHOLE_SUMMARY,
        "whole": WHOLE,
        "fragments": FRAGMENTS,
    }
    where = _where(query, parameters)
    if current.concepts:
        parameters.update(
            {
                "concepts": [row[0] for row in current.forms],
                "alternatives": [row[1] for row in current.forms],
                "words": [row[2] for row in current.forms],
                "forms": [row[3] for row in current.forms],
                "days": current.days,
                "need": current.need,
                "title": BOOSTS["title"],
                "summary": BOOSTS["summary"],
                "body": BOOSTS["body"],
            }
        )
        statement = statements.CONCEPTS + statements.MATCHED_BY_CONCEPTS.format(where=where)
    else:
        statement = statements.MATCHED_BY_FILTERS.format(where=where)
    total, hits, counts = connection.execute(text(statement + statements.RESULT), parameters).one()
    facets: dict[str, dict[str, int]] = {}
    for name, value, documents in counts or ():
        facets.setdefault(name, {})[value] = documents
    return SearchResult(
        hits=[
            Hit(
                kind=kind,
                slug=slug,
                locale=query.locale.code,
                title=title,
                snippet=_snippet(summary, headline, current, query.locale),
                score=float(score),
            )
            for kind, slug, title, summary, score, headline in hits or ()
        ],
        total=total,
        facets=facets,
    )


def _snippet(summary: str, headline: str | None, current: Plan, locale: Locale) -> Markup:
    if headline is not None:
        return marked(headline)
    if current.marks:
        return marked_in_python(summary, current.marks, locale)
    return escape(summary)
