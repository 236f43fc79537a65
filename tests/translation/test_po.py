"""PO exchange: export for translators, import their work back; stale and malformed input is handled safely."""

import shutil
import subprocess
from io import BytesIO

import pytest
from babel.messages.pofile import read_po, write_po
from sqlmodel import Session, select

from app.i18n.locales import get_locale
from app.translation import first_pass, po
from app.translation.models import PageSegment, Translation
from app.translation.status import Status, page_counts

AR = get_locale("ar")


def _export(db, slug, locale=AR, **options):
    catalog = read_po(BytesIO(po.export(db, locale, site="https://signpost.example", **options)))
    return catalog, [m for m in catalog if m.id and m.context.startswith(f"guide/{slug}:")]


def _write(catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def test_export_names_each_segment_marks_machine_text_fuzzy_and_passes_msgfmt(engine, machine, new_guide, tmp_path):
    slug = new_guide()
    with Session(engine) as db:
        first_pass.run(db, machine, locales=[AR], pages=[("guide", slug)])
        data = po.export(db, AR, site="https://signpost.example")
        _catalog, mine = _export(db, slug)
        assert mine and all(m.fuzzy and m.string for m in mine)
        assert f"guide/{slug}:title#0" in {m.context for m in mine}
        assert any(f"https://signpost.example/en/guides/{slug}" in c for c in mine[0].auto_comments)
        db.rollback()
    (tmp_path / "ar.po").write_bytes(data)
    if shutil.which("msgfmt"):
        checked = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "ar.po")], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr


def test_import_makes_reviewed_entries_people_s_work_and_keeps_fuzzy_ones_unchecked(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        catalog, mine = _export(db, slug, only_missing=True)
        for n, message in enumerate(mine):
            message.string = f"ترجمة {n}"
            if n == 0:
                message.flags.add("fuzzy")
        report = po.import_po(db, _write(catalog), name="ar.po", by="Amina (translator)")
        assert (report.locale, report.reviewed, report.unreviewed) == ("ar", len(mine) - 1, 1)
        first = db.get(
            Translation,
            (
                db.exec(
                    select(PageSegment.source_hash).where(PageSegment.kind == "guide", PageSegment.slug == slug)
                ).first(),
                "ar",
            ),
        )
        assert first.produced_by == "Amina (translator)"
        assert page_counts(db, "guide", slug, "ar").status == Status.unreviewed
        again = po.import_po(db, _write(catalog), name="ar.po", by="Amina (translator)")
        assert again.reviewed == 0 and again.unchanged == len(mine)
        db.rollback()


def test_entries_whose_english_changed_are_reported_and_not_applied(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        catalog, mine = _export(db, slug)
        mine[0].id = "English that is no longer on any page, 3f9a."
        mine[0].string = "نص قديم"
        report = po.import_po(db, _write(catalog), name="ar.po", by="t")
        assert report.stale == [mine[0].context] and report.reviewed == 0
        db.rollback()


def test_fuzzy_text_never_replaces_a_reviewed_translation(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        catalog, mine = _export(db, slug)
        mine[0].string = "مراجع"
        po.import_po(db, _write(catalog), name="ar.po", by="t")
        mine[0].string, mine[0].flags = "مسودة", {"fuzzy"}
        report = po.import_po(db, _write(catalog), name="ar.po", by="t")
        assert report.kept == [mine[0].context]
        db.rollback()


BAD = [
    (b"this is not a PO file\n", "not a valid PO file"),
    (b'msgid ""\nmsgstr "Language: ar\\n"\n', "no entries"),
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (
        b'msgid ""\nmsgstr "Language: xx\\n"\n\nmsgctxt "guide/a:title#0"\nmsgid "A"\nmsgstr "B"\n',
        "is not one of Signpost's languages",
    ),
    (b'msgid ""\nmsgstr "Language: ar\\n"\n\nmsgid "No context"\nmsgstr "B"\n', "no Signpost context"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_a_malformed_file_is_refused_and_changes_nothing(engine, data, message):
    with Session(engine) as db:
        before = db.exec(select(Translation)).all()
        with pytest.raises(po.PoError, match=message):
            po.import_po(db, data, name="bad.po", by="t")
        assert db.exec(select(Translation)).all() == before
