"""A bigger borough for the benchmarks: the demo content, plus copies of its services and of its hubs with their
activities (new slugs) up to the numbers asked for, so pages hold as many entries as a large council's would; and
reviewed translations of a share of those services and activities, so searches in other languages meet pages
indexed in those languages.

Translations arrive the way a translator's work does: one PO file per language, read by
:func:`app.translation.po.import_po` (entries not fuzzy: reviewed by a person), after the demo's own reviewed PO files
in ``content/translations/`` (as ``signpost content import`` does). The text is a pseudo-translation where the demo
has no real one: each English word replaced by a word of the target language, the same word every time, drawn from
that language's interface catalog (``locales/<code>/LC_MESSAGES/messages.po``); numbers, addresses, emails and link
targets are kept. Real words in real scripts for the analyzers, indexes and highlighting, but not real sentences:
relevance in these languages is not what it measures.
"""

import re
import zlib
from collections import Counter
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from sqlmodel import Session, col, select

from app.config import REPO_ROOT
from app.content.loader import ContentSet, load_content
from app.i18n.catalogs import po_path
from app.i18n.locales import get_locale
from app.translation.models import PageSegment
from app.translation.po import ImportReport, import_folder, import_po

ACTIVITIES_PER_HUB = 100
TRANSLATED = ("ar", "es", "bn", "zh-Hans", "pl")  # each gets its own SHARE of the services and activities
SHARE = 0.1
_KEEP_OR_WORD = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+|\]\([^)]*\))|([A-Za-z][A-Za-z']*)")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def scaled(services: int, activities: int) -> ContentSet:
    demo = load_content(REPO_ROOT / "content")
    content = ContentSet(
        taxonomies=demo.taxonomies,
        areas=demo.areas,
        organisations=demo.organisations,
        venues=demo.venues,
        guides=demo.guides,
        hubs=list(demo.hubs),
    )  # services meet there
    for number in range(services):
        source = demo.services[number % len(demo.services)]
        content.services.append(
            source.model_copy(update={"slug": f"{source.slug}-{number}", "name": f"{source.name} {number}"})
        )
    all_activities = [a for hub in demo.hubs for a in hub.activities]
    made = sum(len(hub.activities) for hub in demo.hubs)
    hubs = max(0, -(-(activities - made) // ACTIVITIES_PER_HUB))
    for number in range(hubs):
        source = demo.hubs[number % len(demo.hubs)]
        mine = []
        while made < activities and len(mine) < ACTIVITIES_PER_HUB:
            activity = all_activities[made % len(all_activities)]
            mine.append(
                activity.model_copy(update={"slug": f"{activity.slug}-{made}", "name": f"{activity.name} {made}"})
            )
            made += 1
        content.hubs.append(
            source.model_copy(
                update={"slug": f"{source.slug}-{number}", "name": f"{source.name} {number}", "activities": mine}
            )
        )
    return content


@cache
def _words(code: str) -> tuple[str, ...]:
    """Distinct words of the language's interface catalog (Chinese: runs of Han characters cut in twos; in other
    scripts, words in Latin letters are left out: they are names and English terms)."""
    with po_path(get_locale(code)).open("rb") as source:
        text = " ".join(m.string if isinstance(m.string, str) else " ".join(m.string) for m in read_po(source) if m.id)
    text = re.sub(r"%\(\w+\)s|<[^>]+>|\{\w+\}", " ", text)
    if code == "zh-Hans":
        runs = re.findall(r"[\u4e00-\u9fff]+", text)
        found = [run[i : i + 2] for run in runs for i in range(0, len(run) - 1, 2)]
    else:  # split on spaces and punctuation, not on \W: Bengali vowel signs are marks, not word characters
        pieces = re.split(r"[\s.,;:!?()\[\]{}\"“”«»'’/|<>=*#%&+\-–—…،؛؟।]+", text.lower())
        latin = code in ("es", "pl")
        found = [
            w
            for w in pieces
            if len(w) >= 3 and not any(c.isdigit() or c == "_" for c in w) and (latin or not w.isascii())
        ]
    return tuple(sorted(Counter(found)))


def pseudo_translate(text: str, code: str) -> str:
    """Every English word replaced by the same word of language ``code`` each time (see the module's docstring)."""
    words = _words(code)

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        return words[zlib.crc32(match.group(2).lower().encode()) % len(words)]

    translated = _KEEP_OR_WORD.sub(replace, text)
    return _HAN_GAP.sub("", translated) if code == "zh-Hans" else translated


def _demo_translations(code: str) -> dict[str, str]:
    """The demo's real reviewed translations into ``code`` (English text -> translation), if it has a PO file."""
    path = REPO_ROOT / "content" / "translations" / f"{code}.po"
    if not path.exists():
        return {}
    with path.open("rb") as source:
        return {m.id: m.string for m in read_po(source) if m.id and isinstance(m.string, str) and m.string}


def translate_share(
    session: Session, share: float = SHARE, languages: tuple[str, ...] = TRANSLATED, save_to: Path | None = None
) -> list[ImportReport]:
    """Import the demo's reviewed translations, then reviewed translations of every page of ``share`` of the
    services and activities into each of ``languages`` (different pages for each language), from PO files made here
    (kept in ``save_to`` when given). The session's transaction holds them; the caller commits."""
    reports = import_folder(session, REPO_ROOT / "content" / "translations")
    pages = sorted(
        session.exec(
            select(PageSegment.kind, PageSegment.slug)
            .where(col(PageSegment.kind).in_(["service", "activity"]))
            .distinct()
        ).all()
    )
    step = round(1 / share)
    for number, code in enumerate(languages):
        chosen = {page for index, page in enumerate(pages) if index % step == number % step}
        real = _demo_translations(code)
        catalog = Catalog(locale=get_locale(code).babel_code or get_locale(code).catalog_name, fuzzy=False)
        seen: set[str] = set()
        segments = session.exec(
            select(PageSegment)
            .where(col(PageSegment.kind).in_(["service", "activity"]))
            .order_by(col(PageSegment.kind), col(PageSegment.slug), col(PageSegment.field), col(PageSegment.position))
        )
        for segment in segments:
            if (segment.kind, segment.slug) not in chosen or segment.source in seen:
                continue  # one entry per English text: the memory translates identical text once
            seen.add(segment.source)
            message = catalog.add(
                segment.source,
                real.get(segment.source) or pseudo_translate(segment.source, code),
                context=f"{segment.kind}/{segment.slug}:{segment.field}#{segment.position}",
            )
            message.flags.discard("python-format")
        out = BytesIO()
        write_po(out, catalog, width=0, sort_output=False)
        if save_to is not None:
            save_to.mkdir(parents=True, exist_ok=True)
            (save_to / f"{code}.po").write_bytes(out.getvalue())
        reports.append(import_po(session, out.getvalue(), name=f"{code}.po", by="bench/scaled_content.py"))
    return reports
