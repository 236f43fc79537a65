"""The translation memory: keeping each page's segments current, and finding and saving translations.

Services never commit: the caller's transaction holds a publish and its segments together.
"""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.directory.models import Location, Schedule, Service
from app.easyread.models import Leaflet
from app.guides.models import Guide
from app.publishing.page_kinds import PageKind
from app.timeutil import utcnow
from app.translation.models import Origin, PageSegment, Review, Translation
from app.translation.segments import page_segments

PAGE_KINDS = (PageKind.service, PageKind.activity, PageKind.hub, PageKind.guide, PageKind.leaflet)


def _row(db: Session, kind: str, slug: str):
    if kind in (PageKind.service, PageKind.activity):
        return db.exec(select(Service).where(Service.slug == slug)).first()
    if kind == PageKind.hub:
        return db.exec(select(Location).where(Location.slug == slug, Location.is_hub)).first()
    table = Leaflet if kind == PageKind.leaflet else Guide
    return db.exec(select(table).where(table.slug == slug)).first()


def _notes(db: Session, kind: str, row) -> list[str]:
    """Opening-time notes, read afresh (an import replaces schedules behind the row's back)."""
    if kind in (PageKind.guide, PageKind.leaflet):
        return []
    owner = Schedule.location_id if kind == PageKind.hub else Schedule.service_id
    return list(db.exec(select(Schedule.description).where(owner == row.id).order_by(col(Schedule.position))).all())


def refresh_page(db: Session, kind: str, slug: str) -> None:
    """Bring the page's segments in line with its published text.

    Unchanged segments keep their rows; a changed one remembers the text it replaced (``previous_hash``) so that
    reviewers see the previous translation. A page that is no longer published loses its segments (translations
    stay in the memory, to be found again if the page comes back).
    """
    row = _row(db, kind, slug)
    old = {
        (s.field, s.position): s
        for s in db.exec(select(PageSegment).where(PageSegment.kind == kind, PageSegment.slug == slug)).all()
    }
    new = page_segments(kind, row, _notes(db, kind, row)) if row is not None else []
    for segment in new:
        current = old.pop((segment.field, segment.position), None)
        if current is None:
            db.add(
                PageSegment(
                    kind=kind,
                    slug=slug,
                    field=segment.field,
                    position=segment.position,
                    source_hash=segment.hash,
                    source=segment.text,
                )
            )
        elif current.source_hash != segment.hash:
            current.previous_hash, current.source_hash, current.source = current.source_hash, segment.hash, segment.text
            db.add(current)
    for gone in old.values():
        db.delete(gone)
    db.flush()


def refresh_all(db: Session) -> int:
    """Refresh every published page's segments (after an upgrade, or before a translation run); returns pages."""
    pages: list[tuple[str, str]] = [(PageKind.guide, slug) for slug in db.exec(select(Guide.slug)).all()]
    pages += [(PageKind.leaflet, slug) for slug in db.exec(select(Leaflet.slug)).all()]
    pages += [(PageKind.hub, slug) for slug in db.exec(select(Location.slug).where(Location.is_hub)).all()]
    pages += [(str(getattr(kind, "value", kind)), slug) for kind, slug in db.exec(select(Service.kind, Service.slug))]
    known = set(pages)
    for kind, slug in db.exec(select(PageSegment.kind, PageSegment.slug).distinct()).all():
        if (kind, slug) not in known:
            pages.append((kind, slug))
    for kind, slug in pages:
        refresh_page(db, kind, slug)
    return len(known)


def translations(db: Session, hashes: Iterable[str], locale: str) -> dict[str, Translation]:
    wanted = list(set(hashes))
    found: dict[str, Translation] = {}
    for start in range(0, len(wanted), 500):
        found.update(
            {
                t.source_hash: t
                for t in db.exec(
                    select(Translation).where(
                        Translation.locale == locale, col(Translation.source_hash).in_(wanted[start : start + 500])
                    )
                ).all()
            }
        )
    return found


def pages_using(db: Session, hashes: Iterable[str]) -> set[tuple[str, str]]:
    """The pages that show any of these segment texts."""
    wanted = list(set(hashes))
    return {
        (kind, slug)
        for start in range(0, len(wanted), 500)
        for kind, slug in db.exec(
            select(PageSegment.kind, PageSegment.slug)
            .where(col(PageSegment.source_hash).in_(wanted[start : start + 500]))
            .distinct()
        ).all()
    }


def save(
    db: Session, *, source_hash: str, locale: str, text: str, origin: Origin, state: Review, produced_by: str
) -> Translation:
    """Write a translation. Machine output never replaces a person's work: that case is the caller's to skip."""
    row = db.get(Translation, (source_hash, locale))
    if row is None:
        row = Translation(
            source_hash=source_hash,
            locale=locale,
            text=text,
            origin=origin.value,
            state=state.value,
            produced_by=produced_by,
        )
    else:
        row.text, row.origin, row.state, row.produced_by = text, origin.value, state.value, produced_by
        row.updated_at = utcnow()
    db.add(row)
    return row
