"""Writing the search table: the pages a change touched, inside the writer's own transaction, or everything at once.

:func:`write_pages` is the hook :mod:`app.publishing.changes` runs inside every ``pages_changed``: a page is findable on
every machine the moment its publish commits, and never before (a rolled-back publish leaves no trace). It is also
what ``refresh`` runs after a commit, in every process that follows the change log, so it must be cheap when nothing
changed and safe when several processes run it at once:

- each row carries a fingerprint of what was indexed; a page whose documents all match theirs is left alone, so the
  follower's refresh of a page its publish already wrote costs two reads and no write;
- writers take a transaction-level advisory lock per page (in sorted order, so two writers never wait on each
  other in a circle) before reading anything: the second of two refreshes of a page sees the first one's rows;
- the vocabulary (``search.word``: word counts of titles and summaries, for typo tolerance and spelling) changes by
  the difference between a page's old and new words, applied in one ordered upsert, so concurrent writers of
  different pages never deadlock on shared words.

:func:`write_all` (``rebuild``) replaces everything in one transaction under a table lock that lets searches read
the old rows until it commits, but makes publishes wait: a publish that wrote its page while the rebuild was
reading would otherwise be overwritten by the rebuild's older copy.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, text
from sqlmodel import Session

from app.i18n import locales
from app.publishing.page_kinds import PageKind
from app.search.backends.postgres.analysis import SIMPLE, configuration, prepare, safe
from app.search.contract import Progress
from app.search.documents import SearchDocument, all_documents, page_documents

ANALYSIS_VERSION = 1  # part of every fingerprint: bump it when the way documents are analysed changes
MAX_CHARS = {"title": 1_000, "summary": 10_000, "body": 200_000}  # a tsvector holds at most 1 MB
BULK = 40  # pages changed at once beyond which every document is read in a few queries, not page by page
BATCH = 500  # rows per executemany in a rebuild

_INSERT = text(
    """
    INSERT INTO search.document (id, page, kind, slug, locale, title, summary, topics, areas, weekdays, languages,
                                 accessibility, free, locales, active, fingerprint, tsv, heading, words)
    SELECT :id, :page, :kind, :slug, :locale, :title, :summary, CAST(:topics AS text[]), CAST(:areas AS text[]),
           CAST(:weekdays AS text[]), CAST(:languages AS text[]), CAST(:accessibility AS text[]), :free,
           CAST(:locales AS text[]), :active, :fingerprint,
           h.heading || setweight(to_tsvector(h.config, :body_text), 'C'), h.heading,
           to_tsvector(CAST(:simple AS regconfig), :title_text || ' ' || :summary_text)
      FROM (SELECT c.config,
                   setweight(to_tsvector(c.config, :title_text), 'A')
                   || setweight(to_tsvector(c.config, :summary_text), 'B') AS heading
              FROM (SELECT CAST(:config AS regconfig) AS config) AS c) AS h
    """
)
_WORDS_OF = text(
    """
    SELECT d.locale, w.lexeme, sum(coalesce(cardinality(w.positions), 1))
      FROM search.document AS d, unnest(d.words) AS w
     WHERE d.page = ANY(CAST(:pages AS text[]))
     GROUP BY d.locale, w.lexeme
    """
)
_COUNT_WORDS = text(
    """
    INSERT INTO search.word (locale, word, frequency)
    SELECT c.locale, c.word, c.change
      FROM unnest(CAST(:locales AS text[]), CAST(:words AS text[]), CAST(:changes AS integer[]))
           AS c(locale, word, change)
     ORDER BY c.locale, c.word
        ON CONFLICT (locale, word) DO UPDATE SET frequency = search.word.frequency + excluded.frequency
    """
)
_FORGET_WORDS = text(
    """
    DELETE FROM search.word AS v
     USING unnest(CAST(:locales AS text[]), CAST(:words AS text[])) AS c(locale, word)
     WHERE v.locale = c.locale AND v.word = c.word AND v.frequency <= 0
    """
)


def _cut(value: str | None, name: str) -> str:
    return safe(value or "")[: MAX_CHARS[name]]


def row(connection: Connection, document: SearchDocument) -> dict[str, object]:
    """The parameters of one document's row."""
    locale = locales.get_locale(document.locale) or locales.SOURCE_LOCALE
    config = configuration(connection, locale)
    texts = {name: _cut(getattr(document, name), name) for name in ("title", "summary", "body")}
    values: dict[str, object] = {
        "id": document.id,
        "page": document.page,
        "kind": str(document.kind),
        "slug": document.slug,
        "locale": document.locale,
        "title": texts["title"],
        "summary": texts["summary"],
        "topics": list(document.topics),
        "areas": list(document.areas),
        "weekdays": list(document.weekdays),
        "languages": list(document.languages),
        "accessibility": list(document.accessibility),
        "free": {True: "yes", False: "no", None: "unknown"}[document.free],
        "locales": list(document.locales),
        "active": bool(document.active),
        "config": config,
    }
    values["fingerprint"] = hashlib.sha256(
        json.dumps([ANALYSIS_VERSION, values, texts["body"]], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    values.update({f"{name}_text": prepare(value, locale) for name, value in texts.items()})
    values["simple"] = SIMPLE
    return values


def lock_pages(connection: Connection, pages: Iterable[str]) -> None:
    """Transaction-level advisory locks on these pages' rows, in a fixed order (no deadlock between writers)."""
    connection.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended('signpost search ' || p, 0)) "
            "FROM unnest(CAST(:pages AS text[])) AS p"
        ),
        {"pages": sorted(set(pages))},
    )


def _word_counts(connection: Connection, pages: list[str]) -> Counter[tuple[str, str]]:
    rows = connection.execute(_WORDS_OF, {"pages": pages})
    return Counter({(locale, word): count for locale, word, count in rows})


def _change_vocabulary(connection: Connection, before: Counter, after: Counter) -> None:
    changes = {key: after[key] - before[key] for key in before.keys() | after.keys() if after[key] != before[key]}
    if not changes:
        return
    keys = sorted(changes)
    columns = {"locales": [k[0] for k in keys], "words": [k[1] for k in keys]}
    connection.execute(_COUNT_WORDS, {**columns, "changes": [changes[k] for k in keys]})
    connection.execute(_FORGET_WORDS, columns)


def replace_pages(connection: Connection, documents: dict[str, list[SearchDocument]]) -> int:
    """Make the rows of these pages (``kind:slug`` -> documents, empty for a withdrawn page) what they should be;
    returns how many pages changed. The caller holds the pages' locks."""
    wanted = {page: [row(connection, d) for d in docs] for page, docs in documents.items()}
    stored: dict[str, set[tuple[str, str]]] = {page: set() for page in wanted}
    for page, row_id, fingerprint in connection.execute(
        text("SELECT page, id, fingerprint FROM search.document WHERE page = ANY(CAST(:pages AS text[]))"),
        {"pages": sorted(wanted)},
    ):
        stored.setdefault(page, set()).add((row_id, fingerprint))
    changed = sorted(
        page for page, rows in wanted.items() if {(r["id"], r["fingerprint"]) for r in rows} != stored[page]
    )
    if not changed:
        return 0
    before = _word_counts(connection, changed)
    connection.execute(text("DELETE FROM search.document WHERE page = ANY(CAST(:pages AS text[]))"), {"pages": changed})
    new_rows = [r for page in changed for r in wanted[page]]
    if new_rows:
        connection.execute(_INSERT, new_rows)
    _change_vocabulary(connection, before, _word_counts(connection, changed))
    return len(changed)


def _documents_of(db: Session, pages: list[tuple[str, str]]) -> dict[str, list[SearchDocument]]:
    """The pages' documents: page by page for a few, from one pass over every document for many (an import)."""
    found: dict[str, list[SearchDocument]] = {f"{kind}:{slug}": [] for kind, slug in pages}
    if len(pages) <= BULK:
        for kind, slug in pages:
            found[f"{kind}:{slug}"] = page_documents(db, kind, slug)
        return found
    for document in all_documents(db):
        if document.page in found:
            found[document.page].append(document)
    return found


def write_pages(db: Session, pages: list[tuple[PageKind, str]]) -> int:
    """Bring these pages' rows in step with what ``db`` (a session, in its transaction) says; returns how many pages
    changed. The hook of :func:`app.publishing.changes.in_transaction`, and the body of ``refresh``."""
    plain = sorted({(str(kind), slug) for kind, slug in pages})
    if not plain:
        return 0
    lock_pages(db.connection(), (f"{kind}:{slug}" for kind, slug in plain))
    documents = _documents_of(db, plain)
    return replace_pages(db.connection(), documents)


def _batches(connection: Connection, documents: Iterator[SearchDocument], progress: Progress) -> Iterator[list]:
    batch = []
    for document in documents:
        batch.append(row(connection, document))
        progress()
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def write_all(db: Session, progress: Progress = lambda: None) -> int:
    """Index every document of the database again (the caller commits); returns the document count."""
    return replace_all(db, all_documents(db), progress)  # a generator: it reads once the tables are locked


def replace_all(db: Session, documents: Iterable[SearchDocument], progress: Progress = lambda: None) -> int:
    """Replace every row and the whole vocabulary with ``documents`` (the caller commits); returns their count."""
    connection = db.connection()
    connection.execute(text("LOCK TABLE search.document, search.word IN SHARE ROW EXCLUSIVE MODE"))
    connection.execute(text("DELETE FROM search.document"))
    count = 0
    for batch in _batches(connection, iter(documents), progress):
        connection.execute(_INSERT, batch)
        count += len(batch)
    connection.execute(text("DELETE FROM search.word"))
    connection.execute(
        text(
            """
            INSERT INTO search.word (locale, word, frequency)
            SELECT d.locale, w.lexeme, sum(coalesce(cardinality(w.positions), 1))
              FROM search.document AS d, unnest(d.words) AS w
             GROUP BY d.locale, w.lexeme
            """
        )
    )
    # Every row changed: fresh statistics, or the planner guesses (a role that does not own the tables is warned).
    connection.execute(text("ANALYZE search.document, search.word"))
    return count
