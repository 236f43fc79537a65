"""The page change log keeps another process's (or machine's) search index in step with the database."""

import uuid

import pytest
from sqlalchemy import delete
from sqlmodel import Session, select

from app.content.importer import apply_document
from app.content.schema import GuideFile
from app.guides.models import Guide
from app.i18n.locales import SOURCE_LOCALE
from app.publishing.changes import BATCH, ChangeFollower, PageChange, pages_changed
from app.publishing.page_kinds import PageKind
from tests.conftest import whoosh_search
from tests.faults.cluster import wait_until


@pytest.fixture
def other_machine(engine, tmp_path):
    """A search index of its own, built from the database, with a follower of the change log."""
    search = whoosh_search(tmp_path / "search", engine)
    search.backend.rebuild()
    follower = ChangeFollower(
        engine, subscribers=(search.backend.refresh,), rebuilders=(search.backend.rebuild_in_background,)
    )
    assert follower.poll() == 0  # starts at the end of the log
    return search, follower


def _hits(search, word):
    return [hit.slug for hit in search.search(text=word, locale=SOURCE_LOCALE).hits]


def test_a_publish_and_a_withdrawal_reach_the_other_index(engine, other_machine):
    search, follower = other_machine
    word = f"zebrafinch{uuid.uuid4().hex[:6]}"
    slug = f"change-log-{word}"
    with Session(engine) as db:
        apply_document(
            db,
            "guide",
            GuideFile(slug=slug, title=f"About {word}", summary="A summary.", topics=["looking-after-someone"]),
        )
        db.commit()
    assert _hits(search, word) == []
    assert follower.poll() == 1 and _hits(search, word) == [slug]
    assert follower.poll() == 0  # nothing new: nothing done
    with Session(engine) as db:
        db.execute(delete(Guide).where(Guide.slug == slug))
        pages_changed(db, [(PageKind.guide, slug)])
        db.commit()
    follower.poll()
    assert _hits(search, word) == []


def test_a_change_that_commits_late_with_an_earlier_id_is_not_missed(engine, other_machine):
    _search, follower = other_machine
    with Session(engine) as db:
        db.add(PageChange(kind=PageKind.guide, slug="late-one"))
        db.commit()
        late = db.exec(select(PageChange).where(PageChange.slug == "late-one")).one()
        late_id = late.id
        db.add(PageChange(kind=PageKind.guide, slug="early-one"))
        db.commit()
        follower.poll()
        db.delete(late)
        db.commit()
        db.add(PageChange(id=late_id, kind=PageKind.guide, slug="late-one-again"))
        db.commit()
    follower._seen.remove(late_id)  # as if its first transaction had not committed yet when we looked
    assert follower.poll() == 1


def test_a_burst_bigger_than_a_batch_becomes_one_rebuild(engine, other_machine):
    search, follower = other_machine
    with Session(engine) as db:
        db.add_all(PageChange(kind=PageKind.guide, slug=f"burst-{n}") for n in range(BATCH + 5))
        db.commit()
    assert follower.poll() > BATCH
    assert wait_until(lambda: not search.backend.rebuilding, timeout=60) and search.backend.healthy()
    assert follower.poll() == 0
