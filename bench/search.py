"""Search benchmark: Signpost's search backends (Whoosh, PostgreSQL) against SQLite FTS5 on the same synthetic
multilingual corpus, in one run.

    .venv/bin/python bench/search.py                                   # 10 000 documents, every backend
    .venv/bin/python bench/search.py --sizes 10000,22000 --queries 100
    .venv/bin/python bench/search.py --backends whoosh --sizes 2000 --queries 30   # no PostgreSQL needed

Prints build time, index size and warm p50/p95 latencies for plain 1-3 word queries, typo queries, faceted queries
with highlights and "did you mean", and publish-to-searchable, one client at a time; then p50/p95/p99 of the plain
queries with 8 clients at once (each client sends every plain query, starting at a different one). Columns: each
backend, the FTS5 baseline, and each backend's ratio to FTS5 (lower is better). The backends run Signpost's real code
through :class:`app.search.service.SearchService`. PostgreSQL runs in a throwaway database
(``signpost_bench_<pid>_<size>``, created from ``--postgres-url`` and dropped at the end, even on error).
The corpus uses real words: English from the demo content, Spanish, Arabic, Bengali and Chinese from the interface
catalogs, so analyzers meet real scripts.
"""

import argparse
import importlib.metadata
import os
import platform
import random
import re
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from babel.messages.pofile import read_po  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app import migrations  # noqa: E402
from app.config import REPO_ROOT  # noqa: E402
from app.content.loader import load_content  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.i18n.catalogs import po_path  # noqa: E402
from app.i18n.locales import get_locale  # noqa: E402
from app.search.backends.whoosh import WhooshBackend  # noqa: E402
from app.search.contract import SearchUnavailable  # noqa: E402
from app.search.documents import SearchDocument  # noqa: E402
from app.search.service import SearchService  # noqa: E402

LANGUAGES = {"en": 0.6, "es": 0.1, "ar": 0.1, "bn": 0.1, "zh-Hans": 0.1}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
KINDS = ["service", "activity", "hub", "guide"]
TOPICS = [
    "health-and-wellbeing",
    "looking-after-someone",
    "money-and-legal-matters",
    "being-at-home",
    "work-and-learning",
    "staying-safe",
]
BACKENDS = {"whoosh": "Whoosh", "postgres": "PostgreSQL"}
CLIENTS = 8  # the search targets are stated at 8 clients at once
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def vocabulary() -> dict[str, list[str]]:
    content = load_content(REPO_ROOT / "content")
    english = " ".join(s.name + " " + s.summary + " " + s.description for s in content.services)
    words = {"en": re.findall(r"[A-Za-z]{3,}", english.lower())}
    for code in ("es", "ar", "bn", "zh-Hans"):
        with po_path(get_locale(code)).open("rb") as source:
            text_ = " ".join(
                m.string if isinstance(m.string, str) else " ".join(m.string) for m in read_po(source) if m.id
            )
        text_ = re.sub(r"%\(\w+\)s|<[^>]+>", " ", text_)
        if code == "zh-Hans":
            chars = [c for c in text_ if "\u4e00" <= c <= "\u9fff"]
            words[code] = ["".join(chars[i : i + random.choice((2, 2, 3, 4))]) for i in range(0, len(chars) - 4, 2)]
        else:
            words[code] = [w for w in re.findall(r"\w{3,}", text_.lower()) if not w.isdigit()]
    return words


def corpus(size: int, words: dict[str, list[str]], seed: int = 7) -> list[SearchDocument]:
    rng = random.Random(seed)
    codes, weights = zip(*LANGUAGES.items(), strict=True)

    def text_of(code: str, low: int, high: int) -> str:
        pool = words[code]
        picked = [
            pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)] if rng.random() < 0.5 else rng.choice(pool)
            for _ in range(rng.randint(low, high))
        ]
        return ("" if code == "zh-Hans" else " ").join(picked)

    documents = []
    for n in range(size):
        code = rng.choices(codes, weights)[0]
        documents.append(
            SearchDocument(
                kind=rng.choice(KINDS),
                slug=f"page-{n}",
                locale=code,
                title=text_of(code, 3, 8),
                summary=text_of(code, 15, 30),
                body=text_of(code, 80, 250),
                topics=rng.sample(TOPICS, rng.randint(1, 2)),
                weekdays=rng.sample(DAYS, rng.randint(0, 3)),
                free=rng.random() < 0.7,
                locales=[code],
                languages=rng.sample(["en", "ar", "bn", "so", "bfi"], 2),
                areas=[],
                accessibility=[],
            )
        )
    return documents


def queries(words: dict[str, list[str]], count: int, seed: int = 11) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    plain, typo = [], []
    for _ in range(count):
        code = rng.choices(list(LANGUAGES), list(LANGUAGES.values()))[0]
        pool = words[code]
        chosen = [rng.choice(pool[:300]) for _ in range(rng.randint(1, 3))]
        plain.append((code, " ".join(chosen)))
        word = rng.choice([w for w in pool[:300] if len(w) > 5] or pool)
        position = rng.randrange(1, len(word))
        typo.append((code, word[:position] + word[position + 1 :]))
    return {"plain": plain, "typo": typo}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(run, cases) -> tuple[float, float]:
    for case in cases[:10]:
        run(*case)  # warm up
    timings = []
    for case in cases:
        start = time.perf_counter()
        run(*case)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), percentile(timings, 95)


def concurrently(make_plain: Callable[[], Callable], cases, clients: int = CLIENTS) -> dict[str, float]:
    """Every client sends every plain query (each starting at a different one), all clients at once; latencies of
    each query, in ms, and answers that were partial (time limit) or refused (SearchUnavailable)."""
    timings: list[float] = []
    counts = {"partial": 0, "failed": 0}
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        plain = make_plain()
        start_at = number * len(cases) // clients
        mine, partial, failed = [], 0, 0
        ready.wait()
        for code, query in cases[start_at:] + cases[:start_at]:
            began = time.perf_counter()
            try:
                result = plain(code, query)
                partial += bool(getattr(result, "partial", False))
            except SearchUnavailable:
                failed += 1
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            timings.extend(mine)
            counts["partial"] += partial
            counts["failed"] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "p99": percentile(timings, 99),
        "max": max(timings),
        "qps": len(timings) / elapsed,
        **counts,
    }


@dataclass
class Runner:
    build: float  # seconds
    size: int  # bytes on disk
    run: dict[str, Callable]  # plain, typo, faceted, publish
    per_client: Callable[[], Callable] | None = None  # a plain-query function for one client thread
    close: Callable[[], None] = field(default=lambda: None)


def _service_runs(service: SearchService, publish: Callable[[SearchDocument], None]) -> dict[str, Callable]:
    """The same calls for every Signpost backend: through SearchService, as the search page makes them."""

    def plain(code, text_):
        return service.search(text=text_, locale=get_locale(code))

    def faceted(code, text_):
        return service.search(
            text=text_, locale=get_locale(code), selected={"kind": ["activity", "service"], "weekdays": ["TU", "SA"]}
        )

    def published(_code, _text):
        """One page published: written to the live index, then searched for until found (what a publish waits for)."""
        word = "zqx" + "".join(chr(ord("a") + int(digit)) for digit in str(time.perf_counter_ns()))  # unique
        slug = f"published-{word}"
        publish(
            SearchDocument(
                kind="service", slug=slug, locale="en", title=word, summary="Newly published", locales=["en"]
            )
        )
        deadline = time.monotonic() + 5
        while not any(hit.slug == slug for hit in plain("en", word).hits):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{service.backend.name}: {slug} was not searchable 5 s after its publish")

    return {"plain": plain, "typo": plain, "faceted": faceted, "publish": published}


# -- Whoosh (Signpost's embedded backend) -----------------------------------------------------------------------------
def whoosh_runner(documents, folder: Path) -> Runner:
    service = SearchService(WhooshBackend(folder, engine=None))
    start = time.perf_counter()
    service.backend.index.rebuild(documents)
    service.backend.index.forget_searcher()
    build = time.perf_counter() - start
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())

    def publish(document: SearchDocument) -> None:
        # What refresh() does after a publish, with the page's document given instead of read from the database.
        service.backend.index.update(add=[document], delete_pages=[document.page])

    run = _service_runs(service, publish)
    return Runner(build, size, run, per_client=lambda: run["plain"])


# -- PostgreSQL (Signpost's shared backend) ---------------------------------------------------------------------------
def postgres_runner(documents, admin_url: str, name: str) -> Runner:
    from app.search.backends.postgres import PostgresBackend
    from app.search.backends.postgres.writing import lock_pages, replace_pages

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = None

    def close() -> None:
        if engine is not None:
            engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        migrations.upgrade(url)
        engine = make_engine(url, pool_size=CLIENTS + 2, max_overflow=4)  # a connection for each of the 8 clients
        backend = PostgresBackend(engine)
        start = time.perf_counter()
        backend.replace_all(documents)
        build = time.perf_counter() - start
        with engine.connect() as connection:
            size = connection.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class AS c JOIN pg_namespace AS n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = 'search' AND c.relkind = 'r'"
                )
            ).scalar_one()

        def publish(document: SearchDocument) -> None:
            # The backend's own per-page write path: what the pages_changed hook (write_pages) does in the
            # publishing transaction, with the page's document given instead of read from the content tables.
            with Session(engine) as db:
                lock_pages(db.connection(), [document.page])
                replace_pages(db.connection(), {document.page: [document]})
                db.commit()

        run = _service_runs(SearchService(backend), publish)
        return Runner(build, int(size), run, per_client=lambda: run["plain"], close=close)
    except BaseException:
        close()
        raise


# -- SQLite FTS5 baseline ---------------------------------------------------------------------------------------------
def fts5_runner(documents, folder: Path) -> Runner:
    path = folder / "fts.db"
    db = sqlite3.connect(path, check_same_thread=False)
    start = time.perf_counter()
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, summary, body, locale UNINDEXED, kind UNINDEXED, "
        "weekdays UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
        [(d.title, d.summary, d.body, d.locale, d.kind, ",".join(d.weekdays)) for d in documents],
    )
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'row')")
    db.commit()
    build = time.perf_counter() - start
    size = path.stat().st_size

    def match(text_):
        terms = list(re.findall(r"\w+", text_))
        return " OR ".join('"' + t.replace('"', "") + '"' for t in terms) or '""'

    def plain_on(connection):
        def plain(code, text_):
            return connection.execute(
                "SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? "
                "AND locale = ? ORDER BY bm25(docs, 6.0, 2.0, 1.0) LIMIT 10",
                (match(text_), code),
            ).fetchall()

        return plain

    plain = plain_on(db)

    def faceted(code, text_):
        rows = db.execute(
            "SELECT kind, weekdays, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs "
            "WHERE docs MATCH ? AND locale = ? AND kind IN ('activity', 'service') "
            "AND (weekdays LIKE '%TU%' OR weekdays LIKE '%SA%') ORDER BY bm25(docs, 6.0, 2.0, 1.0)",
            (match(text_), code),
        ).fetchall()
        counts = {}
        for kind, _days, _snippet in rows:
            counts[kind] = counts.get(kind, 0) + 1
        return rows[:10], counts

    def typo(code, text_):
        # FTS5 has no typo tolerance: a "did you mean" from its vocabulary is the closest equivalent
        results = plain(code, text_)
        if len(results) < 3:
            db.execute(
                "SELECT term FROM vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT 5",
                (text_[:1], text_[:1] + "\uffff"),
            ).fetchall()
        return results

    def publish(_code, _text):
        db.execute("INSERT INTO docs VALUES ('zqx new page', 'Newly published', '', 'en', 'service', '')")
        db.commit()
        assert db.execute("SELECT rowid FROM docs WHERE docs MATCH 'zqx' LIMIT 1").fetchone()

    connections: list[sqlite3.Connection] = [db]

    def per_client():
        connections.append(sqlite3.connect(path, check_same_thread=False))  # one connection per client, as a server
        return plain_on(connections[-1])

    def close() -> None:
        for connection in connections:
            connection.close()

    return Runner(
        build, size, {"plain": plain, "typo": typo, "faceted": faceted, "publish": publish}, per_client, close
    )


# -- the table --------------------------------------------------------------------------------------------------------
def _cells(values: dict[str, tuple[float, ...] | None], fmt: str = "{:.1f}") -> list[str]:
    """The backends' cells, FTS5's, then each backend's ratio to FTS5 ("–" for a backend not run)."""
    base = values["fts5"]
    cells = [" / ".join(fmt.format(v) for v in values[n]) if values[n] else "–" for n in (*BACKENDS, "fts5")]
    for name in BACKENDS:
        mine = values[name]
        cells.append(
            " / ".join(f"{a / b:.1f}×" if b else "–" for a, b in zip(mine, base, strict=True)) if mine else "–"
        )
    return cells


def run(size: int, words, count: int, chosen: list[str], admin_url: str) -> list[str]:
    documents = corpus(size, words)
    cases = queries(words, count)
    cases["faceted"] = cases["plain"]
    cases["publish"] = cases["plain"][:30]
    header = [*(BACKENDS[n] for n in BACKENDS), "SQLite FTS5", *(f"{BACKENDS[n]}/FTS5" for n in BACKENDS)]
    lines = [
        f"### {size:,} documents",
        "",
        "| measure | " + " | ".join(header) + " |",
        "|---" * (len(header) + 1) + "|",
    ]
    rows: dict[str, dict[str, tuple[float, ...] | None]] = {}

    def row(label: str, name: str, value: tuple[float, ...]) -> None:
        rows.setdefault(label, dict.fromkeys((*BACKENDS, "fts5")))[name] = value

    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        runners: dict[str, Runner] = {}
        try:
            if "whoosh" in chosen:
                runners["whoosh"] = whoosh_runner(documents, Path(tmp) / "whoosh")
            if "postgres" in chosen:
                runners["postgres"] = postgres_runner(documents, admin_url, f"signpost_bench_{os.getpid()}_{size}")
            runners["fts5"] = fts5_runner(documents, Path(tmp))
            for name, runner in runners.items():
                row("build (s)", name, (runner.build,))
                row("index size (MB)", name, (runner.size / 1e6,))
            for kind in ("plain", "typo", "faceted", "publish"):
                label = "publish-to-searchable" if kind == "publish" else kind
                for name, runner in runners.items():
                    row(f"{label} p50 / p95 (ms)", name, measure(runner.run[kind], cases[kind]))
            label = f"{CLIENTS} clients plain p50 / p95 / p99 / max (ms)"
            for name, runner in runners.items():
                result = concurrently(runner.per_client, cases["plain"])
                row(label, name, (result["p50"], result["p95"], result["p99"], result["max"]))
                row(f"{CLIENTS} clients queries/s", name, (result["qps"],))
                if result["partial"] or result["failed"]:
                    notes.append(
                        f"{name}: {result['partial']:.0f} partial answers (time limit), {result['failed']:.0f} "
                        f"refused, of {CLIENTS * len(cases['plain'])} at {CLIENTS} clients"
                    )
        finally:
            for runner in runners.values():
                runner.close()
    for label, values in rows.items():
        lines.append(f"| {label} | " + " | ".join(_cells(values)) + " |")
    return lines + ([""] + notes if notes else [])


def machine(chosen: list[str], admin_url: str) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    memory = ""
    if Path("/proc/meminfo").exists():
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024**2:.0f} GiB"
    postgres = ""
    if "postgres" in chosen:
        admin = create_engine(admin_url)
        with admin.connect() as connection:
            postgres = ", PostgreSQL " + connection.execute(text("SHOW server_version")).scalar_one().split()[0]
        admin.dispose()
    return (
        f"Machine: {model or platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}{postgres}, whoosh-reloaded {importlib.metadata.version('whoosh-reloaded')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--backends", default="whoosh,postgres", help="comma-separated: whoosh, postgres")
    parser.add_argument(
        "--postgres-url", default=ADMIN_URL, help="a PostgreSQL URL allowed to create and drop the throwaway database"
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.backends.split(",") if name.strip()]
    if unknown := set(chosen) - set(BACKENDS):
        parser.error(f"unknown backends: {', '.join(sorted(unknown))} (choose from {', '.join(BACKENDS)})")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a terminated run still drops its database
    words = vocabulary()
    print(machine(chosen, args.postgres_url))
    for size in (int(s) for s in args.sizes.split(",")):
        print("\n".join(run(size, words, args.queries, chosen, args.postgres_url)))
        print()


if __name__ == "__main__":
    main()
