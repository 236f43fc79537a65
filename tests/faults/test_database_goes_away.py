"""The database goes away mid-traffic (a throwaway PostgreSQL cluster, stopped hard and started again): public
pages answer a friendly 503 in the reader's language, never a 500; the app recovers without a restart; and every
submission the site accepted is stored, none half-written."""

import http.client
import itertools
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from sqlmodel import Session, func, select

from app.config import Settings
from app.db import make_engine
from app.insights.models import FeedbackCount
from app.main import create_app
from tests.conftest import DEMO_CONTENT, load_demo, postgres_url, serving
from tests.faults.cluster import Cluster, available, wait_until

pytestmark = [
    pytest.mark.skipif(not available(), reason="needs Debian's PostgreSQL 15 tools (initdb, pg_ctl)"),
    # It brings its own PostgreSQL cluster, whatever the run's database: once per CI run is enough.
    pytest.mark.skipif(postgres_url() is not None, reason="uses its own PostgreSQL cluster: ran in the SQLite pass"),
]
PAGE = "/fault-test-page"


@pytest.fixture(scope="module")
def cluster():
    made = Cluster()
    try:
        load_demo(made.url)
        yield made
    finally:
        made.remove()


def _get(base, path):
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode(), {k.lower(): v for k, v in response.getheaders()}


def test_pages_say_try_again_while_the_database_is_down_and_recover_after(cluster, tmp_path):
    settings = Settings(environment="test", database_url=cluster.url, data_dir=tmp_path, content_dir=DEMO_CONTENT)
    app = create_app(settings)
    app.state.search.backend.rebuild()
    app.state.page_views.interval = 24 * 3600
    statuses: dict[str, Counter] = {"up": Counter(), "down": Counter(), "back": Counter()}
    phase = ["up"]
    accepted = Counter()
    numbers = itertools.count()
    stop = threading.Event()
    with serving(app) as base:
        host = urlsplit(base)

        def traffic() -> None:
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            while not stop.is_set():
                n, now = next(numbers), phase[0]
                try:
                    if n % 4 == 0:
                        connection.request(
                            "POST",
                            "/ar/feedback",
                            urlencode({"page": PAGE, "useful": "yes"}),
                            {"Content-Type": "application/x-www-form-urlencoded"},
                        )
                    else:  # a new query string each time: the page cache cannot answer, the database must
                        connection.request("GET", f"/{'ar' if n % 2 else 'en'}/services/carers-found?n={n}")
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    statuses[now]["no answer"] += 1
                    connection.close()
                    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
                    continue
                statuses[now][response.status] += 1
                if n % 4 == 0 and response.status == 303:
                    accepted[now] += 1
                time.sleep(0.01)

        threads = [threading.Thread(target=traffic) for _ in range(6)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        cluster.stop("immediate")
        phase[0] = "down"
        time.sleep(2.5)
        status, body, headers = _get(base, "/ar/services/carers-found?probe=down")
        cluster.start()
        phase[0] = "back"
        recovered = wait_until(lambda: _get(base, f"/en/services/carers-found?probe={time.monotonic()}")[0] == 200)
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    assert status == 503 and headers.get("retry-after") == "5"
    assert '<html lang="ar" dir="rtl"' in body and "Traceback" not in body and "عذرًا" in body
    assert recovered, "the app did not recover after the database came back"
    for name, seen in statuses.items():
        assert 500 not in seen, (name, seen)
    assert statuses["up"][200] and statuses["down"][503] and statuses["back"][200], statuses
    engine = make_engine(cluster.url)
    with Session(engine) as db:
        stored = db.exec(
            select(func.coalesce(func.sum(FeedbackCount.answers), 0)).where(FeedbackCount.page == PAGE)
        ).one()
    engine.dispose()
    assert stored == sum(accepted.values())
