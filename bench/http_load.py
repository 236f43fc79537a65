"""HTTP benchmark: the portal (production settings, several workers, a scaled directory) against a bare ASGI app
serving a static 20 KB page, both driven by the same keep-alive load generator on 127.0.0.1 in one run.

    .venv/bin/python bench/http.py                                # 2 000 services, 20 000 activities
    .venv/bin/python bench/http.py --services 200 --activities 2000 --seconds 3   # a quick look

Prints requests/s and p50/p99 latency for the home, topic, service, hub and search pages in en and ar, uncached
(the page cache turned off) and cached, each with its ratio to the baseline's requests/s; then resident memory
per worker and the time from starting the server to its first page.
"""

import sys
from pathlib import Path

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)  # this file is called http.py: keep the standard library's http visible

import argparse
import http.client
import os
import platform
import secrets
import socket
import statistics
import subprocess
import tempfile
import threading
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.progress import Progress  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from app import migrations  # noqa: E402
from app.content.importer import count_items, import_content  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.directory.models import Location, Service, ServiceKind  # noqa: E402
from app.search.backends.whoosh import WhooshBackend  # noqa: E402
from bench.scaled_content import scaled  # noqa: E402

TARGETS = "cached >= 60% of baseline req/s; uncached service p99 <= 100 ms at 16; search p99 <= 150 ms at 8"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(data_dir: Path, services: int, activities: int) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{data_dir / 'signpost.db'}"
    migrations.upgrade(url)
    engine = make_engine(url)
    content = scaled(services, activities)
    with Session(engine) as session, Progress(transient=True) as progress:
        task = progress.add_task(
            f"Importing {services} services and {activities} activities", total=count_items(content)
        )
        import_content(session, content, progress=lambda: progress.advance(task))
        session.commit()
    with Progress(transient=True) as progress:
        task = progress.add_task("Building the search index", total=None)
        WhooshBackend(data_dir / "search", engine).rebuild(progress=lambda: progress.advance(task))
    with Session(engine) as session:
        service = session.exec(select(Service.slug).where(Service.kind == ServiceKind.service)).first()
        hub = session.exec(select(Location.slug).where(Location.is_hub)).first()
    engine.dispose()
    pages = {
        "home": "/{lang}/",
        "topic": "/{lang}/topics/looking-after-someone",
        "service": f"/{{lang}}/services/{service}",
        "hub": f"/{{lang}}/hubs/{hub}",
        "search": "/{lang}/search?q=carers%20support",
    }
    return url, pages


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
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/en/")
                if connection.getresponse().status in (200, 404):
                    return time.monotonic() - started
            except OSError:
                time.sleep(0.05)
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
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop_at and len(latencies) + len(mine) < max_requests:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                if response.status >= 500:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
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
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        url, pages = prepare(data_dir, args.services, args.activities)
        base_port = free_port()
        baseline = Server("bench.baseline_app:app", base_port, args.workers, {})
        base = load(base_port, "/", args.connections, args.seconds, args.max_requests)
        baseline.stop()
        print(
            f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; {args.services} services, {args.activities} activities, "
            f"{args.workers} workers, {args.connections} connections, {args.seconds:.0f} s per row"
        )
        print(
            f"Baseline (static 20 KB page): {base['rps']:.0f} req/s, p50 {base['p50']:.1f} ms, p99 {base['p99']:.1f} ms"
        )
        print(f"Targets: {TARGETS}")
        print(f"{'page':<18}{'cache':<9}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs base':>9}{'5xx':>5}")
        env = {
            "SIGNPOST_ENVIRONMENT": "production",
            "SIGNPOST_SECRET_KEY": secrets.token_urlsafe(40),
            "SIGNPOST_DATA_DIR": str(data_dir),
            "SIGNPOST_DATABASE_URL": url,
        }
        for cached in (False, True):
            port = free_port()
            server = Server(
                "app.main:create_app",
                port,
                args.workers,
                {**env, "SIGNPOST_PAGE_CACHE_MEGABYTES": "64" if cached else "0"},
            )
            for name, template in pages.items():
                for lang in ("en", "ar"):
                    connections = 8 if name == "search" else args.connections
                    load(port, template.format(lang=lang), 2, 0.5, 200)  # warm each worker's caches
                    result = load(port, template.format(lang=lang), connections, args.seconds, args.max_requests)
                    print(
                        f"{name + ' ' + lang:<18}{'cached' if cached else 'none':<9}{connections:>6}"
                        f"{result['rps']:>9.0f}{result['p50']:>9.1f}{result['p99']:>9.1f}"
                        f"{result['rps'] / base['rps']:>8.0%}{result['errors']:>5}"
                    )
            rss = server.worker_rss_mb()
            print(
                f"Cold start to first page ({'cache on' if cached else 'cache off'}): {server.cold_start:.2f} s; "
                f"resident memory per worker: {', '.join(f'{size:.0f} MB' for size in rss)}"
            )
            server.stop()


if __name__ == "__main__":
    main()
