"""Leaflets as printable PDFs (WeasyPrint): A4, tagged (PDF/UA-1), in the reader's language and script.

A PDF is derived data, kept in the data folder under the leaflet, the language and the hash of the HTML it is made
from: a change to the leaflet, its translation or the layout gives a new hash and so a new PDF (the older one is
then removed), and the folder can be deleted at any time. After a
publish or a translation (seen in the change log) the PDFs are made in the background, so readers rarely wait.

Each PDF is made in a process of its own with a time and a memory limit (``pdf_worker``), at most
``pdf_workers`` at once. Readers who ask for the same PDF while it is being made wait for that one making
("single flight") instead of starting their own; a PDF that could not be made raises :class:`PdfUnavailable`, and
is not tried again for a short while, so that a flood of requests cannot keep every worker busy.
"""

import hashlib
import logging
import os
import re
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import weasyprint
from markupsafe import Markup
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.config import Settings
from app.easyread import pdf_worker
from app.easyread.models import Picture
from app.i18n import locales
from app.i18n.context import current_locale
from app.i18n.context import gettext as _
from app.i18n.locales import Locale
from app.publishing.page_kinds import PageKind
from app.ui.templating import templates

log = logging.getLogger("signpost.easyread")
_PLACEHOLDER = re.compile(r"(%\(\w+\)s)")
RETRY_AFTER_SECONDS = 30  # a PDF that could not be made is not tried again for this long


class PdfUnavailable(RuntimeError):
    """The PDF cannot be had now (it took too long or too much memory to make, or every worker is busy); the
    message is for the operators' log, the reader is told only to try again later."""


def page_numbers() -> Markup:
    """The CSS ``content`` of the page-number footer, from a translated sentence like "Page 2 of 5" (CSS inside
    a style element: quotes and backslashes escaped the CSS way, and no "<" that could close the element)."""
    parts = []
    for piece in _PLACEHOLDER.split(_("Page %(number)s of %(total)s")):
        if piece == "%(number)s":
            parts.append("counter(page)")
        elif piece == "%(total)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ") + '"')
    return Markup(" ".join(parts))


def leaflet_html(item, locale: Locale, settings: Settings) -> str:
    """The HTML the PDF is made from (``item`` is the leaflet, or the leaflet in ``locale``)."""
    token = current_locale.set(locale)
    try:
        return (
            templates()
            .env.get_template("easyread/pdf.html")
            .render(
                leaflet=item,
                locale=locale,
                source_locale=locales.SOURCE_LOCALE,
                settings=settings,
                page_numbers=page_numbers(),
            )
        )
    finally:
        current_locale.reset(token)


def _uploads(db: Session, item) -> pdf_worker.Uploads:
    refs = [item.cover] + [row.get("picture", "") for row in item.rows]
    names = [ref.removeprefix("upload:") for ref in refs if ref.startswith("upload:")]
    if not names:
        return {}
    return {p.name: (p.media_type, p.data) for p in db.exec(select(Picture).where(col(Picture.name).in_(names))).all()}


class LeafletPdfs:
    def __init__(self, folder: Path, engine: Engine, settings: Settings) -> None:
        self.folder = folder
        self.engine = engine
        self.settings = settings
        self.renders = 0  # PDFs made (not read from the folder) since the start: for the tests and the curious
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leaflet-pdf")
        self._lock = threading.Lock()  # guards the three below
        self._making: dict[Path, Future] = {}  # PDFs being made now, which other readers wait for
        self._failed: dict[Path, float] = {}  # PDFs that could not be made, and when
        self._workers = threading.BoundedSemaphore(settings.pdf_workers)

    def path_for(self, slug: str, code: str, html: str) -> Path:
        key = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()[:40]
        return self.folder / f"{slug}.{code}.{key}.pdf"

    def get(self, db: Session, item, locale: Locale | None) -> bytes:
        """The PDF of ``item`` in ``locale`` (None: English), made now if it is not kept yet. Making a new one
        removes the older versions of the same leaflet in the same language. Raises :class:`PdfUnavailable`."""
        locale = locale or locales.SOURCE_LOCALE
        html = leaflet_html(item, locale, self.settings)
        path = self.path_for(item.slug, locale.code, html)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        with self._lock:
            failed_at = self._failed.get(path)
            if failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER_SECONDS:
                raise PdfUnavailable(f"{path.name} could not be made a moment ago")
            making = self._making.get(path)
            if making is None:
                making = self._making[path] = Future()
                first = True
            else:
                first = False
        if not first:
            return self._wait_for(making, path)
        try:
            data = self._read_or_make(db, item, locale, html, path)
        except Exception as exc:
            making.set_exception(exc)
            raise
        else:
            making.set_result(data)
            return data
        finally:
            if not making.done():  # interrupted: those waiting are not left waiting
                making.set_exception(PdfUnavailable(f"making {path.name} was interrupted"))
            with self._lock:
                del self._making[path]

    def _wait_for(self, making: Future, path: Path) -> bytes:
        """The PDF another request is making now (the longest it can take: waiting for a worker, then making)."""
        try:
            return making.result(timeout=2 * self.settings.pdf_timeout_seconds + 5)
        except FutureTimeout:
            raise PdfUnavailable(f"waited too long for {path.name}") from None
        except PdfUnavailable as exc:
            raise PdfUnavailable(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - the request that made it has logged it
            raise PdfUnavailable(f"{path.name} could not be made: {type(exc).__name__}") from None

    def _read_or_make(self, db: Session, item, locale: Locale, html: str, path: Path) -> bytes:
        try:  # made by a request that finished just after this one looked
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = self._render(html, _uploads(db, item), path)
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)  # whole files only, whichever process writes first
        for older in self.folder.glob(f"{item.slug}.{locale.code}.*.pdf"):
            if older != path:
                older.unlink(missing_ok=True)
        return data

    def _render(self, html: str, uploads: pdf_worker.Uploads, path: Path) -> bytes:
        timeout = self.settings.pdf_timeout_seconds
        if not self._workers.acquire(timeout=timeout):
            log.warning("every PDF worker is busy: %s not made (see SIGNPOST_PDF_WORKERS)", path.name)
            raise PdfUnavailable(f"every PDF worker is busy: {path.name} not made")
        try:
            with self._lock:
                self.renders += 1
            return pdf_worker.render_in_child(
                html, uploads, timeout=timeout, memory_megabytes=self.settings.pdf_memory_megabytes
            )
        except pdf_worker.RenderFailed as exc:
            now = time.monotonic()
            with self._lock:
                self._failed = {key: at for key, at in self._failed.items() if now - at < RETRY_AFTER_SECONDS}
                self._failed[path] = now
            log.warning("could not make %s: %s", path.name, exc)
            raise PdfUnavailable(f"{path.name} could not be made: {exc}") from None
        finally:
            self._workers.release()

    def prepare(self, slug: str) -> None:
        """Make the leaflet's PDFs in English and in every language it is published in, in the background."""
        self._background.submit(self._prepare, slug)

    def changed(self, kind: str, slug: str) -> None:
        if kind == PageKind.leaflet:
            self.prepare(slug)

    def _prepare(self, slug: str) -> None:
        from app.easyread.queries import get_leaflet, in_language

        try:
            with Session(self.engine) as db:
                leaflet = get_leaflet(db, slug)
                if leaflet is None:
                    return
                for locale in locales.LOCALES:
                    local = in_language(db, leaflet, locale)
                    if local.translated:
                        try:
                            self.get(db, local.item, locale)
                        except PdfUnavailable:
                            continue  # logged where it failed; the other languages may still be made
        except Exception:  # noqa: BLE001 - made on the next request instead; logged for the operators
            log.exception("could not make the PDFs of leaflet %s", slug)

    def wait(self) -> None:
        """Finish what is queued (tests, and stopping the app)."""
        self._background.submit(lambda: None).result()
