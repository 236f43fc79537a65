"""Search benchmark: Signpost's Whoosh search against SQLite FTS5 on the same synthetic multilingual corpus.

    .venv/bin/python bench/search.py                 # 10 000 documents
    .venv/bin/python bench/search.py --sizes 10000,100000

Prints build time, index size and warm p50/p95 latencies for plain 1-3 word queries, typo queries, faceted queries
with highlights and "did you mean", for both engines, and the ratio Whoosh / FTS5 (lower is better for Whoosh).
The corpus uses real words: English from the demo content, Spanish, Arabic, Bengali and Chinese from the interface
catalogs, so analyzers meet real scripts.
"""

import argparse
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from babel.messages.pofile import read_po  # noqa: E402

from app.config import REPO_ROOT  # noqa: E402
from app.content.loader import load_content  # noqa: E402
from app.i18n.catalogs import po_path  # noqa: E402
from app.i18n.locales import get_locale  # noqa: E402
from app.search.backends.whoosh import WhooshBackend  # noqa: E402
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


def vocabulary() -> dict[str, list[str]]:
    content = load_content(REPO_ROOT / "content")
    english = " ".join(s.name + " " + s.summary + " " + s.description for s in content.services)
    words = {"en": re.findall(r"[A-Za-z]{3,}", english.lower())}
    for code in ("es", "ar", "bn", "zh-Hans"):
        with po_path(get_locale(code)).open("rb") as source:
            text = " ".join(
                m.string if isinstance(m.string, str) else " ".join(m.string) for m in read_po(source) if m.id
            )
        text = re.sub(r"%\(\w+\)s|<[^>]+>", " ", text)
        if code == "zh-Hans":
            chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
            words[code] = ["".join(chars[i : i + random.choice((2, 2, 3, 4))]) for i in range(0, len(chars) - 4, 2)]
        else:
            words[code] = [w for w in re.findall(r"\w{3,}", text.lower()) if not w.isdigit()]
    return words


def corpus(size: int, words: dict[str, list[str]], seed: int = 7) -> list[SearchDocument]:
    rng = random.Random(seed)
    codes, weights = zip(*LANGUAGES.items(), strict=True)

    def text(code: str, low: int, high: int) -> str:
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
                title=text(code, 3, 8),
                summary=text(code, 15, 30),
                body=text(code, 80, 250),
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


# -- Whoosh (Signpost's real search code) ----------------------------------------------------------------------------
def whoosh_runner(documents, folder: Path):
    engine = SearchService(WhooshBackend(folder, engine=None))
    start = time.perf_counter()
    engine.backend.index.rebuild(documents)
    build = time.perf_counter() - start
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())

    def plain(code, text):
        return engine.search(text=text, locale=get_locale(code))

    def faceted(code, text):
        return engine.search(
            text=text, locale=get_locale(code), selected={"kind": ["activity", "service"], "weekdays": ["TU", "SA"]}
        )

    def publish(_code, _text):
        """One page published: written to the live index, then found by a search (what a publish waits for)."""
        slug = f"published-{time.perf_counter_ns()}"
        engine.backend.index.update(
            add=[
                SearchDocument(
                    kind="service",
                    slug=slug,
                    locale="en",
                    title=f"zqx {slug}",
                    summary="Newly published",
                    locales=["en"],
                )
            ]
        )
        assert any(hit.slug == slug for hit in engine.search(text=f"zqx {slug}", locale=get_locale("en")).hits)

    return build, size, {"plain": plain, "typo": plain, "faceted": faceted, "publish": publish}


# -- SQLite FTS5 baseline ---------------------------------------------------------------------------------------------
def fts5_runner(documents, folder: Path):
    db = sqlite3.connect(folder / "fts.db", check_same_thread=False)
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
    size = (folder / "fts.db").stat().st_size

    def match(text):
        terms = list(re.findall(r"\w+", text))
        return " OR ".join('"' + t.replace('"', "") + '"' for t in terms) or '""'

    def plain(code, text):
        return db.execute(
            "SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? "
            "AND locale = ? ORDER BY bm25(docs, 6.0, 2.0, 1.0) LIMIT 10",
            (match(text), code),
        ).fetchall()

    def faceted(code, text):
        rows = db.execute(
            "SELECT kind, weekdays, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs "
            "WHERE docs MATCH ? AND locale = ? AND kind IN ('activity', 'service') "
            "AND (weekdays LIKE '%TU%' OR weekdays LIKE '%SA%') ORDER BY bm25(docs, 6.0, 2.0, 1.0)",
            (match(text), code),
        ).fetchall()
        counts = {}
        for kind, _days, _snippet in rows:
            counts[kind] = counts.get(kind, 0) + 1
        return rows[:10], counts

    def typo(code, text):
        # FTS5 has no typo tolerance: a "did you mean" from its vocabulary is the closest equivalent
        results = plain(code, text)
        if len(results) < 3:
            db.execute(
                "SELECT term FROM vocab WHERE term >= ? AND term < ? ORDER BY doc DESC LIMIT 5",
                (text[:1], text[:1] + "\uffff"),
            ).fetchall()
        return results

    def publish(_code, _text):
        db.execute("INSERT INTO docs VALUES ('zqx new page', 'Newly published', '', 'en', 'service', '')")
        db.commit()
        assert db.execute("SELECT rowid FROM docs WHERE docs MATCH 'zqx' LIMIT 1").fetchone()

    return build, size, {"plain": plain, "typo": typo, "faceted": faceted, "publish": publish}


def run(size: int, words, count: int) -> list[str]:
    documents = corpus(size, words)
    cases = queries(words, count)
    cases["faceted"] = cases["plain"]
    lines = [
        f"### {size:,} documents",
        "",
        "| measure | Whoosh (Signpost) | SQLite FTS5 | ratio |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        whoosh_build, whoosh_size, whoosh_run = whoosh_runner(documents, Path(tmp) / "whoosh")
        fts_build, fts_size, fts_run = fts5_runner(documents, Path(tmp))
        lines.append(f"| build (s) | {whoosh_build:.1f} | {fts_build:.1f} | {whoosh_build / fts_build:.1f}× |")
        lines.append(
            f"| index size (MB) | {whoosh_size / 1e6:.1f} | {fts_size / 1e6:.1f} | {whoosh_size / fts_size:.1f}× |"
        )
        cases["publish"] = cases["plain"][:30]
        for name in ("plain", "typo", "faceted", "publish"):
            w50, w95 = measure(whoosh_run[name], cases[name])
            f50, f95 = measure(fts_run[name], cases[name])
            lines.append(
                f"| {name} p50 / p95 (ms) | {w50:.1f} / {w95:.1f} | {f50:.1f} / {f95:.1f} | "
                f"{w50 / f50:.1f}× / {w95 / f95:.1f}× |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    args = parser.parse_args()
    words = vocabulary()
    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        print("\n".join(run(size, words, args.queries)))
        print()


if __name__ == "__main__":
    main()
