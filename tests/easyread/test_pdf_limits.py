"""Leaflet PDFs are made in a process of their own, within a time and a memory limit: a PDF that cannot be made is
a friendly page in the reader's language (503, try again later), never a hung worker or a server error; readers who
ask for the same new PDF at once wait for one making of it. (What is in a PDF: test_pdf.py.)"""

import hashlib
import logging
import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session

from app.easyread.models import Picture
from app.easyread.pdf import RETRY_AFTER_SECONDS, LeafletPdfs, PdfUnavailable
from app.easyread.queries import get_leaflet
from app.easyread.uploads import accept
from tests.easyread.test_uploads import BILLION_USES

UNAVAILABLE = "Sorry, the leaflet to print is not ready"


def _pdf_processes() -> list:
    return [process for process in multiprocessing.active_children() if process.name == "leaflet-pdf"]


def _with_cover(engine, new_leaflet, data: bytes) -> str:
    """A new leaflet whose cover is ``data``, stored as an uploaded SVG just as given (not cleaned)."""
    name = f"{hashlib.sha256(data).hexdigest()[:16]}.svg"
    with Session(engine) as db:
        if db.get(Picture, name) is None:
            db.add(Picture(name=name, media_type="image/svg+xml", data=data, description="A test picture"))
            db.commit()
    return new_leaflet(cover=f"upload:{name}")


def _timed_get(client, path: str):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def _could_not_make(caplog, slug: str) -> bool:
    return any("could not make" in record.getMessage() and slug in record.getMessage() for record in caplog.records)


def test_a_pdf_that_takes_too_long_is_a_friendly_page_and_its_process_is_killed(app, client, new_leaflet, monkeypatch):
    pdfs = app.state.leaflet_pdfs
    slug = new_leaflet()
    monkeypatch.setattr(pdfs.settings, "pdf_timeout_seconds", 0.001)
    renders = pdfs.renders
    response, took = _timed_get(client, f"/en/easy-read/{slug}.pdf")
    assert response.status_code == 503 and response.headers["content-type"].startswith("text/html")
    assert took < 5
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response.headers["cache-control"]
    assert UNAVAILABLE in response.text and "Try again in a few minutes" in response.text
    assert f'href="/en/easy-read/{slug}"' in response.text, "the web page of the leaflet can be read meanwhile"
    assert pdfs.renders == renders + 1 and not _pdf_processes(), "the process was killed and waited for"
    assert not list(pdfs.folder.glob(f"{slug}.*"))

    # Asked again at once (in Arabic, which it is not translated into: the same English PDF), the answer is the
    # same page in the reader's language, without another try.
    again = client.get(f"/ar/easy-read/{slug}.pdf")
    assert again.status_code == 503 and '<html lang="ar" dir="rtl">' in again.text
    assert f'href="/ar/easy-read/{slug}"' in again.text and pdfs.renders == renders + 1


def test_a_pdf_that_needs_more_memory_than_allowed_is_a_friendly_page(app, client, new_leaflet, monkeypatch, caplog):
    pdfs = app.state.leaflet_pdfs
    slug = new_leaflet()
    monkeypatch.setattr(pdfs.settings, "pdf_memory_megabytes", 100)  # less than WeasyPrint needs to start
    with caplog.at_level(logging.WARNING, logger="signpost.easyread"):
        response = client.get(f"/en/easy-read/{slug}.pdf")
    assert response.status_code == 503 and UNAVAILABLE in response.text
    assert _could_not_make(caplog, slug) and not _pdf_processes()


def test_a_picture_stored_before_use_was_dropped_cannot_hang_a_worker(app, client, engine, new_leaflet, monkeypatch):
    pdfs = app.state.leaflet_pdfs
    slug = _with_cover(engine, new_leaflet, BILLION_USES)  # a thousand million circles to draw
    monkeypatch.setattr(pdfs.settings, "pdf_timeout_seconds", 1.5)
    response, took = _timed_get(client, f"/en/easy-read/{slug}.pdf")
    assert response.status_code == 503 and UNAVAILABLE in response.text
    assert took < 10 and not _pdf_processes()


def test_the_same_picture_cleaned_prints_quickly(app, client, engine, new_leaflet):
    _name, _type, cleaned = accept(BILLION_USES)
    slug = _with_cover(engine, new_leaflet, cleaned)
    response, took = _timed_get(client, f"/en/easy-read/{slug}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert took < app.state.settings.pdf_timeout_seconds


def test_readers_asking_for_the_same_new_pdf_at_once_wait_for_one_making(app, engine, new_leaflet, tmp_path):
    pdfs = LeafletPdfs(tmp_path / "pdf", engine, app.state.settings)
    slug = new_leaflet()
    readers = 6
    together = threading.Barrier(readers)

    def read(_number: int) -> bytes:
        with Session(engine) as db:
            item = get_leaflet(db, slug)
            together.wait()
            return pdfs.get(db, item, None)

    with ThreadPoolExecutor(readers) as pool:
        made = list(pool.map(read, range(readers)))
    assert pdfs.renders == 1, "one process made the PDF; the other readers waited for it"
    assert made[0].startswith(b"%PDF-") and all(data == made[0] for data in made)
    assert [path.name.split(".")[0] for path in pdfs.folder.glob("*.pdf")] == [slug]
    with Session(engine) as db:
        assert pdfs.get(db, get_leaflet(db, slug), None) == made[0] and pdfs.renders == 1, "then read from disk"


def test_readers_asking_at_once_for_a_pdf_that_fails_share_one_try(app, engine, new_leaflet, tmp_path):
    too_slow = app.state.settings.model_copy(update={"pdf_timeout_seconds": 0.001})
    pdfs = LeafletPdfs(tmp_path / "pdf", engine, too_slow)
    slug = new_leaflet()
    together = threading.Barrier(4)

    def read(_number: int) -> str:
        with Session(engine) as db:
            item = get_leaflet(db, slug)
            together.wait()
            with pytest.raises(PdfUnavailable) as failed:
                pdfs.get(db, item, None)
            return str(failed.value)

    with ThreadPoolExecutor(4) as pool:
        reasons = list(pool.map(read, range(4)))
    assert pdfs.renders == 1 and all(slug in reason for reason in reasons) and not _pdf_processes()


def test_a_pdf_that_cannot_be_made_in_the_background_is_logged_and_the_next_is_made(
    app, engine, new_leaflet, tmp_path, caplog
):
    too_slow = app.state.settings.model_copy(update={"pdf_timeout_seconds": 0.001})
    pdfs = LeafletPdfs(tmp_path / "pdf", engine, too_slow)
    failing, working = new_leaflet(), new_leaflet()
    with caplog.at_level(logging.WARNING, logger="signpost.easyread"):
        pdfs.prepare(failing)
        pdfs.wait()
    assert _could_not_make(caplog, failing) and not list(pdfs.folder.glob(f"{failing}.*"))
    pdfs.settings = app.state.settings
    pdfs.prepare(working)
    pdfs.wait()
    assert len(list(pdfs.folder.glob(f"{working}.en.*.pdf"))) == 1 and pdfs.renders == 2
