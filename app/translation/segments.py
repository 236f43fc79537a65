"""Split content into segments and put translated segments back together.

A short field (a title, a summary, an opening-time note) is one segment. A Markdown field is split into its
block-level elements — paragraphs, list items, headings, table cells — so that editing one paragraph loses the
translation of that paragraph only. Inline Markdown (links, bold) stays inside the segment's text.
"""

import hashlib
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from app.publishing.page_kinds import PageKind

_PARSER = MarkdownIt("commonmark").enable("table")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """The translation memory's key: the same English text has the same key wherever it appears."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str  # normalised: one line, single spaces


def markdown_spans(source: str) -> list[Span]:
    """The translatable blocks of ``source``, in order, with where each one sits in the text."""
    spans: list[Span] = []
    cursor = 0
    for token in _PARSER.parse(source):
        if token.type != "inline" or not token.content.strip():
            continue
        lines = [re.escape(line.strip()) for line in token.content.split("\n")]
        match = re.compile(r"[ \t]*\n[ \t>]*".join(lines)).search(source, cursor)
        if match is None:  # not found as written (unusual nesting): leave this block untranslated
            continue
        spans.append(Span(match.start(), match.end(), normalise(token.content)))
        cursor = match.end()
    return spans


def assemble(source: str, spans: list[Span], translated: list[str]) -> str:
    """``source`` with each span replaced by its translation (a translation must not break the block structure)."""
    out, cursor = [], 0
    for span, text in zip(spans, translated, strict=True):
        out += [source[cursor : span.start], " ".join(text.split("\n"))]
        cursor = span.end
    out.append(source[cursor:])
    return "".join(out)


@dataclass(frozen=True)
class Segment:
    field: str
    position: int
    text: str

    @property
    def hash(self) -> str:
        return text_hash(self.text)


# The translatable fields of each kind of page: (attribute, is Markdown). Opening-time notes are added per schedule.
FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    PageKind.service: (
        ("name", False),
        ("summary", False),
        ("description", True),
        ("eligibility", False),
        ("cost_description", False),
    ),
    PageKind.hub: (("name", False), ("summary", False), ("description", True)),
    PageKind.guide: (("title", False), ("summary", False), ("body", True)),
    PageKind.leaflet: (("title", False), ("summary", False), ("cover_alt", False)),
}
FIELDS[PageKind.activity] = FIELDS[PageKind.service]
# Lists of entries held in a JSON column: (attribute, ((key, is Markdown), ...)); segment field "rows.3.text".
LIST_FIELDS: dict[str, tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]] = {
    PageKind.leaflet: (("rows", (("alt", False), ("text", True))), ("glossary", (("word", False), ("meaning", False)))),
}


def field_segments(field: str, value: str, markdown: bool) -> list[Segment]:
    if not value or not value.strip():
        return []
    if not markdown:
        return [Segment(field, 0, normalise(value))]
    return [Segment(field, n, span.text) for n, span in enumerate(markdown_spans(value))]


def page_segments(kind: str, row, notes: list[str]) -> list[Segment]:
    """Every segment of a published page: its row (a Service, a hub Location, a Guide or a Leaflet), the notes of
    its opening times and the entries of its lists, in order."""
    found = [
        segment for name, markdown in FIELDS[kind] for segment in field_segments(name, getattr(row, name), markdown)
    ]
    for n, note in enumerate(notes):
        found += field_segments(f"schedules.{n}.description", note, False)
    for name, keys in LIST_FIELDS.get(kind, ()):
        for n, entry in enumerate(getattr(row, name)):
            for key, markdown in keys:
                found += field_segments(f"{name}.{n}.{key}", entry.get(key, ""), markdown)
    return found


def reading_order(field: str) -> tuple:
    """A segment field as a sortable key: rows.10.text comes after rows.2.text."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in field.split("."))
