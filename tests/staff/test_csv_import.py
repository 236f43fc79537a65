"""Bulk import of services from CSV: preview, row-level errors, all or nothing, drafts or published."""

import csv
import io

from sqlmodel import Session
from typer.testing import CliRunner

from app.publishing import history, workflow
from app.staff.csv_import import columns
from tests.staff.forms_data import unique_slug


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns())
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _row(slug: str, **changes) -> dict:
    row = {
        "name": f"Imported {slug}",
        "slug": slug,
        "organisation": "kingsmead-council",
        "summary": "Imported from a spreadsheet.",
        "topics": "looking-after-someone;money-and-legal-matters",
        "cost-free": "yes",
        "phone": "020 7946 0888",
        "languages": "ar;so",
        "areas": "all",
    }
    row.update(changes)
    return row


def _upload(editor, content: bytes, name="services.csv"):
    return editor.post("/staff/import", {"then": "preview"}, files={"file": (name, content, "text/csv")})


def test_the_template_has_every_column(signed_in):
    response = signed_in("editor").get("/staff/import/template.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").strip() == ",".join(columns())


def test_downloading_every_service_and_uploading_it_again_changes_nothing(signed_in):
    editor = signed_in("editor")
    download = editor.get("/staff/import/services.csv")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) >= 40 and {"befriending-older-people", "reablement"} <= {row["slug"] for row in rows}
    preview = _upload(editor, download.content)
    assert preview.status_code == 200 and ">0 new, 0 changed," in preview.text


def test_preview_then_import_as_drafts_then_update(signed_in, client, engine):
    editor = signed_in("editor")
    slugs = [unique_slug("csv"), unique_slug("csv")]
    preview = _upload(editor, _csv([_row(slug) for slug in slugs]))
    assert preview.status_code == 200
    assert "2 new, 0 changed, 0 unchanged." in preview.text and "Import these services" in preview.text
    with Session(engine) as db:
        assert history.get_item(db, "service", slugs[0]) is None, "a preview changes nothing"

    text = _csv([_row(slug) for slug in slugs]).decode("utf-8-sig")
    done = editor.post("/staff/import", {"then": "apply", "text": text})
    assert done.status_code == 200 and "2 services imported as drafts." in done.text
    assert client.get(f"/en/services/{slugs[0]}").status_code == 404
    with Session(engine) as db:
        data = history.revision(db, history.get_item(db, "service", slugs[0]), 1).data
    assert data["topics"] == ["looking-after-someone", "money-and-legal-matters"]
    assert data["phones"][0]["number"] == "020 7946 0888" and data["languages"] == ["ar", "so"]

    changed = _csv([_row(slugs[0], summary="A new summary."), _row(slugs[1])])
    assert "0 new, 1 changed, 1 unchanged." in _upload(editor, changed).text
    published = editor.post("/staff/import", {"then": "apply", "text": changed.decode("utf-8-sig"), "publish": "yes"})
    assert "1 service imported and published." in published.text
    assert "A new summary." in client.get(f"/en/services/{slugs[0]}").text
    with Session(engine) as db:  # leave the public site as the demo content has it, for the tests after this
        item = history.get_item(db, "service", slugs[0])
        workflow.withdraw(db, item, base=item.latest, author="test", archive=True)
        db.commit()


def test_a_bad_row_stops_the_whole_import_with_row_and_column(signed_in, engine):
    editor = signed_in("editor")
    good, bad = unique_slug("csv-good"), unique_slug("csv-bad")
    content = _csv([_row(good), _row(bad, email="not-an-email", topics="nonsense")])
    response = _upload(editor, content)
    assert response.status_code == 400
    assert "nothing has been imported" in response.text
    assert "email: Enter an email address" in response.text and "topics: Select topics" in response.text
    assert "<td>3</td>" in response.text, "the row's line in the file"
    forced = editor.post("/staff/import", {"then": "apply", "text": content.decode("utf-8-sig")})
    assert forced.status_code == 400
    with Session(engine) as db:
        assert history.get_item(db, "service", good) is None


def test_files_that_are_not_usable_csv_get_a_clear_message(signed_in):
    editor = signed_in("editor")
    cases = [
        (b"", "Select a CSV file"),
        ("name,slug\n".encode("utf-16"), "saved as UTF-8"),
        (b"colour,shape\nred,round\n", "Unknown columns: colour, shape"),
        (b"x" * (1024 * 1024 + 10), "smaller than 1 MB"),
        (b"\n", "The file is empty"),
    ]
    for content, message in cases:
        response = _upload(editor, content) if content else editor.post("/staff/import", {"then": "preview"})
        assert response.status_code == 400, message
        assert message in response.text.replace("&#34;", '"'), message


def test_the_same_address_twice_in_a_file_is_an_error(signed_in):
    slug = unique_slug("csv-twice")
    response = _upload(signed_in("editor"), _csv([_row(slug), _row(slug)]))
    assert "used twice in the file" in response.text


def test_cli_previews_and_applies(tmp_path, engine, settings, monkeypatch):
    from app.cli import cli
    from app.config import get_settings

    slug = unique_slug("csv-cli")
    path = tmp_path / "services.csv"
    path.write_bytes(_csv([_row(slug)]))
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        preview = CliRunner().invoke(cli, ["content", "import-csv", str(path)])
        assert preview.exit_code == 0 and "1 new" in preview.output
        with Session(engine) as db:
            assert history.get_item(db, "service", slug) is None
        applied = CliRunner().invoke(cli, ["content", "import-csv", str(path), "--apply"])
        assert applied.exit_code == 0, applied.output
        with Session(engine) as db:
            assert history.get_item(db, "service", slug).has_draft
        path.write_bytes(_csv([_row(slug, url="ftp://nope")]))
        failed = CliRunner().invoke(cli, ["content", "import-csv", str(path), "--apply"])
        assert failed.exit_code == 1 and f"{path}:2: url:" in failed.output
    finally:
        get_settings.cache_clear()
