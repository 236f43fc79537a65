"""Under load: mixed traffic from 32 connections at once against the portal served by uvicorn on 127.0.0.1 (on
SQLite, and on PostgreSQL in CI): no server error, and every form submission that was accepted is stored."""

import http.client
import itertools
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session, func, select

from app.insights.models import FeedbackCount, HelpRequest

SECONDS = 30
CONNECTIONS = 32
PAGES = [
    "/{lang}/",
    "/{lang}/hubs",
    "/{lang}/topics/looking-after-someone",
    "/{lang}/services/carers-found",
    "/{lang}/whats-on?day=TU",
    "/{lang}/guides/help-in-your-language",
    "/{lang}/search?q=carers",
]
LANGS = ["en", "ar", "so", "zh-Hans", "pl"]
FEEDBACK_PAGE = "/load-test-page"


def test_mixed_traffic_gives_no_server_errors_and_loses_no_submission(live_server, engine, app):
    from app.insights import routes

    routes.help_limit.clear()
    host = urlsplit(live_server)
    statuses: Counter = Counter()
    accepted = Counter()
    numbers = itertools.count()
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client() -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        while time.monotonic() < stop_at:
            n = next(numbers)
            lang = LANGS[n % len(LANGS)]
            if n % 10 == 3:
                body = urlencode({"page": FEEDBACK_PAGE, "useful": "yes"})
                connection.request(
                    "POST", f"/{lang}/feedback", body, {"Content-Type": "application/x-www-form-urlencoded"}
                )
                kind = "feedback"
            elif n % 25 == 7:
                body = urlencode(
                    {
                        "contact_method": "email",
                        "contact_detail": f"load-{n}@example.org",
                        "language": "so",
                        "consent": "yes",
                    }
                )
                connection.request("POST", f"/{lang}/help", body, {"Content-Type": "application/x-www-form-urlencoded"})
                kind = "help"
            else:
                connection.request("GET", PAGES[n % len(PAGES)].format(lang=lang))
                kind = "page"
            response = connection.getresponse()
            response.read()
            with lock:
                statuses[response.status] += 1
                if response.status == 303 and kind != "page":
                    accepted[kind] += 1

    with Session(engine) as db:
        before = db.exec(
            select(func.coalesce(func.sum(FeedbackCount.answers), 0)).where(FeedbackCount.page == FEEDBACK_PAGE)
        ).one()
    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    assert sum(statuses.values()) > 200, statuses
    assert not [status for status in statuses if status >= 500], statuses
    with Session(engine) as db:
        answers = db.exec(
            select(func.coalesce(func.sum(FeedbackCount.answers), 0)).where(FeedbackCount.page == FEEDBACK_PAGE)
        ).one()
        helps = db.exec(
            select(func.count()).select_from(HelpRequest).where(HelpRequest.contact_detail.like("load-%@example.org"))
        ).one()
    assert answers - before == accepted["feedback"] > 0
    assert helps == accepted["help"] > 0


def test_no_endpoint_touches_the_database_in_the_event_loop(app):
    """An ``async def`` endpoint that queries the database blocks the event loop while it waits for a pooled
    connection, and under load that deadlocks the process (the requests holding connections cannot finish).
    Endpoints that take a form get it through FormDep and stay plain functions."""
    import inspect

    from app.web.routing import iter_routes

    asynchronous = sorted(
        path for path, route in iter_routes(app) if inspect.iscoroutinefunction(getattr(route, "endpoint", None))
    )
    assert asynchronous == ["/staff/import", "/staff/import/oruk"], asynchronous  # they hand the work to a thread
