"""How far each page is translated into each language."""

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, case
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from app.publishing.page_kinds import PageKind
from app.translation.models import Origin, PageSegment, Review, Translation


class Status(StrEnum):
    reviewed = "reviewed"  # complete, and people checked every segment
    unreviewed = "unreviewed"  # complete, but some text nobody has checked yet
    incomplete = "incomplete"
    none = "none"


@dataclass(frozen=True)
class Counts:
    segments: int = 0
    translated: int = 0
    unreviewed: int = 0
    machine_unreviewed: int = 0

    @property
    def status(self) -> Status:
        if self.segments == 0 or self.translated == 0:
            return Status.none
        if self.translated < self.segments:
            return Status.incomplete
        return Status.unreviewed if self.unreviewed else Status.reviewed

    @property
    def complete(self) -> bool:
        return self.status in (Status.reviewed, Status.unreviewed)


# Kinds of page shown in a language only once a person has reviewed all of it: easy read that nobody checked can
# mislead the people it is for.
REVIEWED_ONLY = frozenset({PageKind.leaflet})


def shown(kind: str, status: Status | None) -> bool:
    """Whether a complete translation in this state is what readers of that language see."""
    return status == Status.reviewed or (status == Status.unreviewed and kind not in REVIEWED_ONLY)


def _unchecked_sums() -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """SQL sums of the translations nobody has checked yet, and of those the machine made."""
    unreviewed = col(Translation.state) == Review.unreviewed.value
    return (
        func.sum(case((unreviewed, 1), else_=0)),
        func.sum(case((and_(unreviewed, col(Translation.origin) == Origin.machine.value), 1), else_=0)),
    )


def counts(
    db: Session, locale: str, *, kind: str | None = None, slug: str | None = None
) -> dict[tuple[str, str], Counts]:
    """Segment counts per page for ``locale`` (one kind of page when ``kind`` is given; one page with ``slug``
    too), in one query."""
    # What sqlmodel's select() builds for more than four columns (its overloads stop at four).
    columns: Select[str, str, int, int, int | None, int | None] = Select(
        col(PageSegment.kind),
        col(PageSegment.slug),
        func.count(),
        func.count(col(Translation.text)),
        *_unchecked_sums(),
    )
    query = columns.outerjoin(
        Translation, and_(col(Translation.source_hash) == PageSegment.source_hash, col(Translation.locale) == locale)
    ).group_by(PageSegment.kind, PageSegment.slug)
    if kind is not None:
        query = query.where(PageSegment.kind == kind)
    if slug is not None:
        query = query.where(PageSegment.slug == slug)
    return {
        (k, s): Counts(total, done, int(open_ or 0), int(machine or 0))
        for k, s, total, done, open_, machine in db.exec(query).all()
    }


def page_counts(db: Session, kind: str, slug: str, locale: str) -> Counts:
    return counts(db, locale, kind=kind, slug=slug).get((kind, slug), Counts())


def summary(db: Session, locale: str) -> dict[Status, int]:
    """How many pages are in each state for ``locale``."""
    found: dict[Status, int] = defaultdict(int)
    for page in counts(db, locale).values():
        found[page.status] += 1
    return found


def by_page(
    db: Session, *, kind: str | None = None, slug: str | None = None
) -> dict[tuple[str, str], dict[str, Counts]]:
    """Every page's counts in every language it has any translation in (two queries, for reports and search);
    one page's when ``kind`` and ``slug`` are given."""
    only = (PageSegment.kind == kind, PageSegment.slug == slug) if kind is not None else ()
    totals = {
        (k, s): n
        for k, s, n in db.exec(
            select(PageSegment.kind, PageSegment.slug, func.count())
            .where(*only)
            .group_by(PageSegment.kind, PageSegment.slug)
        )
    }
    # What sqlmodel's select() builds for more than four columns (its overloads stop at four).
    columns: Select[str, str, str, int, int | None, int | None] = Select(
        col(PageSegment.kind), col(PageSegment.slug), col(Translation.locale), func.count(), *_unchecked_sums()
    )
    rows = db.exec(
        columns.join(Translation, col(Translation.source_hash) == PageSegment.source_hash)
        .where(*only)
        .group_by(PageSegment.kind, PageSegment.slug, Translation.locale)
    )
    found: dict[tuple[str, str], dict[str, Counts]] = {page: {} for page in totals}
    for page_kind, page_slug, locale, done, open_, machine in rows:
        page = (page_kind, page_slug)
        found[page][locale] = Counts(totals[page], done, int(open_ or 0), int(machine or 0))
    return found


def status_in(pages: dict[tuple[str, str], dict[str, Counts]], kind: str, slug: str, locale: str) -> Status:
    return pages.get((kind, slug), {}).get(locale, Counts()).status
