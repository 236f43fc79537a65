"""postgres search: the search table, its vocabulary and text search configurations (PostgreSQL only)

The ``postgres`` search backend (:mod:`app.search.backends.postgres`) keeps one row per searchable document in
``search.document`` and the words of titles and summaries in ``search.word``. Both live in a schema of their own,
``search``: they are derived data, rebuilt from the content tables at any time, not models; the model/migration
comparison (which reads the default schema) leaves them out, and a database owner sees at a glance what may be
emptied. On SQLite this migration does nothing, up or down: the embedded Whoosh backend needs no tables.

Text search configurations ``search.<language>`` copy PostgreSQL's own for the languages it stems (where this server
has them) with ``unaccent`` in front of the stemmer, and ``search.simple`` does the same for every other language: so
"cafe" finds "café", and ``ts_headline`` marks "café" in the original text. (Being a dictionary of the configuration,
unaccent needs no IMMUTABLE wrapper: the tsvectors are computed when a row is written, never in an index expression.)
Two aggregates combine tsqueries (OR and AND), so a query's concepts become tsqueries inside one parameterised
statement.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXTENSIONS = ("unaccent", "pg_trgm")
SCHEMA = "search"
# The analyzers of app.i18n.locales that PostgreSQL has a Snowball stemmer for (checked on this server below).
STEMMED = ("english", "spanish", "french", "italian", "portuguese", "romanian", "russian", "turkish", "arabic")
WORD_TOKENS = "hword, hword_part, word"  # the token types that may carry accents (the ascii ones never do)
FACET_ARRAYS = ("topics", "areas", "weekdays", "languages", "accessibility")


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _create_extensions_and_schema() -> None:
    """What needs more than a table owner's rights (nothing, with ``IF NOT EXISTS``, once an owner did it): when
    this role may not, the error says exactly what a database owner must run."""
    role, schema_exists = (
        op.get_bind()
        .execute(
            sa.text("SELECT quote_ident(current_user), EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :schema)"),
            {"schema": SCHEMA},
        )
        .one()
    )
    extensions = [f"CREATE EXTENSION IF NOT EXISTS {name}" for name in EXTENSIONS]
    # CREATE SCHEMA checks the privilege even when the schema exists: it is not asked for one an owner made.
    for statement in [*extensions, *([] if schema_exists else [f"CREATE SCHEMA {SCHEMA}"])]:
        try:
            op.execute(statement)
        except sa.exc.DBAPIError as exc:
            needed = " ".join(f"{extension};" for extension in extensions)
            raise RuntimeError(
                f"The postgres search backend needs the PostgreSQL extensions {' and '.join(EXTENSIONS)} and a schema "
                f"of its own, and this database role may not run {statement!r} ({exc.orig}). A database owner or "
                f"superuser must run, in this database: {needed} CREATE SCHEMA IF NOT EXISTS {SCHEMA} AUTHORIZATION "
                f"{role}; (the extensions are PostgreSQL's contrib modules: the postgresql-contrib package on Debian "
                "and Ubuntu). Then run the migrations again."
            ) from exc


def _create_configurations() -> None:
    op.execute("CREATE TEXT SEARCH CONFIGURATION search.simple (COPY = pg_catalog.simple)")
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION search.simple ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, simple")
    available = set(
        op.get_bind()
        .execute(
            sa.text(
                "SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace "
                "AND cfgname = ANY(:names)"
            ),
            {"names": list(STEMMED)},
        )
        .scalars()
    )
    for name in STEMMED:
        if name in available:  # names from the constant above, never from input
            op.execute(f"CREATE TEXT SEARCH CONFIGURATION search.{name} (COPY = pg_catalog.{name})")
            op.execute(
                f"ALTER TEXT SEARCH CONFIGURATION search.{name} "
                f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {name}_stem"
            )


def upgrade() -> None:
    if not _on_postgresql():
        return
    _create_extensions_and_schema()
    _create_configurations()
    op.execute("CREATE AGGREGATE search.tsquery_or_all(tsquery) (SFUNC = tsquery_or, STYPE = tsquery)")
    op.execute("CREATE AGGREGATE search.tsquery_and_all(tsquery) (SFUNC = tsquery_and, STYPE = tsquery)")
    arrays = "".join(f"        {name} text[] NOT NULL DEFAULT '{{}}',\n" for name in FACET_ARRAYS)
    op.execute(
        "CREATE TABLE search.document (\n"
        "        id text PRIMARY KEY,  -- kind:slug:locale\n"
        "        page text NOT NULL,  -- kind:slug\n"
        "        kind text NOT NULL,\n"
        "        slug text NOT NULL,\n"
        "        locale text NOT NULL,\n"
        "        title text NOT NULL,\n"
        "        summary text NOT NULL,\n"
        f"{arrays}"
        "        free text NOT NULL,  -- yes, no or unknown\n"
        "        locales text[] NOT NULL,  -- every locale the page can be read in\n"
        "        active boolean NOT NULL,\n"
        "        fingerprint text NOT NULL,  -- of the indexed content: an unchanged page is not written again\n"
        "        tsv tsvector NOT NULL,  -- title (A), summary (B) and body (C) in the locale's configuration\n"
        "        heading tsvector NOT NULL,  -- title (A) and summary (B) alone: the cheap first ranking pass\n"
        "        words tsvector NOT NULL  -- title and summary in search.simple: the spelling vocabulary\n"
        ")"
    )
    op.execute("CREATE INDEX search_document_page ON search.document (page)")
    op.execute("CREATE INDEX search_document_locale_kind ON search.document (locale, kind)")
    # A GIN index gathers new entries in a pending list that every search reads through until it is merged: kept
    # small (256 kB, merged by the writer that fills it), a search never reads far, and a rebuild stays a bulk load.
    for name in ("tsv", *FACET_ARRAYS):
        op.execute(
            f"CREATE INDEX search_document_{name} ON search.document USING gin ({name}) "
            "WITH (gin_pending_list_limit = 256)"
        )
    op.execute(
        "CREATE TABLE search.word (\n"
        "        locale text NOT NULL,\n"
        "        word text NOT NULL,  -- lower case, accents removed\n"
        "        frequency integer NOT NULL,  -- occurrences in the titles and summaries in that language\n"
        "        PRIMARY KEY (locale, word)\n"
        ")"
    )
    # GiST rather than GIN: it also serves ``ORDER BY word <-> :typed`` (nearest by trigrams), whatever the similarity.
    op.execute("CREATE INDEX search_word_trigrams ON search.word USING gist (word gist_trgm_ops)")


def downgrade() -> None:
    """The extensions stay: other database objects may use them, and dropping them needs an owner."""
    if not _on_postgresql():
        return
    op.execute("DROP SCHEMA search CASCADE")
