"""The staff inbox of help requests and the insights dashboard: scoped by language, worked, exported, deleted,
purged on time, and every number suppressed below 5."""

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.accounts.models import User
from app.i18n.locales import LOCALES
from app.insights import reports
from app.insights.models import HelpCount, HelpRequest, HelpStatus
from app.timeutil import utcnow
from tests.staff.forms_data import guide_form


def _request(engine, **values) -> int:
    defaults = {
        "locale": "en",
        "contact_method": "email",
        "contact_detail": "someone@example.org",
        "language": "bn",
        "needs": ["easy-read"],
        "message": "Please help",
    }
    with Session(engine) as db:
        row = HelpRequest(**{**defaults, **values})
        db.add(row)
        db.commit()
        return row.id


def test_editors_see_every_request_translators_only_their_languages(signed_in, engine):
    arabic, bengali = _request(engine, language="ar"), _request(engine, language="bn")
    editor, translator = signed_in("editor"), signed_in("translator")  # the translator works in Arabic
    everything = editor.get("/staff/help").text
    assert f'/staff/help/{arabic}"' in everything and f'/staff/help/{bengali}"' in everything
    theirs = translator.get("/staff/help").text
    assert f'/staff/help/{arabic}"' in theirs and f'/staff/help/{bengali}"' not in theirs
    assert translator.get(f"/staff/help/{bengali}").status_code == 404


def test_working_a_request_status_assignment_and_notes(signed_in, engine, staff_users):
    number = _request(engine, contact_detail="reach.me@example.org")
    editor = signed_in("editor")
    page = editor.get(f"/staff/help/{number}").text
    assert "reach.me@example.org" in page and "Easy read" in page
    with Session(engine) as db:
        editor_id = db.exec(select(User.id).where(User.username == staff_users["editor"])).one()
    response = editor.post(
        f"/staff/help/{number}",
        {"status": "in progress", "assigned_to": str(editor_id), "notes": "Phoned, left a message"},
    )
    assert response.status_code == 303
    with Session(engine) as db:
        assert db.get(HelpRequest, number).assigned_to == staff_users["editor"]
    assert "Test Editor" in editor.get("/staff/help").text  # by name in the list
    bad = editor.post(f"/staff/help/{number}", {"status": "lost", "assigned_to": "nobody-at-all", "notes": ""})
    assert bad.status_code == 400 and "Choose a status" in bad.text and "Choose someone from the list" in bad.text
    editor.post(f"/staff/help/{number}", {"status": "done", "assigned_to": "", "notes": "Sent easy read"})
    with Session(engine) as db:
        row = db.get(HelpRequest, number)
        assert row.status == HelpStatus.done and row.done_at is not None and row.notes == "Sent easy read"


def test_subject_access_export_and_deletion(signed_in, engine):
    number = _request(engine, name="Rahima Test", contact_detail="rahima@example.org")
    editor, admin = signed_in("editor"), signed_in("admin")
    download = editor.get(f"/staff/help/{number}/export.json")
    assert download.headers["content-disposition"].startswith("attachment")
    data = json.loads(download.text)
    assert data["name"] == "Rahima Test" and data["contact_detail"] == "rahima@example.org"
    assert editor.post(f"/staff/help/{number}/delete").status_code == 403, "deleting is for administrators"
    assert admin.post(f"/staff/help/{number}/delete").status_code == 303
    with Session(engine) as db:
        assert db.get(HelpRequest, number) is None


def test_the_purge_deletes_only_requests_done_long_enough_ago(engine, settings, monkeypatch):
    from app.cli import cli
    from app.config import get_settings

    old = _request(engine, status="done", done_at=utcnow() - timedelta(days=settings.help_retention_days + 1))
    recent = _request(engine, status="done", done_at=utcnow() - timedelta(days=1))
    waiting = _request(engine, status="new", created_at=utcnow() - timedelta(days=400))
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["help", "purge"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0 and "Deleted" in result.output
    with Session(engine) as db:
        assert db.get(HelpRequest, old) is None
        assert db.get(HelpRequest, recent) is not None and db.get(HelpRequest, waiting) is not None


@pytest.mark.parametrize("count, shown", [(0, 0), (1, "fewer than 5"), (4, "fewer than 5"), (5, 5), (12, 12)])
def test_small_numbers_are_suppressed(count, shown):
    assert reports.suppress(count) == shown


def test_dashboard_shows_charts_with_their_tables_and_suppresses_small_counts(signed_in, engine):
    with Session(engine) as db:
        today = utcnow().date()
        db.add(HelpCount(day=today, language="ti", need="", requests=3))
        db.add(HelpCount(day=today, language="am", need="", requests=7))
        db.commit()
    page = signed_in("reviewer").get("/staff/insights")
    assert page.status_code == 200
    text = page.text
    assert text.count('role="img"') >= 4 and "<title id=" in text and "<desc id=" in text
    assert "Tigrinya (ti)" in text and "Amharic (am)" in text
    assert "fewer than 5" in text and ">3<" not in text.split("Tigrinya (ti)")[1][:200]
    download = signed_in("editor").get("/staff/insights/help-languages.csv")
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(download.content.decode("utf-8-sig")))}
    assert rows["Tigrinya (ti)"] == "fewer than 5" and int(rows["Amharic (am)"]) >= 7


def test_every_table_downloads_and_zero_result_searches_are_listed(signed_in, client):
    for _ in range(6):  # often enough to be near the top, and to be shown as a number (no page is near these words)
        client.get("/en/search", params={"q": "quokka xylophone"})
    editor = signed_in("editor")
    for table in (
        "reach",
        "zero-results",
        "coverage",
        "coverage-pages",
        "help-languages",
        "help-needs",
        "feedback",
        "equality",
    ):
        response = editor.get(f"/staff/insights/{table}.csv")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv"), table
    rows = list(csv.reader(io.StringIO(editor.get("/staff/insights/zero-results.csv").content.decode("utf-8-sig"))))
    assert ["English", "quokka xylophone", "6"] in rows
    assert editor.get("/staff/insights/nothing.csv").status_code == 404


def test_coverage_shows_every_published_page_in_every_language(signed_in):
    rows = list(
        csv.reader(
            io.StringIO(signed_in("editor").get("/staff/insights/coverage-pages.csv").content.decode("utf-8-sig"))
        )
    )
    header, pages = rows[0], rows[1:]
    assert header[:2] == ["Page", "Kind"] and header[2:18] == [locale.code for locale in LOCALES]
    assert len(pages) >= 90 and all(row[2] == "original" for row in pages)
    columns = {code: n for n, code in enumerate(header)}
    assessment = next(row for row in pages if row[0] == "Getting a care needs assessment")
    assert [assessment[columns[code]] for code in ("ar", "bn", "es", "so", "fr")] == ["reviewed"] * 4 + ["none"]
    assert all(set(row[3:18]) <= {"none", "reviewed", "machine", "incomplete"} for row in pages)


def test_translators_never_see_other_staffs_usernames(signed_in, engine, staff_users):
    """A username is half of a sign-in: pages that translators read name people by their full names only."""
    number = _request(engine, language="ar")
    editor, translator = signed_in("editor"), signed_in("translator")
    with Session(engine) as db:
        editor_id = db.exec(select(User.id).where(User.username == staff_users["editor"])).one()
    assert (
        editor.post(
            f"/staff/help/{number}", {"status": "in progress", "assigned_to": str(editor_id), "notes": ""}
        ).status_code
        == 303
    )
    slug = f"names-not-usernames-{number}"
    assert editor.post("/staff/guides/new", guide_form(slug)).status_code == 303
    pages = [
        translator.get(f"/staff/help/{number}").text,
        translator.get("/staff/help").text,
        translator.get(f"/staff/guides/{slug}/history").text,
        translator.get(f"/staff/guides/{slug}/versions/1").text,
    ]
    assert all("Test Editor" in page for page in pages)
    others = [name for role, name in staff_users.items() if role != "translator"]
    for page in pages:
        assert all(name not in page for name in others)
