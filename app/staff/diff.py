"""A readable diff between two versions: which fields changed, with removed and added lines of long texts."""

import difflib
from dataclasses import dataclass

from app.i18n.context import gettext as _
from app.staff.fields import FORMS
from app.staff.forms import get_path


@dataclass
class Change:
    label: str
    before: str
    after: str
    lines: list[tuple[str, str]]  # ("removed" | "added" | "same", line) for texts over one line


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", []))
    return str(value)


def flatten(kind: str, data: dict) -> dict[str, str]:
    """Label -> text for every field of a document, in form order."""
    fields, groups = FORMS[kind]
    flat = {_(f.label): _text(get_path(data, f.name)) for f in fields}
    for group in groups:
        for index, row in enumerate(get_path(data, group.name) or []):
            for f in group.fields:
                value = row.get(f.name)
                if f.name == "days" or value not in (None, "", []):
                    flat[f"{_(group.row_label)} {index + 1}: {_(f.label)}"] = _text(value)
            if group.name == "opening_times":
                flat[f"{_(group.row_label)} {index + 1}: {_('How often')}"] = _text(
                    [row.get("freq"), row.get("ordinal")]
                )
    return flat


def _lines(before: str, after: str) -> list[tuple[str, str]]:
    if "\n" not in before and "\n" not in after:
        return []
    old, new = before.splitlines(), after.splitlines()
    result = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            result += [("same", line) for line in old[i1:i2]]
            continue
        result += [("removed", line) for line in old[i1:i2]]
        result += [("added", line) for line in new[j1:j2]]
    return result


def compare(kind: str, before: dict | None, after: dict) -> list[Change]:
    old, new = flatten(kind, before or {}), flatten(kind, after)
    labels = list(dict.fromkeys([*new, *old]))
    return [
        Change(label, old.get(label, ""), new.get(label, ""), _lines(old.get(label, ""), new.get(label, "")))
        for label in labels
        if old.get(label, "") != new.get(label, "")
    ]
