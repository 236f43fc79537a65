"""Read YAML and Markdown-with-front-matter files, keeping line numbers for error messages."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ContentError(Exception):
    """One problem in one content file, reported as ``path:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line
        self.message = message


@dataclass
class SourceDoc:
    """A parsed file: its data, its YAML node tree (for line numbers) and the line the YAML starts on."""

    path: Path
    data: dict[str, Any]
    node: yaml.Node | None
    first_line: int  # 1-based line of the first YAML line in the file

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The file line of the value at ``loc`` (a pydantic error location), or the nearest parent."""
        node = self.node
        line = node.start_mark.line if node is not None else 0
        for key in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == key:
                        child, line = value_node, key_node.start_mark.line
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                child = node.value[key]
                line = child.start_mark.line
            if child is None:
                break
            node = child
        return self.first_line + line

    def error(self, loc: tuple[str | int, ...], message: str) -> ContentError:
        return ContentError(self.path, self.line_of(loc), message)


def _parse_yaml(path: Path, text: str, first_line: int) -> SourceDoc:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"this is not valid YAML: {problem}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, first_line, "expected a mapping of fields (name: value)")
    return SourceDoc(path=path, data=data, node=node, first_line=first_line)


def read_yaml(path: Path) -> SourceDoc:
    return _parse_yaml(path, _read_text(path), first_line=1)


def read_markdown(path: Path, body_field: str) -> SourceDoc:
    """Parse ``---`` front matter and put the Markdown after it in ``body_field``."""
    text = _read_text(path)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "the file must start with a line '---' and YAML front matter")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        raise ContentError(path, 1, "the front matter is not closed with a line '---'")
    doc = _parse_yaml(path, "".join(lines[1:index]), first_line=2)
    if body_field in doc.data:
        raise ContentError(path, doc.line_of((body_field,)), f"'{body_field}' is the Markdown after the front matter")
    doc.data[body_field] = "".join(lines[index + 1 :]).strip()
    return doc


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, 1, "the file is not UTF-8 text") from exc
    except OSError as exc:
        raise ContentError(path, 1, f"cannot read the file: {exc.strerror}") from exc


def write_markdown(path: Path, front_matter: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{dump_yaml(front_matter)}---\n{body.strip()}\n", encoding="utf-8")


def write_yaml(path: Path, data: dict[str, Any], header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + dump_yaml(data), encoding="utf-8")


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
