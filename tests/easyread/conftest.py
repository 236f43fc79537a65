"""Easy-read fixtures: a published leaflet of its own per test, and translating it."""

import itertools
import uuid

import pytest
from sqlmodel import Session, select

from app.content.importer import apply_document
from app.easyread.schema import LeafletFile
from app.publishing import history
from app.publishing.changes import pages_changed
from app.publishing.page_kinds import PageKind
from app.translation import memory
from app.translation.models import Origin, PageSegment, Review
from tests.staff.conftest import signed_in, staff_users  # noqa: F401 (fixtures for the staff pages' tests)
from tests.translation.conftest import copy_packs, machine  # noqa: F401 (fixtures: the copy Argos packs)

_numbers = itertools.count()


def leaflet_document(slug: str, tag: str, **changes) -> LeafletFile:
    data = {
        "slug": slug,
        "title": f"Getting help {tag}",
        "summary": f"How to ask us for help {tag}.",
        "cover": "openmoji:1F91D",
        "cover_alt": "Two hands shaking",
        "links": ["guide:making-a-complaint"],
        "glossary": [{"word": "council", "meaning": f"The people who run services in your area {tag}."}],
        "rows": [
            {"picture": "openmoji:1F4DE", "alt": "A telephone", "text": f"You can phone us {tag}."},
            {"picture": "openmoji:1F3E0", "alt": "A house", "text": f"We can:\n- visit you {tag}\n- call you"},
            {"picture": "openmoji:2709", "alt": "A letter", "text": f"The council will write to you {tag}."},
        ],
    }
    return LeafletFile.model_validate(data | changes)


@pytest.fixture
def new_leaflet(engine):
    """Publish a leaflet with unique text (so its translations are its own) and return its slug."""

    def make(**changes) -> str:
        tag = uuid.uuid4().hex[:8]
        slug = f"leaflet-test-{next(_numbers)}-{tag}"
        with Session(engine) as db:
            apply_document(db, "leaflet", leaflet_document(slug, tag, **changes))
            db.commit()
        return slug

    return make


def translate(
    engine, slug: str, locale: str, text=lambda source: f"[{source}]", state=Review.reviewed, origin=Origin.human
) -> None:
    """Give every segment of the leaflet a translation (by default: the English in brackets)."""
    with Session(engine) as db:
        for segment in db.exec(
            select(PageSegment).where(PageSegment.kind == "leaflet", PageSegment.slug == slug)
        ).all():
            memory.save(
                db,
                source_hash=segment.source_hash,
                locale=locale,
                text=text(segment.source),
                origin=origin,
                state=state,
                produced_by="test",
            )
        pages_changed(db, [(PageKind.leaflet, slug)], translations_only=True)  # as the staff area's review does
        db.commit()


def latest(engine, slug: str) -> dict:
    """The newest version (draft or not) of a leaflet, as stored."""
    with Session(engine) as db:
        item = history.get_item(db, "leaflet", slug)
        return history.revision(db, item, item.latest).data
