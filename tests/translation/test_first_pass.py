"""The machine first pass with real Argos Translate and a tiny copy pack: it fills what is missing, protects what
must not change, uses the glossary, never replaces people's work, isolates failures and repeats for free."""

from sqlmodel import Session, select

from app.i18n.locales import get_locale
from app.translation import first_pass, memory
from app.translation.machine import NullMachine
from app.translation.models import Origin, PageSegment, Review, Translation
from app.translation.protect import glossary
from app.translation.status import Status, page_counts
from tests.translation.conftest import CountingMachine

AR, SO, ES = get_locale("ar"), get_locale("so"), get_locale("es")


def _segments(db, slug):
    return {
        (s.field, s.position): s
        for s in db.exec(select(PageSegment).where(PageSegment.kind == "guide", PageSegment.slug == slug)).all()
    }


def _text(db, segment, locale="ar"):
    row = db.get(Translation, (segment.source_hash, locale))
    return row.text if row else None


def test_first_pass_translates_protects_and_applies_the_glossary(engine, machine, new_guide):
    slug = new_guide()
    counting = CountingMachine(machine)
    with Session(engine) as db:
        segments = _segments(db, slug)
        report = first_pass.run(db, counting, locales=[AR, SO], pages=[("guide", slug)])
        assert (report.translated, report.failed, report.unavailable) == (len(segments), 0, ["so"])
        assert report.skipped == len(segments) and counting.calls == len(segments)
        assessment = next(t.target for t in glossary("ar") if t.source == "care needs assessment")
        by_text = {s.source: _text(db, s) for s in segments.values()}
        assert by_text["Ask for a care needs assessment."] == f"Ask for a {assessment}."
        assert (
            by_text["Call 020 7946 0123 or email help@kingsmead.example."]
            == "Call 020 7946 0123 or email help@kingsmead.example."
        )
        link = next(text for source, text in by_text.items() if source.startswith("Read [our advice]"))
        assert "[our advice](https://kingsmead.example/advice)" in link
        row = db.get(Translation, (segments[("title", 0)].source_hash, "ar"))
        assert (row.origin, row.state, row.produced_by) == ("machine", "unreviewed", "argos translate-en_ar 1.0")
        assert page_counts(db, "guide", slug, "ar").status == Status.unreviewed
        assert page_counts(db, "guide", slug, "so").status == Status.none
        db.rollback()


def test_running_again_on_unchanged_content_makes_zero_model_calls(engine, machine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        first_pass.run(db, machine, locales=[AR], pages=[("guide", slug)])
        again = CountingMachine(machine)
        report = first_pass.run(db, again, locales=[AR], pages=[("guide", slug)])
        assert again.calls == 0 and report.translated == 0 and report.reused == len(_segments(db, slug))
        db.rollback()


def test_people_s_work_is_never_replaced(engine, machine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        title = _segments(db, slug)[("title", 0)]
        memory.save(
            db,
            source_hash=title.source_hash,
            locale="ar",
            text="عنوان بشري",
            origin=Origin.human,
            state=Review.unreviewed,
            produced_by="a translator",
        )
        report = first_pass.run(db, machine, locales=[AR], pages=[("guide", slug)])
        assert report.reused == 1 and _text(db, title) == "عنوان بشري"
        db.rollback()


def test_a_newer_pack_refreshes_unchecked_machine_text_unless_only_missing(engine, machine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        first_pass.run(db, machine, locales=[AR], pages=[("guide", slug)])
        title = _segments(db, slug)[("title", 0)]
        row = db.get(Translation, (title.source_hash, "ar"))
        row.produced_by = "argos translate-en_ar 0.9"  # as if an older pack had made it
        checked = _segments(db, slug)[("summary", 0)]
        db.get(Translation, (checked.source_hash, "ar")).state = Review.reviewed.value
        db.flush()
        counting = CountingMachine(machine)
        assert first_pass.run(db, counting, locales=[AR], pages=[("guide", slug)], only_missing=True).translated == 0
        report = first_pass.run(db, counting, locales=[AR], pages=[("guide", slug)])
        assert report.translated == 1 and counting.calls == 1
        assert db.get(Translation, (title.source_hash, "ar")).produced_by == "argos translate-en_ar 1.0"
        db.rollback()


def test_one_failure_does_not_stop_the_run_and_nothing_is_half_written(engine, machine, new_guide):
    long_sentence = " ".join(["word"] * 400) + "."
    slug = new_guide(body=f"A short paragraph.\n\n{long_sentence}\n\nAnother short paragraph.")
    with Session(engine) as db:
        report = first_pass.run(db, machine, locales=[ES], pages=[("guide", slug)])
        assert report.failed == 1 and "too long" in report.failures[0].reason
        assert report.translated == len(_segments(db, slug)) - 1
        failed = next(s for s in _segments(db, slug).values() if s.source == long_sentence)
        assert _text(db, failed, "es") is None
        assert page_counts(db, "guide", slug, "es").status == Status.incomplete
        db.rollback()


def test_a_dry_run_counts_and_changes_nothing(engine, machine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        counting = CountingMachine(machine)
        report = first_pass.run(db, counting, locales=[AR], pages=[("guide", slug)], dry_run=True)
        assert report.translated == len(_segments(db, slug)) and counting.calls == 0
        assert page_counts(db, "guide", slug, "ar").status == Status.none
        db.rollback()


def test_without_a_machine_every_language_waits_for_people(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        report = first_pass.run(db, NullMachine(), locales=[AR, ES], pages=[("guide", slug)])
        assert report.unavailable == ["ar", "es"] and report.translated == 0
        assert report.skipped == 2 * len(_segments(db, slug))
        db.rollback()
