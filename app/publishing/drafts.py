"""Saving documents that came from outside (an ORUK import, say) as drafts: new pages are created, changed ones
get a new draft version, unchanged ones are left alone. Services never commit."""

from collections import Counter

from pydantic import BaseModel
from sqlmodel import Session

from app.publishing import history, workflow


def save_all(db: Session, documents: list[tuple[str, BaseModel]], *, author: str) -> Counter:
    """Returns how many were new, changed and unchanged."""
    outcome: Counter = Counter()
    for kind, document in documents:
        item = history.get_item(db, kind, history.slug_of(document))
        if item is None:
            workflow.create(db, kind, document, author=author)
            outcome["new"] += 1
        elif workflow.save_draft(db, item, document, base=item.latest, author=author):
            outcome["changed"] += 1
        else:
            outcome["unchanged"] += 1
    return outcome
