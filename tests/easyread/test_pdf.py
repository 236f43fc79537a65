"""Printable leaflets: tagged A4 PDFs in the reader's language and script, with Noto fonts that really hold the
glyphs (checked with poppler's pdffonts, pdftotext and pdftoppm), cached, and remade when the leaflet changes."""

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.easyread.conftest import translate

pytestmark = pytest.mark.skipif(
    not shutil.which("pdffonts") or not shutil.which("pdftoppm"),
    reason="needs poppler-utils (pdffonts, pdftoppm); scripts/test.sh installs it",
)


def _poppler(tool: str, pdf: Path, *args: str, output: str | None = None) -> str:
    """Run a poppler tool on ``pdf``; pdftotext writes to standard output, pdftoppm to files named ``output``."""
    target = ["-"] if tool == "pdftotext" else [output] if output else []
    return subprocess.run(
        [tool, *args, str(pdf), *target], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def _objects(data: bytes) -> bytes:
    """The PDF with its compressed streams opened (the catalog sits in an object stream)."""
    opened = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            opened.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(opened)


def _fonts(pdf: Path) -> list[str]:
    lines = _poppler("pdffonts", pdf).splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


def _fetch(client, tmp_path, path: str) -> Path:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    target = tmp_path / (path.strip("/").replace("/", "_"))
    target.write_bytes(response.content)
    return target


def _first_row_picture_side(pdf: Path, tmp_path: Path) -> str:
    """Render page 2 (rows only) and say on which half the coloured pixels of the first row's picture are."""
    _poppler("pdftoppm", pdf, "-r", "30", "-png", "-f", "2", "-l", "2", output=str(tmp_path / "page"))
    [png] = sorted(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("RGB")
    width, height = image.size
    band = image.crop((0, int(height * 0.08), width, int(height * 0.3)))
    coloured = [
        x
        for x in range(band.width)
        for y in range(0, band.height, 2)
        if (lambda p: max(p) - min(p) > 60)(band.getpixel((x, y)))
    ]
    assert coloured, "nothing coloured drawn: are the pictures in the PDF?"
    return "left" if sum(coloured) / len(coloured) < width / 2 else "right"


SCRIPTS = [  # locale, leaflet, a word the text layer must hold, the Noto font that draws the script
    ("en", "staying-safe", "Staying safe", "Noto-Sans"),
    ("ar", "staying-safe", "أمان", "Noto-Sans-Arabic"),
    ("bn", "help-in-your-language", "আপনার", "Noto-Sans-Bengali"),
]


@pytest.mark.parametrize(("code", "slug", "word", "font"), SCRIPTS, ids=[s[0] for s in SCRIPTS])
def test_pdf_in_each_script_is_tagged_in_its_language_with_real_glyphs(client, tmp_path, code, slug, word, font):
    pdf = _fetch(client, tmp_path, f"/{code}/easy-read/{slug}.pdf")
    info = _poppler("pdfinfo", pdf)
    assert re.search(r"Tagged:\s+yes", info) and "A4" in info and int(re.search(r"Pages:\s+(\d+)", info)[1]) >= 2
    assert f"/Lang ({code})".encode() in _objects(pdf.read_bytes())
    fonts = _fonts(pdf)
    assert font in fonts and all(name.startswith("Noto") for name in fonts), fonts
    text = _poppler("pdftotext", pdf)
    assert word in text and "\ufffd" not in text
    assert "020 7946 0100" in text  # the council's contact details, on the last page
    assert _first_row_picture_side(pdf, tmp_path) == ("right" if code == "ar" else "left")


def test_phone_numbers_in_arabic_read_left_to_right_and_stay_on_one_line(client, tmp_path):
    pdf = _fetch(client, tmp_path, "/ar/easy-read/staying-safe.pdf")
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(tmp_path / "words.html")], check=True, timeout=60)
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
        (tmp_path / "words.html").read_text(encoding="utf-8"),
    )
    numbers = [(float(x), float(y), text) for x, y, text in words if re.fullmatch(r"\d{3,4}[.،,]?", text)]
    groups = [numbers[i : i + 3] for i in range(len(numbers) - 2) if numbers[i][2].rstrip(".،,") == "020"]
    assert len(groups) >= 2
    for group in groups:
        assert len({y for _x, y, _text in group}) == 1, group  # one line
        assert [x for x, _y, _text in group] == sorted(x for x, _y, _text in group), group  # 020 7946 0100


def test_chinese_pdf_uses_the_cjk_font(client, engine, new_leaflet, tmp_path):
    slug = new_leaflet()
    translate(engine, slug, "zh-Hans", text=lambda source: "你可以打电话给我们。我们会帮助你。")
    pdf = _fetch(client, tmp_path, f"/zh-Hans/easy-read/{slug}.pdf")
    assert "Noto-Sans-CJK-SC" in _fonts(pdf)
    text = _poppler("pdftotext", pdf)
    assert "你可以打电话给我们" in text and "\ufffd" not in text
    assert b"/Lang (zh-Hans)" in _objects(pdf.read_bytes())


def test_pdfs_are_cached_and_made_again_when_the_translation_changes(app, client, engine, new_leaflet, tmp_path):
    slug = new_leaflet()
    translate(engine, slug, "es", text=lambda source: f"ES {source}")
    pdfs = app.state.leaflet_pdfs
    first = client.get(f"/es/easy-read/{slug}.pdf").content
    kept = set(pdfs.folder.glob("*.pdf"))
    assert client.get(f"/es/easy-read/{slug}.pdf").content == first and set(pdfs.folder.glob("*.pdf")) == kept
    translate(engine, slug, "es", text=lambda source: f"ES2 {source}")
    second = client.get(f"/es/easy-read/{slug}.pdf").content
    now = set(pdfs.folder.glob("*.pdf"))
    assert second != first and len(now - kept) == 1 and len(kept - now) == 1  # the old version is removed
    assert "ES2 You can phone us" in _poppler("pdftotext", _fetch(client, tmp_path, f"/es/easy-read/{slug}.pdf"))


def test_publishing_makes_the_pdfs_in_the_background(app, engine, new_leaflet):
    from sqlmodel import Session

    from app.easyread.pdf import leaflet_html
    from app.easyread.queries import get_leaflet
    from app.i18n.locales import SOURCE_LOCALE

    slug = new_leaflet()
    pdfs = app.state.leaflet_pdfs
    pdfs.changed("leaflet", slug)  # what the change-log follower does after a publish anywhere
    pdfs.changed("guide", "making-a-complaint")  # other pages have no PDF
    pdfs.wait()
    with Session(engine) as db:
        html = leaflet_html(get_leaflet(db, slug), SOURCE_LOCALE, app.state.settings)
    assert pdfs.path_for(slug, "en", html).exists()


def test_a_pdf_never_fetches_anything_but_the_leaflets_pictures():
    from app.easyread.pdf_worker import Pictures

    fetcher = Pictures({})
    for url in (
        "https://example.org/x.png",
        "file:///etc/passwd",
        "https://signpost.invalid/static/x.css",
        "https://signpost.invalid/pictures/upload/0000000000000000.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("https://signpost.invalid/pictures/openmoji/1F4DE.svg")
    assert response.status == 200
