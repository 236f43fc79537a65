"""The machine first pass: fill segments that have no translation, never touching a person's work.

For each language with a pack, every distinct English segment text is looked up in the memory first. Only texts
with no translation (or, unless ``only_missing``, unchecked machine text from a different pack) go to the model,
protected and with glossary terms fixed, in batches; each result is saved on its own, so one failure never stops
the run and nothing is half-written. Running again on unchanged content calls the model zero times.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from app.directory.models import Location, Organization, Service, ServiceKind
from app.i18n.locales import SOURCE_LOCALE, Locale
from app.publishing.changes import pages_changed
from app.translation import memory
from app.translation.machine import Machine, MachineError
from app.translation.models import Origin, PageSegment, Review, Translation
from app.translation.protect import PlaceholderLost, glossary, protect, restore

BATCH = 16  # texts per call to the machine


@dataclass
class Failure:
    locale: str
    source: str
    reason: str


@dataclass
class RunReport:
    translated: int = 0  # distinct segment texts the machine translated (or, in a dry run, would translate)
    reused: int = 0  # already translated: found in the memory
    skipped: int = 0  # in languages with no pack installed, left for people
    failed: int = 0
    model_calls: int = 0  # texts sent to the machine
    unavailable: list[str] = field(default_factory=list)  # locales with no pack
    failures: list[Failure] = field(default_factory=list)


def protected_names(db: Session) -> tuple[str, ...]:
    """Names that stay as they are: organisations, services and community hubs."""
    names = set(db.exec(select(Organization.name)).all())
    names |= set(db.exec(select(Service.name).where(Service.kind == ServiceKind.service)).all())
    names |= set(db.exec(select(Location.name).where(Location.is_hub)).all())
    return tuple(name for name in names if name)


def sources_of(db: Session, pages: Iterable[tuple[str, str]] | None) -> dict[str, str]:
    query = select(PageSegment.source_hash, PageSegment.source)
    rows = (
        db.exec(query).all()
        if pages is None
        else [
            row
            for kind, slug in pages
            for row in db.exec(query.where(PageSegment.kind == kind, PageSegment.slug == slug)).all()
        ]
    )
    return dict(rows)


def _wanted(existing: Translation | None, producer: str, only_missing: bool) -> bool:
    if existing is None:
        return True
    if existing.origin != Origin.machine.value or existing.state == Review.reviewed.value:
        return False  # a person's work, or checked by one
    return not only_missing and existing.produced_by != producer


def run(
    db: Session,
    machine: Machine,
    *,
    locales: Iterable[Locale],
    only_missing: bool = False,
    dry_run: bool = False,
    pages: Iterable[tuple[str, str]] | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    saved: Callable[[], None] = lambda: None,
) -> RunReport:
    """Translate what is missing. ``progress(n)`` is told of each text done; ``saved()`` after every 50 saves,
    so a command can commit as it goes (a crash then loses only the texts since)."""
    report = RunReport()
    sources = sources_of(db, pages)
    names = protected_names(db)
    targets = machine.targets(SOURCE_LOCALE)
    written: set[str] = set()
    for locale in locales:
        if locale not in targets:
            report.unavailable.append(locale.code)
            report.skipped += len(sources)
            progress(len(sources))
            continue
        producer = machine.producer(SOURCE_LOCALE, locale)
        terms = glossary(locale.catalog_name)
        existing = memory.translations(db, sources, locale.code)
        wanted: list[tuple[str, str]] = []
        for source_hash, source in sources.items():
            if not _wanted(existing.get(source_hash), producer, only_missing):
                progress(1)
                report.reused += 1
            elif dry_run:
                progress(1)
                report.translated += 1
            else:
                wanted.append((source_hash, source))
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            held = [protect(source, names=names, terms=terms) for _hash, source in batch]
            report.model_calls += len(batch)
            outcomes = _translate(machine, locale, [piece.text for piece in held])
            for (source_hash, source), piece, outcome in zip(batch, held, outcomes, strict=True):
                progress(1)
                if isinstance(outcome, str):
                    try:
                        outcome = restore(outcome, piece)
                    except Exception as exc:
                        outcome = exc
                if isinstance(outcome, Exception):  # our checks refused it, or the model failed on it: isolate it
                    ours = isinstance(outcome, (MachineError, PlaceholderLost))
                    report.failed += 1
                    report.failures.append(
                        Failure(locale.code, source, str(outcome) if ours else f"{type(outcome).__name__}: {outcome}")
                    )
                    continue
                text = outcome
                if not _wanted(
                    db.get(Translation, (source_hash, locale.code), populate_existing=True), producer, only_missing
                ):
                    report.reused += 1  # a person saved one meanwhile: theirs stays
                    continue
                memory.save(
                    db,
                    source_hash=source_hash,
                    locale=locale.code,
                    text=text,
                    origin=Origin.machine,
                    state=Review.unreviewed,
                    produced_by=producer,
                )
                report.translated += 1
                written.add(source_hash)
                if report.translated % 50 == 0:
                    _changed(db, written)
                    saved()
    _changed(db, written)
    return report


def _translate(machine: Machine, target: Locale, texts: Sequence[str]) -> Sequence[str | Exception]:
    """The machine's translation of each text, or why it failed: a batch that fails is retried one text at a time,
    so one bad text never costs the others theirs."""
    try:
        return machine.translate(SOURCE_LOCALE, target, texts)
    except Exception as exc:
        if len(texts) == 1:
            return [exc]
    outcomes: list[str | Exception] = []
    for text in texts:
        try:
            outcomes.extend(machine.translate(SOURCE_LOCALE, target, [text]))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def _changed(db: Session, hashes: set[str]) -> None:
    """Say which pages have new text (only translations: their English, and so their segments, stay as they were)."""
    if hashes:
        pages_changed(db, memory.pages_using(db, hashes), translations_only=True)
        hashes.clear()
