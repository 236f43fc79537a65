"""Was this page useful?, the optional equality questions, and page-view counting: anonymous, cheap, and right
under concurrent requests."""

import threading

from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlmodel import Session, func, select

from app.insights.models import EqualityResponse, FeedbackComment, FeedbackCount, PageViewCount


def _answers(engine, page: str, useful: bool) -> int:
    with Session(engine) as db:
        return db.exec(
            select(func.coalesce(func.sum(FeedbackCount.answers), 0)).where(
                FeedbackCount.page == page, FeedbackCount.useful == useful
            )
        ).one()


def test_every_page_asks_if_it_was_useful_without_javascript(client):
    page = client.get("/so/hubs").text
    assert 'action="/so/feedback"' in page and 'name="page" value="/hubs"' in page
    assert 'name="useful" value="yes"' in page and 'name="useful" value="no"' in page


def test_answers_are_counted_per_page_and_language(client, engine):
    before = _answers(engine, "/guides", False)
    response = client.post("/fr/feedback", data={"page": "/guides", "useful": "no"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/fr/feedback?")
    assert _answers(engine, "/guides", False) == before + 1
    thanks = client.get(response.headers["location"])
    assert "What was missing" in thanks.text or 'name="text"' in thanks.text
    assert 'href="/fr/guides"' in thanks.text


def test_what_was_missing_is_kept_without_anything_about_the_person(client, engine):
    response = client.post(
        "/en/feedback/missing", data={"page": "/hubs", "text": "Saturday opening times"}, follow_redirects=False
    )
    assert response.status_code == 303
    with Session(engine) as db:
        row = db.exec(select(FeedbackComment).where(FeedbackComment.text == "Saturday opening times")).one()
    assert row.page == "/hubs" and row.locale == "en"
    assert set(inspect(FeedbackComment).columns.keys()) == {"id", "day", "page", "locale", "text"}


def test_bad_feedback_is_a_clear_400(client):
    assert client.post("/en/feedback", data={"page": "/hubs", "useful": "maybe"}).status_code == 400
    assert client.post("/en/feedback", data={"page": "https://evil.example", "useful": "yes"}).status_code == 400
    assert client.get("/en/feedback", params={"page": "//evil.example"}).status_code == 400
    empty = client.post("/en/feedback/missing", data={"page": "/hubs", "text": "  "})
    assert empty.status_code == 400 and "Tell us what was missing" in empty.text
    long = client.post("/en/feedback/missing", data={"page": "/hubs", "text": "x" * 1001})
    assert long.status_code == 400 and "x" * 1001 in long.text


def test_answers_are_limited_per_address_so_a_script_cannot_skew_them(app, engine):
    before = _answers(engine, "/hubs", True)
    flood, neighbour = TestClient(app, client=("192.0.2.10", 5000)), TestClient(app, client=("192.0.2.11", 5000))
    answers = [
        flood.post("/en/feedback", data={"page": "/hubs", "useful": "yes"}, follow_redirects=False) for _ in range(40)
    ]
    assert [a.status_code for a in answers].count(303) == 30 and answers[-1].status_code == 429
    assert "Please wait ten minutes" in answers[-1].text and answers[-1].headers["retry-after"] == "600"
    assert _answers(engine, "/hubs", True) == before + 30
    comment = flood.post("/en/feedback/missing", data={"page": "/hubs", "text": "Flood"}, follow_redirects=False)
    assert comment.status_code == 429
    assert (
        neighbour.post("/en/feedback", data={"page": "/hubs", "useful": "yes"}, follow_redirects=False).status_code
        == 303
    )


def test_the_equality_questions_are_optional_and_anonymous(client, engine):
    with Session(engine) as db:
        before = db.exec(select(func.count()).select_from(EqualityResponse)).one()
    assert client.post("/en/about-you", data={}).status_code == 200
    answered = client.post(
        "/en/about-you", data={"age_band": "65-74", "carer": "yes", "ethnic_group": "prefer-not-to-say"}
    )
    assert answered.status_code == 200 and "Thank you" in answered.text
    wrong = client.post("/en/about-you", data={"age_band": "200"})
    assert wrong.status_code == 400 and 'href="#field-age_band"' in wrong.text
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(EqualityResponse)).one() == before + 1
    assert set(inspect(EqualityResponse).columns.keys()) == {
        "id",
        "month",
        "locale",
        "age_band",
        "ethnic_group",
        "disability",
        "carer",
        "sexual_orientation",
        "gender_identity",
    }, "nothing that could link an answer to a person or a request"


def _views(engine, page: str, locale: str) -> int:
    with Session(engine) as db:
        return db.exec(
            select(func.coalesce(func.sum(PageViewCount.views), 0)).where(
                PageViewCount.page == page, PageViewCount.locale == locale
            )
        ).one()


def test_page_views_are_counted_without_cookies(app, engine):
    client = TestClient(app)
    app.state.page_views.flush()
    before = _views(engine, "/accessibility", "pl")
    response = client.get("/pl/accessibility")
    assert "set-cookie" not in response.headers
    client.get("/pl/services/no-such-service")  # a 404 is not a view
    client.get("/api/search", params={"q": "carers"})  # nor is an API answer
    app.state.page_views.flush()
    assert _views(engine, "/accessibility", "pl") == before + 1
    assert set(inspect(PageViewCount).columns.keys()) == {"day", "page", "locale", "views"}


def test_counts_are_exact_under_concurrent_requests_and_writers(app, engine):
    app.state.page_views.flush()
    before = _views(engine, "/hubs", "tr")
    threads, per_thread = 8, 15

    def browse() -> None:
        client = TestClient(app)
        for _ in range(per_thread):
            assert client.get("/tr/hubs").status_code == 200

    def flush_now_and_then() -> None:
        for _ in range(10):
            app.state.page_views.flush()

    workers = [threading.Thread(target=browse) for _ in range(threads)] + [threading.Thread(target=flush_now_and_then)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    app.state.page_views.flush()
    assert _views(engine, "/hubs", "tr") == before + threads * per_thread


def test_two_processes_adding_to_the_same_count_do_not_lose_any(engine):
    """Two buffers (as two app processes would have) writing the same key at once: the database adds them up."""
    from app.insights.counters import PageViewBuffer

    first, second = PageViewBuffer(engine), PageViewBuffer(engine)
    before = _views(engine, "/whats-on", "ro")
    for _ in range(50):
        first.add("/whats-on", "ro")
        second.add("/whats-on", "ro")
    done = [threading.Thread(target=buffer.flush) for buffer in (first, second)]
    for thread in done:
        thread.start()
    for thread in done:
        thread.join()
    assert _views(engine, "/whats-on", "ro") == before + 100
