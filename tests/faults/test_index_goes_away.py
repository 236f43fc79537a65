"""The search index is deleted, then corrupted, while traffic flows: search says "being updated" (503) until it
has rebuilt itself, and no other page ever answers a server error."""

import http.client
import itertools
import shutil
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from tests.faults.cluster import wait_until
from tests.search.test_lifecycle import _garble

PAGES = [
    "/ar/hubs",
    "/en/guides/help-in-your-language",
    "/so/services/carers-found",
    "/en/topics/looking-after-someone",
]


def _status(base: str, path: str) -> int:
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    connection.request("GET", path)
    return connection.getresponse().status


def test_search_recovers_and_other_pages_never_fail(app, live_server):
    search = app.state.search
    pages: Counter = Counter()
    searches: Counter = Counter()
    numbers = itertools.count()
    stop = threading.Event()

    def traffic() -> None:
        while not stop.is_set():
            n = next(numbers)
            if n % 2:
                searches[_status(live_server, f"/en/search?q=carers&n={n}")] += 1
            else:
                pages[_status(live_server, f"{PAGES[n % len(PAGES)]}?n={n}")] += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)
        shutil.rmtree(search.backend.index.current_dir())
        deleted_recovered = wait_until(
            lambda: _status(live_server, f"/en/search?q=help&t={time.time()}") == 200, timeout=60
        )
        _garble(search)
        garbled_recovered = wait_until(
            lambda: _status(live_server, f"/en/search?q=home&t={time.time()}") == 200 and search.backend.healthy(),
            timeout=60,
        )
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert deleted_recovered and garbled_recovered
    assert set(pages) == {200}, pages
    assert set(searches) <= {200, 503} and searches[503] >= 1, searches
