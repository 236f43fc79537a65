"""Leaflets as printable PDFs (WeasyPrint): A4, tagged (PDF/UA-1), in the reader's language and script.

A PDF is derived data, kept in the data folder under the leaflet, the language and the hash of the HTML it is made
from: a change to the leaflet, its translation or the layout gives a new hash and so a new PDF (the older one is
then removed), and the folder can be deleted at any time. After a
publish or a translation (seen in the change log) the PDFs are made in the background, so readers rarely wait.
"""

import hashlib
import logging
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import weasyprint
from markupsafe import Markup
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.config import Settings
from app.easyread import pictures
from app.easyread.models import Picture
from app.i18n import locales
from app.i18n.context import current_locale, gettext as _
from app.i18n.locales import Locale
from app.web.templating import templates

log = logging.getLogger("signpost.easyread")
_BASE = "https://signpost.invalid/"  # pictures are read from the library and the database, never the network
_PLACEHOLDER = re.compile(r"(%\(\w+\)s)")


class _Pictures(weasyprint.urls.URLFetcher):
    """Gives WeasyPrint the leaflet's pictures and refuses every other address."""

    def __init__(self, uploads: dict[str, Picture]) -> None:
        super().__init__(allowed_protocols=["https"])
        self.uploads = uploads

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = parts.path
        if parts.netloc != urlsplit(_BASE).netloc or not path.startswith("/pictures/"):
            raise ValueError(f"not a leaflet picture: {url[:80]}")
        source, _, name = path.removeprefix("/pictures/").partition("/")
        if source == "openmoji" and (data := pictures.svg(name.removesuffix(".svg"))) is not None:
            return weasyprint.urls.URLFetcherResponse(url, body=data, headers={"Content-Type": "image/svg+xml"})
        if source == "upload" and name in self.uploads:
            picture = self.uploads[name]
            return weasyprint.urls.URLFetcherResponse(url, body=picture.data,
                                                      headers={"Content-Type": picture.media_type})
        raise ValueError(f"no such picture: {name[:60]}")


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
        return templates().env.get_template("easyread/pdf.html").render(
            leaflet=item, locale=locale, source_locale=locales.SOURCE_LOCALE, settings=settings,
            page_numbers=page_numbers())
    finally:
        current_locale.reset(token)


def _uploads(db: Session, item) -> dict[str, Picture]:
    refs = [item.cover] + [row.get("picture", "") for row in item.rows]
    names = [ref.removeprefix("upload:") for ref in refs if ref.startswith("upload:")]
    return {p.name: p for p in db.exec(select(Picture).where(Picture.name.in_(names))).all()} if names else {}


def render_pdf(html: str, uploads: dict[str, Picture]) -> bytes:
    document = weasyprint.HTML(string=html, base_url=_BASE, url_fetcher=_Pictures(uploads))
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


class LeafletPdfs:
    def __init__(self, folder: Path, engine: Engine, settings: Settings) -> None:
        self.folder = folder
        self.engine = engine
        self.settings = settings
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leaflet-pdf")

    def path_for(self, slug: str, code: str, html: str) -> Path:
        key = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()[:40]
        return self.folder / f"{slug}.{code}.{key}.pdf"

    def get(self, db: Session, item, locale: Locale | None) -> bytes:
        """The PDF of ``item`` in ``locale`` (None: English), made now if it is not kept yet. Making a new one
        removes the older versions of the same leaflet in the same language."""
        locale = locale or locales.SOURCE_LOCALE
        html = leaflet_html(item, locale, self.settings)
        path = self.path_for(item.slug, locale.code, html)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = render_pdf(html, _uploads(db, item))
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)  # whole files only, whichever process writes first
        for older in self.folder.glob(f"{item.slug}.{locale.code}.*.pdf"):
            if older != path:
                older.unlink(missing_ok=True)
        return data

    def prepare(self, slug: str) -> None:
        """Make the leaflet's PDFs in English and in every language it is published in, in the background."""
        self._background.submit(self._prepare, slug)

    def changed(self, kind: str, slug: str) -> None:
        if kind == "leaflet":
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
                        self.get(db, local.item, locale)
        except Exception:  # noqa: BLE001 - made on the next request instead; logged for the operators
            log.exception("could not make the PDFs of leaflet %s", slug)

    def wait(self) -> None:
        """Finish what is queued (tests, and stopping the app)."""
        self._background.submit(lambda: None).result()
