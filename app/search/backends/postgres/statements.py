"""The search statement, in parts (see :mod:`.searching` for why it is shaped so).

Only names from this module and the filters' field names (from :data:`app.search.contract.FACETS`) are formatted
in; everything a resident typed or chose is a bound parameter, and reaches the text search functions only through
``plainto_tsquery``. One statement answers a search with one row: the total, the page of hits and the facet counts
(JSON), so that the matched set is computed once. The facet fields travel with each match, read from the row the
index led to, so counting them needs no second visit to the table.
"""

ARRAYS = ("topics", "areas", "weekdays", "languages", "accessibility")  # the facets held as arrays
_FIELDS = ", ".join(f"d.{name}" for name in ("kind", "free", *ARRAYS))  # every field of FACETS
# A document's facet fields are the same in each of its pairs: min() picks them.
_PICKED = ", ".join(f"min(p.{name}) AS {name}" for name in ("kind", "free", *ARRAYS))

# The query's concepts as tsqueries: forms ORed into words, words ANDed into alternatives, alternatives ORed into
# concepts (aggregates of migration 0009); ``any_concept`` is any of them, for ranking and highlighting.
CONCEPTS = """
    WITH forms AS (
        SELECT f.concept, f.alternative, f.word, plainto_tsquery(CAST(:config AS regconfig), f.form) AS query
          FROM unnest(CAST(:concepts AS integer[]), CAST(:alternatives AS integer[]), CAST(:words AS integer[]),
                      CAST(:forms AS text[])) AS f(concept, alternative, word, form)
    ), words AS (
        SELECT concept, alternative, word, search.tsquery_or_all(query) AS query FROM forms GROUP BY 1, 2, 3
    ), alternatives AS (
        SELECT concept, alternative, search.tsquery_and_all(query) AS query FROM words GROUP BY 1, 2
    ), concepts AS (
        SELECT concept, search.tsquery_or_all(query) AS query FROM alternatives GROUP BY 1
    ), q AS (
        SELECT search.tsquery_or_all(query) AS any_concept FROM concepts
    )"""

# (document, concept) pairs: each concept's documents come from the GIN indexes (never from testing every
# candidate's body), with the boost of the best field the concept matches in, read from the small ``heading``. A
# concept weighs its rarity among the documents that match any; a document matches with ``need`` concepts.
MATCHED_BY_CONCEPTS = f""", pairs AS (
        SELECT d.id, k.concept,
               CASE WHEN ts_filter(d.heading, '{{{{a}}}}') @@ k.query THEN :title
                    WHEN d.heading @@ k.query THEN :summary
                    ELSE :body END AS boost,
               {_FIELDS}
          FROM concepts AS k
         CROSS JOIN LATERAL (SELECT * FROM search.document AS d WHERE d.tsv @@ k.query AND {{where}}) AS d
         UNION ALL
        SELECT d.id, -day.n, :body, {_FIELDS}
          FROM unnest(CAST(:days AS text[])) WITH ORDINALITY AS day(code, n)
         CROSS JOIN LATERAL (SELECT * FROM search.document AS d WHERE d.weekdays @> ARRAY[day.code] AND {{where}}) AS d
    ), rarity AS (
        SELECT concept, ln(1 + (SELECT count(DISTINCT id) FROM pairs) / CAST(count(*) AS float)) AS weight
          FROM pairs GROUP BY concept
    ), matched AS (
        SELECT p.id, sum(p.boost * r.weight) AS cheap, p.id AS sort_key, {_PICKED}
          FROM pairs AS p JOIN rarity AS r ON r.concept = p.concept
         GROUP BY p.id
        HAVING count(*) >= :need
    )"""

# No concepts: every listed document that passes the filters, by title ("ranked by nothing").
MATCHED_BY_FILTERS = f"""
    WITH q AS (SELECT CAST(NULL AS tsquery) AS any_concept),
    matched AS (
        SELECT d.id, CAST(0 AS float) AS cheap, d.title AS sort_key, {_FIELDS}
          FROM search.document AS d
         WHERE {{where}}
    )"""

_COUNTS = "\n                 UNION ALL ".join(
    [f"SELECT '{name}', {name}, count(*) FROM matched GROUP BY {name}" for name in ("kind", "free")]
    + [f"SELECT '{name}', value, count(*) FROM matched, unnest({name}) AS value GROUP BY value" for name in ARRAYS]
)

# The first pass orders every match; ts_rank_cd ranks the first :ranked; the page is cut from that order.
RESULT = f""", ordered AS (
        SELECT id, cheap, row_number() OVER (ORDER BY cheap DESC, sort_key, id) AS position
          FROM matched
         ORDER BY position
         LIMIT :deep
    ), page AS (
        SELECT o.id, o.position,
               CASE WHEN o.position <= :ranked
                    THEN o.cheap
                         + coalesce(ts_rank_cd(CAST(:weights AS real[]), d.tsv, (SELECT any_concept FROM q), 32), 0)
               END AS score
          FROM ordered AS o JOIN search.document AS d ON d.id = o.id
         ORDER BY o.position > :ranked, score DESC NULLS LAST, o.position
         LIMIT :limit OFFSET :offset
    ), hits AS (
        SELECT p.position, p.score, d.kind, d.slug, d.title, d.summary,
               CASE WHEN :headline
                    THEN ts_headline(CAST(:config AS regconfig), translate(d.summary, :selectors, ''),
                                     (SELECT any_concept FROM q),
                                     CASE WHEN char_length(d.summary) <= :whole_summary THEN :whole ELSE :fragments END)
               END AS headline
          FROM page AS p JOIN search.document AS d ON d.id = p.id
    ), counts(field, value, documents) AS (
          {_COUNTS}
    )
    SELECT (SELECT count(*) FROM matched) AS total,
           (SELECT json_agg(json_build_array(kind, slug, title, summary, coalesce(score, 0), headline)
                            ORDER BY position > :ranked, score DESC NULLS LAST, position)
              FROM hits) AS hits,
           (SELECT json_agg(json_build_array(field, value, documents)) FROM counts) AS facets
"""
