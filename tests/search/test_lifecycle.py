"""The index is derived data: rebuilt atomically while people search, recovered when missing or corrupt, and
written safely by several processes."""

import multiprocessing
import threading
import time

import pytest
from fastapi.testclient import TestClient

from app.i18n.locales import SOURCE_LOCALE
from app.main import create_app
from app.search.backends.whoosh.index import SearchIndex
from app.search.contract import SearchUnavailable
from app.search.documents import SearchDocument
from app.search.service import SearchService
from tests.conftest import whoosh_search


@pytest.fixture
def search(tmp_path, engine) -> SearchService:
    search = whoosh_search(tmp_path / "search", engine)
    search.backend.rebuild()
    return search


def _wait_until(predicate, seconds=60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_rebuild_matches_the_database_and_is_healthy(search):
    assert search.backend.healthy()
    assert search.search(text="carers", locale=SOURCE_LOCALE).total > 5


def test_searches_keep_working_during_atomic_rebuilds(search):
    errors, totals = [], []
    stop = threading.Event()

    def searching():
        while not stop.is_set():
            try:
                results = search.search(text="memory", locale=SOURCE_LOCALE)
                totals.append(results.total)
            except Exception as exc:  # noqa: BLE001 - any failure is the test's finding
                errors.append(exc)
            stop.wait(0.02)  # steady traffic, not a busy loop that starves the rebuild of the interpreter lock

    threads = [threading.Thread(target=searching) for _ in range(2)]
    for thread in threads:
        thread.start()
    for _ in range(2):
        search.backend.rebuild()
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors and totals and len(set(totals)) == 1


def test_old_index_folders_are_removed_once_retired(search):
    search.backend.index.retire_after = 0
    for _ in range(3):
        search.backend.rebuild()
    assert len(list(search.backend.index.root.glob("index-*"))) == 2


def _garble(search: SearchService) -> None:
    for path in search.backend.index.current_dir().iterdir():
        if path.suffix in (".seg", ".trm", ".pst", ".toc") or path.name.endswith(".toc"):
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 3] + b"\x00garbage\xff" * 10)


def test_a_corrupt_index_is_detected_and_rebuilt(search):
    _garble(search)
    search.backend.index.forget_searcher()
    assert not search.backend.healthy()
    with pytest.raises(SearchUnavailable):
        search.search(text="carers", locale=SOURCE_LOCALE)
    _wait_until(lambda: not search.backend.rebuilding and search.backend.healthy())
    assert search.search(text="carers", locale=SOURCE_LOCALE).total > 5


def test_a_missing_index_answers_being_updated_then_recovers(settings, engine, tmp_path):
    app = create_app(settings.model_copy(update={"data_dir": tmp_path}))
    client = TestClient(app, raise_server_exceptions=False)  # no lifespan: nothing has built the index yet
    response = client.get("/en/search?q=carers")
    assert response.status_code == 503 and "Search is being updated" in response.text
    assert client.get("/api/search?q=carers").status_code == 503
    assert client.get("/en/").status_code == 200, "other pages are unaffected"
    _wait_until(lambda: client.get("/en/search?q=carers").status_code == 200)


def test_start_up_rebuilds_a_missing_index(settings, engine, tmp_path):
    app = create_app(settings.model_copy(update={"data_dir": tmp_path}))
    with TestClient(app):
        _wait_until(lambda: app.state.search.backend.healthy())


def _writer_process(root: str, worker: int, count: int) -> None:
    index = SearchIndex(root)
    for n in range(count):
        index.update(
            add=[
                SearchDocument(
                    kind="guide", slug=f"w{worker}-{n}", locale="en", title=f"worker {worker}", locales=["en"]
                )
            ]
        )


def test_several_processes_can_write_the_same_index(search):
    context = multiprocessing.get_context("spawn")
    root = str(search.backend.index.root)
    before = search.backend.index.doc_count()
    processes = [context.Process(target=_writer_process, args=(root, worker, 5)) for worker in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    search.backend.index.forget_searcher()
    assert search.backend.index.doc_count() == before + 15
