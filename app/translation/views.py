"""Pages in the reader's language: the translated text of a page when every segment has a translation."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.i18n.locales import SOURCE_LOCALE, Locale
from app.i18n.text import LocalText
from app.translation import memory
from app.translation.models import PageSegment
from app.translation.segments import FIELDS, LIST_FIELDS, assemble, markdown_spans
from app.translation.status import Counts, Status, page_counts


class _Translated:
    """A row whose translatable attributes answer in the reader's language; everything else is the row's."""

    def __init__(self, row, values: dict[str, object]) -> None:
        self._row = row
        self._values = values

    def __getattr__(self, name: str):
        if name in self._values:
            return self._values[name]
        return getattr(self._row, name)


@dataclass(frozen=True)
class LocalPage:
    item: object  # the row, or the row in the reader's language
    translated: bool  # False: shown in English, with a notice
    status: Status | None = None  # None for English itself
    machine: bool = False  # machine text nobody has checked yet
    unchecked: bool = False  # text nobody has checked yet (machine or imported)


def _local(name: str, source: str, markdown: bool, texts: dict[tuple[str, int], str]) -> str:
    if not source or not source.strip():
        return source
    if markdown:
        spans = markdown_spans(source)
        return LocalText(assemble(source, spans, [texts[(name, n)] for n in range(len(spans))]))
    return LocalText(texts[(name, 0)])


def _values(kind: str, row, texts: dict[tuple[str, int], str], notes: bool = True) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, markdown in FIELDS[kind]:
        source = getattr(row, name)
        if source and source.strip():
            values[name] = _local(name, source, markdown, texts)
    for name, keys in LIST_FIELDS.get(kind, ()):
        values[name] = [
            dict(
                entry,
                **{key: _local(f"{name}.{n}.{key}", entry.get(key, ""), markdown, texts) for key, markdown in keys},
            )
            for n, entry in enumerate(getattr(row, name))
        ]
    schedules = getattr(row, "schedules", None) if notes else None
    if schedules:
        values["schedules"] = [
            _Translated(s, {"description": LocalText(texts[(f"schedules.{n}.description", 0)])})
            if s.description.strip()
            else s
            for n, s in enumerate(schedules)
        ]
    return values


def in_language(kind: str, row, segments: Sequence[PageSegment], found: dict[str, str], notes: bool = True):
    """The row with every translatable field in the language of ``found`` (source hash -> text); None when a
    segment has no translation (the page changed since it was counted: show English rather than half a page).
    ``notes=False`` leaves opening times alone (lists do not show them, and loading them costs a query a row)."""
    if not segments:
        return None
    try:
        texts = {(s.field, s.position): found[s.source_hash] for s in segments}
        return _Translated(row, _values(kind, row, texts, notes))
    except KeyError:
        return None


def localize_list(
    db: Session, rows: list, locale: Locale, kind_of=lambda row: getattr(row.kind, "value", row.kind)
) -> tuple[list, bool]:
    """List entries in the reader's language where their page is completely translated (two queries for the whole
    list); returns the entries and whether every one of them is translated."""
    if locale == SOURCE_LOCALE or not rows:
        return rows, True
    slugs = [row.slug for row in rows]
    pages: dict[tuple[str, str], list[PageSegment]] = {}
    for start in range(0, len(slugs), 500):
        for segment in db.exec(select(PageSegment).where(col(PageSegment.slug).in_(slugs[start : start + 500]))).all():
            pages.setdefault((segment.kind, segment.slug), []).append(segment)
    found = memory.translations(db, {s.source_hash for group in pages.values() for s in group}, locale.code)
    texts = {key: row.text for key, row in found.items()}
    items = [
        in_language(kind_of(row), row, pages.get((kind_of(row), row.slug), []), texts, notes=False) for row in rows
    ]
    return [item or row for item, row in zip(items, rows, strict=True)], all(items)


def localize(db: Session, kind: str, row, locale: Locale) -> LocalPage:
    if locale == SOURCE_LOCALE:
        return LocalPage(row, translated=True)
    counts: Counts = page_counts(db, kind, row.slug, locale.code)
    if not counts.complete:
        return LocalPage(row, translated=False, status=counts.status)
    segments = db.exec(select(PageSegment).where(PageSegment.kind == kind, PageSegment.slug == row.slug)).all()
    found = memory.translations(db, (s.source_hash for s in segments), locale.code)
    item = in_language(kind, row, segments, {key: t.text for key, t in found.items()})
    if item is None:
        return LocalPage(row, translated=False, status=Status.incomplete)
    return LocalPage(
        item,
        translated=True,
        status=counts.status,
        machine=bool(counts.machine_unreviewed),
        unchecked=bool(counts.unreviewed),
    )
