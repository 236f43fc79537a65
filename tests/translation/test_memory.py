"""Segments follow the published text; translations are shared by identical text and survive edits elsewhere."""

from sqlmodel import Session, select

from app.content.importer import apply_document
from app.content.schema import GuideFile
from app.guides.models import Guide
from app.translation import memory
from app.translation.models import Origin, PageSegment, Review
from app.translation.status import Status, page_counts, summary


def _segments(db, slug):
    return {
        (s.field, s.position): s
        for s in db.exec(select(PageSegment).where(PageSegment.kind == "guide", PageSegment.slug == slug)).all()
    }


def _translate_all(db, slug, locale="es", state=Review.reviewed, origin=Origin.human):
    for segment in _segments(db, slug).values():
        memory.save(
            db,
            source_hash=segment.source_hash,
            locale=locale,
            text=f"ES {segment.source}",
            origin=origin,
            state=state,
            produced_by="test",
        )


def _republish(db, slug, body):
    guide = db.exec(select(Guide).where(Guide.slug == slug)).one()
    apply_document(
        db,
        "guide",
        GuideFile(slug=slug, title=guide.title, summary=guide.summary, topics=["looking-after-someone"], body=body),
    )


def test_publishing_creates_segments_and_an_edit_loses_only_the_changed_one(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        before = {key: s.source_hash for key, s in _segments(db, slug).items()}
        assert ("title", 0) in before and ("body", 0) in before and len(before) >= 8
        _translate_all(db, slug)
        assert page_counts(db, "guide", slug, "es").status == Status.reviewed
        body = db.exec(select(Guide.body).where(Guide.slug == slug)).one()
        _republish(db, slug, body.replace("Coffee morning", "Lunch club"))
        after = _segments(db, slug)
        changed = [key for key in after if after[key].source_hash != before[key]]
        assert len(changed) == 1
        assert after[changed[0]].previous_hash == before[changed[0]]
        counts = page_counts(db, "guide", slug, "es")
        assert (counts.translated, counts.segments, counts.status) == (len(after) - 1, len(after), Status.incomplete)
        db.rollback()


def test_identical_text_on_two_pages_shares_one_translation(engine, new_guide):
    body = "A paragraph only these two pages share, 7d1c."
    first, second = new_guide(body=body), new_guide(body=body)
    with Session(engine) as db:
        shared = _segments(db, first)[("body", 0)]
        assert _segments(db, second)[("body", 0)].source_hash == shared.source_hash
        memory.save(
            db,
            source_hash=shared.source_hash,
            locale="pl",
            text="PL",
            origin=Origin.human,
            state=Review.reviewed,
            produced_by="test",
        )
        for slug in (first, second):
            assert page_counts(db, "guide", slug, "pl").translated == 1
        db.rollback()


def test_status_has_four_states(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        assert page_counts(db, "guide", slug, "it").status == Status.none
        segments = list(_segments(db, slug).values())
        memory.save(
            db,
            source_hash=segments[0].source_hash,
            locale="it",
            text="IT",
            origin=Origin.human,
            state=Review.reviewed,
            produced_by="test",
        )
        assert page_counts(db, "guide", slug, "it").status == Status.incomplete
        _translate_all(db, slug, "it", Review.unreviewed, Origin.machine)
        counts = page_counts(db, "guide", slug, "it")
        assert counts.status == Status.unreviewed and counts.machine_unreviewed == counts.segments
        _translate_all(db, slug, "it")
        assert page_counts(db, "guide", slug, "it").status == Status.reviewed
        assert summary(db, "it")[Status.reviewed] >= 1
        db.rollback()


def test_an_unpublished_page_loses_its_segments_but_the_memory_keeps_its_translations(engine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        _translate_all(db, slug, "ro")
        hashes = {s.source_hash for s in _segments(db, slug).values()}
        db.delete(db.exec(select(Guide).where(Guide.slug == slug)).one())
        db.flush()
        memory.refresh_page(db, "guide", slug)
        assert _segments(db, slug) == {}
        assert len(memory.translations(db, hashes, "ro")) == len(hashes)
        db.rollback()


def test_refresh_all_finds_every_published_page(engine):
    with Session(engine) as db:
        pages = memory.refresh_all(db)
        assert pages == len(set(db.exec(select(PageSegment.kind, PageSegment.slug)).all()))
        db.rollback()
