"""Between HTML forms (flat names like ``phones-0-number``) and documents (nested data for the pydantic models):
parsing what was submitted, filling a form from a stored version, and turning validation errors into plain
messages tied to the field they are about (GOV.UK error-summary pattern)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.i18n.context import gettext as _
from app.staff.fields import FORMS, Field, Group
from app.ui.params import clean, one_line

MAX_FIELD = 100_000
MULTI_LINE = frozenset({"textarea", "markdown"})  # widgets whose text may span lines; all others are one line


def _id(name: str) -> str:
    return name.replace(".", "-")


def _set(target: dict, dotted: str, value) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def get_path(source: dict, dotted: str):
    """The value at a dotted name ("cost.free") in nested data, or None."""
    value: Any = source
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


@dataclass
class Submission:
    """A parsed form: ``data`` for the model, ``values`` to show again, and where each group's rows came from."""

    data: dict
    values: dict
    rows: dict[str, list[int]] = field(default_factory=dict)  # group -> form index of each kept row
    problems: dict[str, str] = field(default_factory=dict)  # found before the model's own checks


def _read(form, name: str, f: Field, sub: Submission):
    """One field's value for the document (None when left empty), remembering the raw value for redisplay."""
    key = _id(name)
    if f.widget == "checkboxes":
        chosen = [clean(v) for v in form.getlist(key) if isinstance(v, str)]
        sub.values[key] = chosen
        if f.other:
            other = clean(str(form.get(f"{key}-other", "")))
            sub.values[f"{key}-other"] = other
            chosen += [code for code in re.split(r"[\s,;]+", other) if code]
        return list(dict.fromkeys(chosen))
    raw = form.get(key, "")
    if f.widget == "picture" and isinstance(form.get(f"{key}-pick"), str) and form.get(f"{key}-pick"):
        raw = form.get(f"{key}-pick")  # a suggested picture chosen over what the box held
    raw = raw if isinstance(raw, str) else ""
    text = clean(raw).strip() if f.widget in MULTI_LINE else one_line(raw)
    sub.values[key] = text
    if len(text) > MAX_FIELD:
        sub.problems[key] = _("%(label)s must be %(max)s characters or fewer", label=_(f.label), max=MAX_FIELD)
    if text == "":
        return None
    if f.widget == "yesno":
        return {"yes": True, "no": False}.get(text, text)
    if f.widget == "list":
        return [item for item in re.split(r"[\s,;]+", text) if item]
    return text


def parse(kind: str, form) -> Submission:
    fields, groups = FORMS[kind]
    sub = Submission(data={}, values={})
    for f in fields:
        value = _read(form, f.name, f, sub)
        if value is not None:
            _set(sub.data, f.name, value)
        elif f.required and f.name != "slug":  # the slug's own check explains its format
            sub.problems.setdefault(_id(f.name), _message({"type": "missing"}, f))
    for group in groups:
        prefix = _id(group.name) + "-"
        indexes = sorted(
            {int(m.group(1)) for key in form if (m := re.fullmatch(re.escape(prefix) + r"(\d{1,3})-\w+", key))}
        )
        rows, kept = [], []
        for index in indexes:
            row = {}
            for f in group.fields:
                value = _read(form, f"{group.name}-{index}-{f.name}", f, sub)
                if value not in (None, []):
                    row[f.name] = value
            if set(row) - {group.order}:
                rows.append(_from_form_row(group, row))
                kept.append(index)
        if group.order:
            rows, kept = _ordered(group.order, rows, kept)
        sub.rows[group.name] = kept
        sub.values[f"{_id(group.name)}-count"] = (max(indexes) + 1) if indexes else 0
        if rows:
            _set(sub.data, group.name, rows)
    return sub


def _ordered(key: str, rows: list[dict], kept: list[int]) -> tuple[list[dict], list[int]]:
    """Rows sorted by the numbers people typed (rows without a number keep their place), without the numbers."""

    def rank(pair):
        position, (row, _index) = pair
        typed = str(row.get(key, ""))
        return (int(typed) if typed.isdigit() and len(typed) < 6 else position + 1, position)

    pairs = [pair for _position, pair in sorted(enumerate(zip(rows, kept, strict=True)), key=rank)]
    return [{k: v for k, v in row.items() if k != key} for row, _index in pairs], [index for _row, index in pairs]


def keep_order(kind: str, data: dict, previous: dict) -> None:
    """Browsers send ticked boxes in the page's order; keep the order the page had (languages spoken, for one,
    are shown in it), with newly ticked ones after."""
    for f in FORMS[kind][0]:
        if f.widget == "checkboxes" and isinstance(get_path(data, f.name), list):
            before, chosen = get_path(previous, f.name) or [], get_path(data, f.name)
            _set(data, f.name, [v for v in before if v in chosen] + [v for v in chosen if v not in before])


def _from_form_row(group: Group, row: dict) -> dict:
    if group.name == "opening_times":
        repeat = row.pop("repeat", "weekly")
        if repeat == "weekly":
            row["freq"], row["ordinal"] = "WEEKLY", None
        elif repeat.lstrip("-").isdigit() and len(repeat) <= 2:
            row["freq"], row["ordinal"] = "MONTHLY", int(repeat)
        else:
            row["freq"] = repeat  # not a choice we offer: the model's check says so, at "How often"
    return row


def _to_form_row(group: Group, row: dict, index: int) -> dict:
    if group.order:
        row = dict(row, **{group.order: index + 1})
    if group.name == "opening_times":
        row = dict(row, repeat="weekly" if row.get("freq", "WEEKLY") == "WEEKLY" else str(row.get("ordinal")))
    return row


def _display(value, f: Field):
    if f.widget == "checkboxes":
        return [str(v) for v in value or []]
    if f.widget == "list":
        return ", ".join(str(v) for v in value or [])
    if value is None:
        return ""
    if f.widget == "yesno":
        return "yes" if value else "no"
    if f.widget == "time" and isinstance(value, str):
        return value[:5]
    return str(value)


def values_from(kind: str, data: dict) -> dict:
    """The form's values for a stored document."""
    fields, groups = FORMS[kind]
    values = {_id(f.name): _display(get_path(data, f.name), f) for f in fields}
    for group in groups:
        rows = get_path(data, group.name) or []
        for index, row in enumerate(rows):
            row = _to_form_row(group, row, index)
            for f in group.fields:
                values[f"{_id(group.name)}-{index}-{f.name}"] = _display(row.get(f.name), f)
        values[f"{_id(group.name)}-count"] = len(rows)
    return values


def _labels(kind: str) -> dict[str, Field]:
    fields, groups = FORMS[kind]
    found = {f.name: f for f in fields}
    for group in groups:
        found.update({f"{group.name}.{f.name}": f for f in group.fields})
    return found


def _message(error: Mapping[str, Any], f: Field | None) -> str:
    label = _(f.label) if f else _("This")
    kind, ctx = error["type"], error.get("ctx") or {}
    choose = f is not None and f.widget in ("select", "checkboxes", "yesno")
    if kind in ("missing", "string_too_short", "too_short"):
        return _("Select %(label)s", label=label.lower()) if choose else _("Enter %(label)s", label=label.lower())
    if kind == "string_too_long":
        return _("%(label)s must be %(max)s characters or fewer", label=label, max=ctx.get("max_length"))
    if kind in ("int_parsing", "int_from_float"):
        return _("%(label)s must be a whole number, like 18", label=label)
    if kind in ("greater_than_equal", "less_than_equal"):
        return (
            _("%(label)s must be a number from 0 to 120", label=label)
            if "age" in (f.name if f else "")
            else _("%(label)s is out of range", label=label)
        )
    if kind.startswith(("decimal", "float")):
        return _("%(label)s must be a number, like 4.50", label=label)
    if kind.startswith("date"):
        return _("%(label)s must be a real date, like 2026-11-25", label=label)
    if kind in ("literal_error", "enum", "bool_parsing"):
        return _("Select %(label)s", label=label.lower())
    if f is not None and f.widget == "time":
        return _("Enter %(label)s as a 24-hour time, like 09:30", label=label.lower())
    text = error["msg"].removeprefix("Value error, ")
    return text[:1].upper() + text[1:]


def errors_from(kind: str, exc: ValidationError, sub: Submission) -> dict[str, str]:
    """Field id -> message, in the order of the form."""
    labels = _labels(kind)
    found: dict[str, str] = dict(sub.problems)
    for error in exc.errors():
        loc = list(error["loc"])
        group = next((g for g in FORMS[kind][1] if ".".join(map(str, loc)).startswith(g.name + ".")), None)
        if group is not None:
            depth = len(group.name.split("."))
            part = loc[depth] if len(loc) > depth else None
            position = part if isinstance(part, int) else 0
            form_index = (
                sub.rows.get(group.name, [position])[position]
                if position < len(sub.rows.get(group.name, []))
                else position
            )
            rest = [str(part) for part in loc[depth + 1 :] if not isinstance(part, int)]
            name = rest[0] if rest else ("closes" if group.name == "opening_times" else group.fields[0].name)
            name = "repeat" if name in ("freq", "ordinal") else name
            key = f"{_id(group.name)}-{form_index}-{name}"
            f = labels.get(f"{group.name}.{name}") if rest else None  # None: a check of the whole row
        else:
            dotted = ".".join(str(part) for part in loc if not isinstance(part, int))
            if not dotted:  # a whole-document check, like the ages
                dotted = "maximum_age" if "age" in error["msg"] else FORMS[kind][0][0].name
            f = labels.get(dotted)
            key = _id(dotted)
        message = (
            _("Oldest age must not be lower than youngest age")
            if key == "maximum_age" and error["type"] == "value_error"
            else _message(error, f)
        )
        found.setdefault(key, message)
    return found
