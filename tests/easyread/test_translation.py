"""Leaflets in the translation pipeline: every row is a segment, the machine makes a first pass that is not
published until a person reviews it, PO files carry the rows, and the checker reads the translation."""

from io import BytesIO

from babel.messages.pofile import read_po, write_po
from sqlmodel import Session, select

from app.content.importer import apply_document
from app.easyread.checker import check
from app.easyread.queries import leaflet_data
from app.i18n.locales import get_locale
from app.translation import first_pass, po
from app.translation.models import PageSegment
from app.translation.status import Status, page_counts
from tests.easyread.conftest import leaflet_document, translate


def _segments(engine, slug: str) -> dict[tuple[str, int], PageSegment]:
    with Session(engine) as db:
        return {
            (s.field, s.position): s
            for s in db.exec(select(PageSegment).where(PageSegment.kind == "leaflet", PageSegment.slug == slug)).all()
        }


def test_every_row_picture_description_and_hard_word_is_a_segment(engine, new_leaflet):
    slug = new_leaflet()
    segments = _segments(engine, slug)
    assert {
        "title",
        "summary",
        "cover_alt",
        "rows.0.alt",
        "rows.0.text",
        "rows.1.text",
        "rows.2.text",
        "glossary.0.word",
        "glossary.0.meaning",
    } <= {field for field, _n in segments}
    # a row holding a lead-in and a list is a segment per block
    assert [segments[("rows.1.text", n)].source.split(" ")[0] for n in range(3)] == ["We", "visit", "call"]


def test_editing_one_row_keeps_the_other_rows_translations(engine, new_leaflet):
    slug = new_leaflet()
    translate(engine, slug, "pl")
    before = _segments(engine, slug)
    with Session(engine) as db:
        tag = before[("rows.0.text", 0)].source.removeprefix("You can phone us ").rstrip(".")
        document = leaflet_document(slug, tag)
        document.rows[0].text = "You can phone us any day."
        apply_document(db, "leaflet", document)
        db.commit()
        counts = page_counts(db, "leaflet", slug, "pl")
    after = _segments(engine, slug)
    assert after[("rows.0.text", 0)].previous_hash == before[("rows.0.text", 0)].source_hash
    assert counts.status == Status.incomplete and counts.translated == counts.segments - 1


def test_machine_first_pass_is_not_published_until_reviewed(engine, machine, client, new_leaflet):
    slug = new_leaflet()
    with Session(engine) as db:
        report = first_pass.run(db, machine, locales=[get_locale("es")], pages=[("leaflet", slug)])
        db.commit()
        # texts shared with other leaflets (picture descriptions) may have been translated by earlier tests
        assert report.translated >= 5 and page_counts(db, "leaflet", slug, "es").status == Status.unreviewed
    translate(engine, slug, "es", text=lambda source: source)  # the same text, so only the state changes
    html = client.get(f"/es/easy-read/{slug}").text
    assert '<article class="easyread">' in html


def test_po_export_carries_the_rows_and_imports_back(engine, new_leaflet):
    slug = new_leaflet()
    with Session(engine) as db:
        catalog = read_po(BytesIO(po.export(db, get_locale("it"), site="https://example.org")))
    entries = {m.context: m for m in catalog if m.context and m.context.startswith(f"leaflet/{slug}:")}
    assert f"leaflet/{slug}:rows.0.alt#0" in entries and f"leaflet/{slug}:glossary.0.meaning#0" in entries
    assert any(
        f"https://example.org/en/easy-read/{slug}" in c for c in entries[f"leaflet/{slug}:rows.0.alt#0"].auto_comments
    )
    fields = [context.split(":", 1)[1] for context in entries]
    assert fields.index("rows.2.text#0") > fields.index("rows.1.text#2")  # rows in reading order
    for message in entries.values():
        message.string = f"IT {message.id}"
    out = BytesIO()
    trimmed = type(catalog)(locale="it")
    for message in entries.values():
        trimmed.add(message.id, message.string, context=message.context)
    write_po(out, trimmed)
    with Session(engine) as db:
        po.import_po(db, out.getvalue(), name="it.po", by="test")
        db.commit()
        assert page_counts(db, "leaflet", slug, "it").status == Status.reviewed
        data = leaflet_data(db, slug, get_locale("it"))
    assert data["rows"][0]["alt"] == "IT A telephone" and data["glossary"][0]["word"] == "IT council"


def test_the_checker_reads_the_translation(engine, new_leaflet):
    slug = new_leaflet()
    translate(engine, slug, "tr", text=lambda source: " ".join(["kelime"] * 22) + ".")
    with Session(engine) as db:
        data = leaflet_data(db, slug, get_locale("tr"))
        assert leaflet_data(db, slug, get_locale("ro")) is None  # not translated
    assert {(f.rule, f.severity) for f in check(data, "tr")} >= {("long", "error")}
