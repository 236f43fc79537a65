"""The publishing services on their own, against the run's real database (SQLite, or PostgreSQL in CI)."""

import threading

import pytest
from sqlmodel import Session

from app.content.schema import GuideFile
from app.publishing import history, workflow
from tests.staff.forms_data import unique_slug


def _guide(slug: str, summary: str = "A summary.") -> GuideFile:
    return GuideFile(slug=slug, title="A guide", summary=summary, topics=["looking-after-someone"])


def test_two_editors_saving_at_the_same_moment_cannot_both_win(engine):
    slug = unique_slug("concurrent")
    with Session(engine) as db:
        workflow.create(db, "guide", _guide(slug), author="setup")
        db.commit()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(name: str) -> None:
        with Session(engine) as db:
            item = history.get_item(db, "guide", slug)
            barrier.wait()
            try:
                workflow.save_draft(db, item, _guide(slug, f"Saved by {name}."), base=1, author=name)
                db.commit()
                outcomes[name] = "saved"
            except workflow.Conflict:
                db.rollback()
                outcomes[name] = "refused"

    threads = [threading.Thread(target=save, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    with Session(engine) as db:
        item = history.get_item(db, "guide", slug)
        assert item.latest == 2
        assert history.revision(db, item, 2).data["summary"] == f"Saved by {winner}."


def test_publish_unpublish_and_publish_again_keep_every_version(session):
    slug = unique_slug("cycle")
    item = workflow.create(session, "guide", _guide(slug), author="a")
    workflow.publish(session, item, base=1, author="a")
    workflow.withdraw(session, item, base=2, author="a")
    workflow.publish(session, item, base=3, author="a")
    workflow.withdraw(session, item, base=4, author="a", archive=True)
    assert [r.action for r in reversed(history.revisions(session, item))] == [
        "draft",
        "publish",
        "unpublish",
        "publish",
        "archive",
    ]
    assert item.state == "archived" and item.published is None


def test_a_version_with_problems_must_be_edited_before_publishing(session):
    slug = unique_slug("broken")
    item = workflow.create(session, "guide", _guide(slug), author="a")
    revision = history.revision(session, item, 1)
    revision.data = {**revision.data, "topics": []}  # as an import from elsewhere might leave it
    session.add(revision)
    with pytest.raises(workflow.Refused) as refused:
        workflow.publish(session, item, base=1, author="a")
    assert "topics" in refused.value.problems[""]


def test_restoring_a_version_that_does_not_exist_is_refused(session):
    item = workflow.create(session, "guide", _guide(unique_slug("restore")), author="a")
    with pytest.raises(workflow.Refused):
        workflow.restore(session, item, 42, base=1, author="a")
