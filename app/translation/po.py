"""Exchange with translators through PO files (one per language), the way wagtail-localize does.

Each entry is one segment: ``msgctxt`` names the page, field and block (``service/day-centre:description#2``),
``msgid`` is the English text. Machine text nobody has checked is marked fuzzy; translator comments give the page's
title and address, and the previous translation when the English changed. Importing reads entries back: a
translation that is not fuzzy is a person's reviewed work, a fuzzy one stays unreviewed, and entries whose English
changed since the export are reported and not applied. A malformed file changes nothing.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po
from sqlmodel import Session, select

from app.i18n import locales
from app.i18n.locales import Locale
from app.publishing.changes import pages_changed
from app.publishing.kinds import KINDS
from app.timeutil import utcnow
from app.translation import memory
from app.translation.models import Origin, PageSegment, Review
from app.translation.segments import FIELDS, reading_order, text_hash

_CONTEXT = re.compile(r"^(service|activity|hub|guide|leaflet)/([a-z0-9-]+):([\w.]+)#(\d+)$")
_TITLE_FIELDS = {"name", "title"}


class PoError(ValueError):
    """The file cannot be imported; nothing was changed."""


def _reading_order(segment: PageSegment) -> tuple:
    """Pages by kind and address; within a page, fields as a reader meets them."""
    fields = [name for name, _markdown in FIELDS[segment.kind]]
    rank = fields.index(segment.field) if segment.field in fields else len(fields)
    return segment.kind, segment.slug, rank, reading_order(segment.field), segment.position


def context(segment: PageSegment) -> str:
    return f"{segment.kind}/{segment.slug}:{segment.field}#{segment.position}"


def export(db: Session, locale: Locale, *, site: str, only_missing: bool = False) -> bytes:
    """The PO file for ``locale``; ``site`` is the public address the comments link to."""
    segments = sorted(db.exec(select(PageSegment)).all(), key=_reading_order)
    hashes = {s.source_hash for s in segments} | {s.previous_hash for s in segments if s.previous_hash}
    known = memory.translations(db, hashes, locale.code)
    titles = {(s.kind, s.slug): s.source for s in segments if s.field in _TITLE_FIELDS}
    catalog = Catalog(
        locale=locale.babel_code or locale.catalog_name,
        project="Signpost content",
        version="1",
        charset="utf-8",
        fuzzy=False,
        revision_date=utcnow(),
        last_translator="Signpost export",
        language_team=f"{locale.english_name} translators",
        copyright_holder="the council",
    )
    for segment in segments:
        found = known.get(segment.source_hash)
        if only_missing and found is not None:
            continue
        comments = [
            f"{titles.get((segment.kind, segment.slug), segment.slug)}",
            f"{site.rstrip('/')}/en/{KINDS[segment.kind].public_path}/{segment.slug}",
        ]
        previous = known.get(segment.previous_hash) if segment.previous_hash else None
        if found is None and previous is not None:
            comments.append(f"Previous translation (the English changed since): {previous.text}")
        if found is not None:
            comments.append(f"Now: {found.origin}, {found.state}")
        message = catalog.add(
            segment.source,
            found.text if found else "",
            context=context(segment),
            auto_comments=comments,
            flags={"fuzzy"} if found and found.state == Review.unreviewed.value else (),
        )
        message.flags.discard("python-format")  # content text is not a format string; msgfmt must not check it
    out = BytesIO()
    write_po(out, catalog, width=0, sort_output=False, omit_header=False)
    return out.getvalue()


@dataclass
class ImportReport:
    locale: str = ""
    reviewed: int = 0  # saved as people's reviewed translations
    unreviewed: int = 0  # fuzzy: saved, still to be checked
    unchanged: int = 0
    untranslated: int = 0
    stale: list[str] = field(default_factory=list)  # contexts whose English changed since the export
    kept: list[str] = field(default_factory=list)  # fuzzy text not applied over reviewed work
    conflicts: list[str] = field(default_factory=list)  # the same English translated two ways; first one used


def _locale_of(catalog: Catalog, name: str) -> Locale:
    wanted = catalog.locale_identifier or ""
    for locale in locales.LOCALES:
        if wanted and wanted in {locale.code, locale.catalog_name, locale.babel_code, *locale.aliases}:
            return locale
    raise PoError(f"{name}: the file's Language header ({wanted or 'missing'}) is not one of Signpost's languages")


def _read(data: bytes, name: str) -> Catalog:
    try:
        data.decode("utf-8")
        return read_po(BytesIO(data), abort_invalid=True, charset="utf-8")
    except UnicodeDecodeError as exc:
        raise PoError(f"{name}: the file is not UTF-8 text (byte {exc.start})") from exc
    except PoFileError as exc:
        raise PoError(f"{name}: this is not a valid PO file ({exc})") from exc


def import_po(db: Session, data: bytes, *, name: str, by: str) -> ImportReport:
    """Apply a translator's PO file; ``by`` names who or what it came from (recorded on each translation)."""
    catalog = _read(data, name)
    locale = _locale_of(catalog, name)
    report = ImportReport(locale=locale.code)
    current = set(db.exec(select(PageSegment.source_hash)).all())
    entries: list[tuple[str, str, Message]] = []  # (English text, context, entry)
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if not message.context or not _CONTEXT.match(message.context):
            raise PoError(
                f"{name}: line {message.lineno}: the entry has no Signpost context (msgctxt); "
                "export a fresh file with `signpost translate po export`"
            )
        entries.append((message.id, message.context, message))
    if not entries:
        raise PoError(f"{name}: the file has no entries to import")
    existing = memory.translations(db, (text_hash(source) for source, _context, _message in entries), locale.code)
    chosen: dict[str, str] = {}
    for source, context, message in entries:
        text = message.string if isinstance(message.string, str) else ""
        key = text_hash(source)
        if key not in current:
            report.stale.append(context)
            continue
        if not text.strip():
            report.untranslated += 1
            continue
        if key in chosen:
            if chosen[key] != text:
                report.conflicts.append(context)
            continue
        chosen[key] = text
        before = existing.get(key)
        state = Review.unreviewed if message.fuzzy else Review.reviewed
        if before is not None and before.text == text and (before.state == state.value or message.fuzzy):
            report.unchanged += 1
            continue
        if message.fuzzy and before is not None and before.state == Review.reviewed.value:
            report.kept.append(context)
            continue
        memory.save(
            db,
            source_hash=key,
            locale=locale.code,
            text=text,
            origin=Origin.imported if message.fuzzy else Origin.human,
            state=state,
            produced_by=by,
        )
        if message.fuzzy:
            report.unreviewed += 1
        else:
            report.reviewed += 1
    if report.reviewed or report.unreviewed:
        pages_changed(db, memory.pages_using(db, chosen), translations_only=True)
    return report


def import_folder(db: Session, folder) -> list[ImportReport]:
    """Import every ``*.po`` file in ``folder`` (content kept in git carries its reviewed translations there)."""
    if not folder.is_dir():
        return []
    return [
        import_po(db, path.read_bytes(), name=path.name, by=f"content/{folder.name}/{path.name}")
        for path in sorted(folder.glob("*.po"))
    ]
