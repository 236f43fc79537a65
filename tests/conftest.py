"""Test fixtures: one real database per run (SQLite by default, PostgreSQL with SIGNPOST_TEST_DATABASE_URL),
migrated with Alembic and loaded with the demo content; the network is blocked."""

import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app import migrations
from app.cli.server import UVICORN_OPTIONS
from app.config import REPO_ROOT, Settings
from app.content.importer import import_content
from app.content.loader import load_content
from app.db import make_engine
from app.main import create_app
from app.search.backends.whoosh import WhooshBackend
from app.search.service import SearchService
from app.translation.po import import_folder

DEMO_CONTENT = REPO_ROOT / "content"
DEMO_EASYREAD = REPO_ROOT / "easyread"


# Whole folders and modules whose tests take seconds each: browsers, app processes, database faults, load.
SLOW_PATHS = (
    "tests/browser/",
    "tests/faults/",
    "tests/test_processes.py",
    "tests/test_load.py",
    "tests/search/test_lifecycle.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    """Mark the slow folders' tests ``slow``, so that ``pytest -m "not slow"`` runs the fast set."""
    for item in items:
        if item.path.relative_to(REPO_ROOT).as_posix().startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


def _is_local(address) -> bool:
    if not isinstance(address, tuple):
        return isinstance(address, (str, bytes))  # a Unix socket (PostgreSQL's, for example) never leaves the machine
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(scope="session", autouse=True)
def no_network() -> Iterator[None]:
    """Any connection to a non-loopback address fails the test that makes it."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        if not _is_local(address):
            raise RuntimeError(f"tests must not use the network (tried to connect to {address!r})")
        return real_connect(sock, address)

    socket.socket.connect = guarded_connect
    yield
    socket.socket.connect = real_connect


def postgres_url() -> str | None:
    return os.environ.get("SIGNPOST_TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return postgres_url() or f"sqlite:///{tmp_path_factory.mktemp('db') / 'signpost-test.db'}"


@pytest.fixture(scope="session")
def settings(database_url, tmp_path_factory) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path_factory.mktemp("data"),
        content_dir=DEMO_CONTENT,
        easyread_dir=DEMO_EASYREAD,
        site_url="http://testserver",
        allowed_hosts="testserver,127.0.0.1,localhost",
    )


def load_demo(url: str, *, translations: bool = True, then=lambda _db: None) -> None:
    """Migrate the database at ``url`` to head and load the demo content (and its translations) into it;
    ``then(db)`` may add more before the commit."""
    migrations.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        import_content(session, load_content(DEMO_CONTENT, DEMO_EASYREAD))
        if translations:
            import_folder(session, DEMO_CONTENT / "translations")
            import_folder(session, DEMO_EASYREAD / "translations")
        then(session)
        session.commit()
    engine.dispose()


@pytest.fixture(scope="session")
def engine(settings) -> Iterator[Engine]:
    """The run's database, migrated to head and loaded with the demo content."""
    load_demo(settings.database_url)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session whose changes are rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


@pytest.fixture(scope="session")
def app(settings, engine):
    """The app, with its search index built from the demo content before any test runs."""
    app = create_app(settings)
    app.state.search.backend.rebuild()
    # Tests write page-view counts themselves (flush()); a background writer would race the rollback sessions.
    app.state.page_views.interval = 24 * 3600
    app.state.search_changes.interval = 24 * 3600  # tests that need it follow the change log by hand
    return app


@pytest.fixture(autouse=True)
def fresh_answer_limits() -> None:
    """Every test starts with no answers counted against its address (all test clients share one)."""
    from app.insights import routes

    routes.answer_limit.clear()


def search_caught_up(app) -> None:
    """Apply the change log to the app's search index now, as its follower does each second (the tests' follower
    waits a day), and wait for the rebuild that a long backlog (many earlier tests' changes) turns into."""
    app.state.search_changes.poll()
    deadline = time.monotonic() + 60
    while app.state.search.backend.rebuilding and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not app.state.search.backend.rebuilding, "the search index took more than a minute to rebuild"


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` with a real uvicorn on 127.0.0.1 in a background thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **UVICORN_OPTIONS)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app served by a real uvicorn on 127.0.0.1 in a background thread."""
    with serving(app) as url:
        yield url


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the demo content folder."""
    import shutil

    target = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, target)
    return target


def whoosh_search(root, engine) -> SearchService:
    """A search service over a Whoosh index of its own in ``root`` (built by the caller)."""
    return SearchService(WhooshBackend(root, engine))
