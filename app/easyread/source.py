"""The leaflet file format: YAML front matter, then one row per block — a line holding only the row's picture,
``![alt text](openmoji:1F4DE)``, followed by the row's text (a sentence or two, or a short list)."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.content.files import ContentError, SourceDoc, read_markdown, write_markdown

_PICTURE_LINE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<ref>[^)\s]*)\)")


@dataclass
class LeafletDoc(SourceDoc):
    """A leaflet file: errors about a row point at the line of its picture."""

    row_lines: list[int] = field(default_factory=list)

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        if len(loc) >= 2 and loc[0] == "rows" and isinstance(loc[1], int) and loc[1] < len(self.row_lines):
            return self.row_lines[loc[1]]
        return super().line_of(loc)


def parse_rows(body: str, path: Path | str = "", first_line: int = 1, lines: list[int] | None = None) -> list[dict]:
    """The rows of a leaflet's body (``lines`` gets the line of each); raises :class:`ContentError` at the first
    line that is not in the format."""
    rows: list[dict] = []
    lines = [] if lines is None else lines
    text: list[str] = []

    def close(line: int) -> None:
        if rows:
            rows[-1]["text"] = "\n".join(text).strip()
            if not rows[-1]["text"]:
                raise ContentError(path, line, "this row has a picture but no text")
        text.clear()

    for number, line in enumerate(body.splitlines(), start=first_line):
        match = _PICTURE_LINE.fullmatch(line.strip())
        if match:
            close(number)
            lines.append(number)
            rows.append({"picture": match["ref"], "alt": match["alt"].strip(), "text": ""})
        elif line.strip() and not rows:
            raise ContentError(
                path,
                number,
                "each row starts with a line holding only its picture, like ![A telephone](openmoji:1F4DE)",
            )
        else:
            text.append(line.rstrip())
    close(first_line + len(body.splitlines()))
    return rows


def rows_markdown(rows: list[dict]) -> str:
    return "\n\n".join(f"![{row.get('alt', '')}]({row.get('picture', '')})\n{row['text'].strip()}" for row in rows)


def read_leaflet(path: Path) -> LeafletDoc:
    """A leaflet file as a document whose ``rows`` are parsed, with file line numbers in every error."""
    doc = LeafletDoc(**vars(read_markdown(path, "rows")))
    lines = path.read_text(encoding="utf-8").splitlines()
    closing = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
    body_lines = lines[closing + 1 :]
    blank = next((n for n, line in enumerate(body_lines) if line.strip()), len(body_lines))
    doc.data["rows"] = parse_rows(doc.data["rows"], path, first_line=closing + 2 + blank, lines=doc.row_lines)
    return doc


def write_leaflet(path: Path, data: dict) -> None:
    front = {key: value for key, value in data.items() if key != "rows" and value not in (None, "", [])}
    write_markdown(path, front, rows_markdown(data.get("rows", [])))
