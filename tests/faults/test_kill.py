"""``kill -9`` in the middle of a full index rebuild or a content import: the old index and the data stay intact
and consistent (real commands in their own processes, on a database of the run's kind)."""

import os
import signal
import sqlite3
import subprocess
import sys

from sqlmodel import Session, func, select

from app.config import Settings
from app.db import make_engine
from app.directory.models import Service
from app.i18n.locales import SOURCE_LOCALE
from app.search.service import SearchService
from tests.conftest import load_demo, whoosh_search
from tests.faults.cluster import wait_until
from tests.test_migrations import empty_database_url  # noqa: F401 (a fixture)

MARKER = "Changed by the interrupted import."


def _site(url, tmp_path) -> dict[str, str]:
    load_demo(url)
    return {
        **os.environ,
        "SIGNPOST_DATABASE_URL": url,
        "SIGNPOST_DATA_DIR": str(tmp_path / "data"),
        "SIGNPOST_ENVIRONMENT": "test",
    }


def _signpost(env, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _writing(url: str) -> bool:
    """Whether another connection is inside a write transaction on the database (the import, here)."""
    if url.startswith("sqlite"):
        probe = sqlite3.connect(url.split("///", 1)[1], timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")  # refused at once while a writer holds the database
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return bool(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                ).scalar()
            )
    finally:
        engine.dispose()


def _search(url, tmp_path) -> SearchService:
    settings = Settings(environment="test", database_url=url, data_dir=tmp_path / "data")
    return whoosh_search(settings.data_dir / "search", make_engine(url))


def test_killing_a_full_rebuild_leaves_the_old_index_serving(empty_database_url, tmp_path):  # noqa: F811
    env = _site(empty_database_url, tmp_path)
    assert _signpost(env, "index", "rebuild").wait(timeout=120) == 0
    root = tmp_path / "data" / "search"
    before = (root / "CURRENT").read_text()
    engine = _search(empty_database_url, tmp_path)
    found = engine.search(text="carers", locale=SOURCE_LOCALE).total
    rebuild = _signpost(env, "index", "rebuild")
    started = wait_until(lambda: [p for p in root.glob("index-*") if p.name != before], timeout=60, every=0.01)
    os.kill(rebuild.pid, signal.SIGKILL)
    assert rebuild.wait(timeout=30) == -signal.SIGKILL and started, "the rebuild was not caught mid-way"
    assert (root / "CURRENT").read_text() == before
    assert engine.backend.healthy() and engine.search(text="carers", locale=SOURCE_LOCALE).total == found
    assert _signpost(env, "index", "rebuild").wait(timeout=120) == 0  # the write lock died with the process
    assert (root / "CURRENT").read_text() != before


def test_killing_a_content_import_changes_nothing(empty_database_url, tmp_path, content_copy):  # noqa: F811
    env = _site(empty_database_url, tmp_path)
    for path in sorted((content_copy / "services").glob("*.md")):
        path.write_text(path.read_text(encoding="utf-8").rstrip() + f"\n\n{MARKER}\n", encoding="utf-8")
    engine = make_engine(empty_database_url)
    with Session(engine) as db:
        services = db.exec(select(func.count()).select_from(Service)).one()
    importing = _signpost(env, "content", "import", "--from", str(content_copy))
    started = wait_until(lambda: _writing(empty_database_url), timeout=60, every=0.01)  # inside its transaction
    os.kill(importing.pid, signal.SIGKILL)
    assert importing.wait(timeout=30) == -signal.SIGKILL and started, "the import was not caught mid-way"
    with Session(engine) as db:
        changed = db.exec(select(func.count()).select_from(Service).where(Service.description.contains(MARKER))).one()
        assert db.exec(select(func.count()).select_from(Service)).one() == services
    files = len(list((content_copy / "services").glob("*.md")))
    assert changed in (0, files), "an import must land whole or not at all"
    if empty_database_url.startswith("sqlite"):
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert _signpost(env, "content", "import", "--from", str(content_copy)).wait(timeout=180) == 0
    with Session(engine) as db:
        assert (
            db.exec(select(func.count()).select_from(Service).where(Service.description.contains(MARKER))).one()
            == files
        )
    engine.dispose()
