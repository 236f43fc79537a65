"""HTTP benchmark: the portal (production settings, several workers, a scaled directory) against a bare ASGI app
serving a static 20 KB page, both driven by the same keep-alive load generator on 127.0.0.1 in one run.

    .venv/bin/python bench/http_load.py                                # 2 000 services, 20 000 activities, Whoosh
    .venv/bin/python bench/http_load.py --backend postgres             # the site in PostgreSQL, its search table
    .venv/bin/python bench/http_load.py --services 200 --activities 2000 --seconds 3   # a quick look
    .venv/bin/python bench/http_load.py --data-dir /tmp/site           # keep the built site; reuse it next time

Prints requests/s, p50/p99/max latency for the home, topic, service and hub pages in en and ar (16 connections) and
for searches in en, ar, es and zh-Hans and a hostile 200-character query of near-words (8 connections), uncached
(the page cache turned off) and cached (searches are never cached), each with its ratio to the baseline's
requests/s; then the time from starting the server to its first page, and resident memory per worker read after
the searches (the last rows of each pass).

The site: the demo content scaled (``bench/scaled_content.py``), with reviewed translations of a tenth of the
services and activities in each of ar, es, bn, zh-Hans and pl, imported into SQLite (``--backend whoosh``) or into a
PostgreSQL database created from ``--postgres-url`` (``--backend postgres``: named ``signpost_bench_http_<pid>`` and
dropped at the end; with ``--data-dir``, named after the sizes and kept for the next run: drop it with
``psql -c 'DROP DATABASE signpost_bench_http_2000_20000'``). The search index is rebuilt on every run (timed).
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.progress import Progress  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from app import migrations  # noqa: E402
from app.content.importer import count_items, import_content  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.directory.models import Location, Service, ServiceKind  # noqa: E402
from app.search.backends.whoosh import WhooshBackend  # noqa: E402
from bench.scaled_content import pseudo_translate, scaled, translate_share  # noqa: E402
from bench.search import machine  # noqa: E402

TARGETS = (
    "cached >= 60% of baseline req/s; uncached service p99 <= 100 ms at 16; home uncached >= 100 req/s; "
    "search p99 <= 300 ms (whoosh) / 150 ms (postgres) at 8; no answer slower than 1 s"
)
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SEARCH_CONNECTIONS = 8
PREPARED = 1  # the version of what prepare() builds: a kept site from another version is built again


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hostile_query(limit: int = 200, seed: int = 3) -> str:
    """Near-words: the demo's common words, each with a letter dropped or swapped, up to ``limit`` characters
    (the most the search box takes), so every word goes through typo tolerance."""
    from app.config import REPO_ROOT
    from app.content.loader import load_content

    rng = random.Random(seed)
    demo = load_content(REPO_ROOT / "content")
    words = sorted({w for s in demo.services for w in re.findall(r"[a-z]{6,}", (s.summary + " " + s.name).lower())})
    query = ""
    while True:
        word = list(rng.choice(words))
        at = rng.randrange(1, len(word) - 1)
        if rng.random() < 0.5:
            del word[at]
        else:
            word[at], word[at + 1] = word[at + 1], word[at]
        candidate = (query + " " + "".join(word)).strip()
        if len(candidate) > limit:
            return query
        query = candidate


class Site:
    """Where the benchmarked site lives: a data directory and its database (SQLite in it, or PostgreSQL)."""

    def __init__(self, args) -> None:
        self.backend = args.backend
        self.kept = args.data_dir is not None
        self.data_dir = Path(args.data_dir) if self.kept else Path(tempfile.mkdtemp(prefix="signpost-http-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.marker = self.data_dir / f"bench-{self.backend}.json"
        self.wanted = {"services": args.services, "activities": args.activities, "version": PREPARED}
        self.admin_url = args.postgres_url
        if self.backend == "postgres":
            name = (
                f"signpost_bench_http_{args.services}_{args.activities}"
                if self.kept
                else f"signpost_bench_http_{os.getpid()}"
            )
            self.database = name
            self.url = make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)
        else:
            self.database = None
            self.url = f"sqlite:///{self.data_dir / 'signpost.db'}"

    def _admin(self, statement: str) -> None:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(statement))
        finally:
            admin.dispose()

    def _built(self) -> bool:
        if not self.kept or not self.marker.exists():
            return False
        if json.loads(self.marker.read_text()) != self.wanted:
            return False
        if self.backend == "postgres":
            try:
                engine = make_engine(self.url)
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1 FROM service LIMIT 1"))
                engine.dispose()
            except Exception:  # noqa: BLE001 - gone or half-built: built again
                return False
        return True

    def prepare(self) -> tuple[dict[str, str], dict[str, float]]:
        """Build the site unless a kept one is there; always rebuild its search index. Returns the pages to load and
        the seconds each step took."""
        timings: dict[str, float] = {}
        if not self._built():
            self.marker.unlink(missing_ok=True)
            if self.backend == "postgres":
                self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                self._admin(f'CREATE DATABASE "{self.database}"')
            else:
                for name in ("signpost.db", "signpost.db-wal", "signpost.db-shm"):
                    (self.data_dir / name).unlink(missing_ok=True)
            started = time.monotonic()
            migrations.upgrade(self.url)
            engine = make_engine(self.url)
            content = scaled(self.wanted["services"], self.wanted["activities"])
            with Session(engine) as session, Progress(transient=True) as progress:
                task = progress.add_task(
                    f"Importing {self.wanted['services']} services and {self.wanted['activities']} activities",
                    total=count_items(content),
                )
                import_content(session, content, progress=lambda: progress.advance(task))
                progress.update(task, description="Importing translations")
                translate_share(session)
                session.commit()
            engine.dispose()
            timings["import"] = time.monotonic() - started
            self.marker.write_text(json.dumps(self.wanted))
        engine = make_engine(self.url)
        started = time.monotonic()
        with Progress(transient=True) as progress:
            task = progress.add_task(f"Building the {self.backend} search index", total=None)
            if self.backend == "postgres":
                from app.search.backends.postgres import PostgresBackend

                timings["documents"] = PostgresBackend(engine).rebuild(progress=lambda: progress.advance(task))
            else:
                shutil.rmtree(self.data_dir / "search", ignore_errors=True)
                timings["documents"] = WhooshBackend(self.data_dir / "search", engine).rebuild(
                    progress=lambda: progress.advance(task)
                )
        timings["index"] = time.monotonic() - started
        with Session(engine) as session:
            service = session.exec(select(Service.slug).where(Service.kind == ServiceKind.service)).first()
            hub = session.exec(select(Location.slug).where(Location.is_hub)).first()
        engine.dispose()
        pages = {
            "home": "/{lang}/",
            "topic": "/{lang}/topics/looking-after-someone",
            "service": f"/{{lang}}/services/{service}",
            "hub": f"/{{lang}}/hubs/{hub}",
        }
        return pages, timings

    def env(self) -> dict[str, str]:
        return {
            "SIGNPOST_ENVIRONMENT": "production",
            "SIGNPOST_SECRET_KEY": secrets.token_urlsafe(40),
            "SIGNPOST_DATA_DIR": str(self.data_dir),
            "SIGNPOST_DATABASE_URL": self.url,
            "SIGNPOST_SEARCH_BACKEND": self.backend,
            "SIGNPOST_ALLOWED_HOSTS": "127.0.0.1",
        }

    def close(self) -> None:
        if self.kept:
            return
        if self.backend == "postgres":
            self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)


def searches() -> list[tuple[str, str, str]]:
    """(row name, language, path): a common two-word query in English and, in its words, in three languages with
    translated pages (see bench/scaled_content.py); and the hostile query."""
    rows = [("search", "en", "carers support")]
    rows += [("search", code, pseudo_translate("carers support", code)) for code in ("ar", "es", "zh-Hans")]
    rows.append(("search hostile", "en", hostile_query()))
    return [(name, lang, f"/{lang}/search?q={quote(query)}") for name, lang, query in rows]


class Server:
    def __init__(self, target: str, port: int, workers: int, env: dict[str, str]) -> None:
        self.port = port
        started = time.monotonic()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                target,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--no-access-log",
                *(["--factory"] if "create_app" in target else []),
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.cold_start = self._wait(started)

    def _wait(self, started: float) -> float:
        deadline = started + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/en/")
                if connection.getresponse().status in (200, 404):
                    return time.monotonic() - started
            except OSError:
                time.sleep(0.05)
        self.process.kill()
        raise RuntimeError("the server did not start: " + self.process.stderr.read().decode()[-2000:])

    def worker_rss_mb(self) -> list[float]:
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        sizes = []
        for pid in children.split():
            status = Path(f"/proc/{pid}/status")
            if status.exists():
                line = next((row for row in status.read_text().splitlines() if row.startswith("VmRSS")), "")
                if line and b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def load(port: int, path: str, connections: int, seconds: float, max_requests: int) -> dict:
    """Keep-alive GETs of ``path`` from ``connections`` threads for ``seconds`` (or ``max_requests`` in all)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at and len(latencies) + len(mine) < max_requests:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:  # a refused search (503) or a refused request counts as an error
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "max": ordered[-1] * 1000,
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument(
        "--postgres-url", default=ADMIN_URL, help="a PostgreSQL URL allowed to create and drop the site's database"
    )
    parser.add_argument("--data-dir", help="keep the built site here (and its PostgreSQL database), reuse it next time")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a terminated run still drops its database

    site = Site(args)
    try:
        started = time.monotonic()
        pages, timings = site.prepare()
        prepared = time.monotonic() - started
        base_port = free_port()
        baseline = Server("bench.baseline_app:app", base_port, args.workers, {})
        base = load(base_port, "/", args.connections, args.seconds, args.max_requests)
        baseline.stop()
        print(
            f"{machine([args.backend], args.postgres_url)}; {args.services} services, {args.activities} activities, "
            f"{args.backend} search backend ({timings['documents']:.0f} documents), {args.workers} workers, "
            f"{args.connections} connections ({SEARCH_CONNECTIONS} for search), {args.seconds:g} s per row"
        )
        print(
            f"Site ready in {prepared:.0f} s ("
            + (f"import and translations {timings['import']:.0f} s, " if "import" in timings else "kept site reused, ")
            + f"search index {timings['index']:.0f} s)"
        )
        print(
            f"Baseline (static 20 KB page): {base['rps']:.0f} req/s, p50 {base['p50']:.1f} ms, p99 {base['p99']:.1f} ms"
        )
        print(f"Targets: {TARGETS}")
        print(
            f"{'page':<22}{'cache':<9}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
            f"{'vs base':>9}{'errors':>7}"
        )
        rows = [(name, lang, template.format(lang=lang)) for name, template in pages.items() for lang in ("en", "ar")]
        rows += searches()
        for cached in (False, True):
            port = free_port()
            server = Server(
                "app.main:create_app",
                port,
                args.workers,
                {
                    **site.env(),
                    "SIGNPOST_SITE_URL": f"http://127.0.0.1:{port}",
                    "SIGNPOST_PAGE_CACHE_MEGABYTES": "64" if cached else "0",
                },
            )
            try:
                for name, lang, path in rows:
                    connections = SEARCH_CONNECTIONS if name.startswith("search") else args.connections
                    load(port, path, 2, 0.5, 200)  # warm each worker's caches
                    result = load(port, path, connections, args.seconds, args.max_requests)
                    print(
                        f"{name + ' ' + lang:<22}{'cached' if cached else 'none':<9}{connections:>6}"
                        f"{result['rps']:>9.0f}{result['p50']:>9.1f}{result['p99']:>9.1f}{result['max']:>9.1f}"
                        f"{result['rps'] / base['rps']:>8.0%}{result['errors']:>7}"
                    )
                rss = server.worker_rss_mb()  # after the searches: the last rows
                print(
                    f"Cold start to first page ({'cache on' if cached else 'cache off'}): {server.cold_start:.2f} s; "
                    f"resident memory per worker after {SEARCH_CONNECTIONS} concurrent searches: "
                    f"{', '.join(f'{size:.0f} MB' for size in rss)}"
                )
            finally:
                server.stop()
    finally:
        site.close()


if __name__ == "__main__":
    main()
