"""Bulk import of services from a CSV file: a preview of what would change with every problem by row and column,
then all-or-nothing saving as drafts (and publishing, when asked).

The columns are the service form's fields (``name``, ``slug``, ``organisation``, ``summary``, ``topics``…;
``cost-free`` is yes or no); list columns separate values with ``;``; ``phone`` is the first phone number. A row
for an existing service changes only the columns the file has.
"""

import copy
import csv
import io
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from app.i18n.context import gettext as _
from app.publishing import history, workflow
from app.publishing.choices import Choices
from app.publishing.kinds import KINDS, dump
from app.publishing.models import ContentItem, ItemState, Revision
from app.publishing.page_kinds import PageKind
from app.staff import forms
from app.staff.fields import FORMS
from app.ui.params import clean

MAX_ROWS = 2000
LIST_SEPARATOR = ";"


def columns() -> list[str]:
    fields, _groups = FORMS[PageKind.service]
    return [f.name.replace(".", "-") for f in fields] + ["phone"]


@dataclass
class Row:
    number: int  # the line in the file (the header is line 1)
    slug: str
    action: str = ""  # new | changed | unchanged
    errors: dict[str, str] = field(default_factory=dict)
    document: BaseModel | None = None  # None only with errors: a ValidationError always has at least one


@dataclass
class Preview:
    rows: list[Row]
    problems: list[str]  # problems with the file as a whole

    @property
    def ok(self) -> bool:
        return not self.problems and all(not row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)


class _Form(dict):
    """Just enough of a submitted form's interface for :func:`app.staff.forms.parse`."""

    def getlist(self, key: str) -> list[str]:
        value = self.get(key, "")
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def read(text: str) -> tuple[list[str], list[dict], list[str]]:
    """(header, rows, problems with the file as a whole)."""
    text = clean(text.lstrip("\ufeff"))
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        return [], [], [_("The file is empty. Use the template, with the column names on the first line")]
    unknown = [name for name in header if name not in columns()]
    missing = [name for name in ("name", "slug", "organisation", "summary", "topics") if name not in header]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s", names=", ".join(unknown[:10])))
    if missing:
        problems.append(_("Missing columns: %(names)s", names=", ".join(missing)))
    reader.fieldnames = header
    try:
        rows = list(reader)
    except csv.Error as error:
        return header, [], [_("The file is not a CSV file we can read: %(error)s", error=str(error))]
    if len(rows) > MAX_ROWS:
        problems.append(
            _("The file has %(count)s rows; import at most %(max)s at a time", count=len(rows), max=MAX_ROWS)
        )
    return header, rows, problems


def _merged(base: dict, new: dict, header: list[str]) -> dict:
    """An existing service updated with only the columns the file has: what a spreadsheet cannot hold (contacts,
    opening times, prices, further phone numbers) is kept, never wiped."""
    data = copy.deepcopy(base)
    names = {f.name.replace(".", "-"): f.name for f in FORMS[PageKind.service][0]}
    for column in header:
        if column not in names:
            continue
        *parents, key = names[column].split(".")
        source, target = new, data
        for part in parents:
            source, target = source.get(part, {}), target.setdefault(part, {})
        if source.get(key) in (None, []):
            target.pop(key, None)
        else:
            target[key] = source[key]
    if "phone" in header:
        phones = data.get("phones", [])
        first = new.get("phones", [])[:1]
        if first and phones and first[0]["number"] == phones[0]["number"]:
            first = phones[:1]  # the same number: keep what it is for
        data["phones"] = first + phones[1:]
    return data


def preview(db: Session, text: str) -> Preview:
    header, raw_rows, problems = read(text)
    if problems:
        return Preview([], problems)
    kind, choices, seen = KINDS[PageKind.service], Choices.load(db), set()
    rows = []
    for number, raw in enumerate(raw_rows, start=2):
        values = _Form({key: (value or "").strip() for key, value in raw.items() if key})
        if values.get("cost-free", "").lower() in ("true", "false"):
            values["cost-free"] = "yes" if values["cost-free"].lower() == "true" else "no"
        if values.get("phone"):
            values["phones-0-number"] = values.pop("phone")
        row = Row(number, values.get("slug", "")[:100])
        sub = forms.parse(PageKind.service, values)
        item = history.get_item(db, PageKind.service, row.slug)
        latest = history.latest_revision(db, item).data if item else None
        data = _merged(latest, sub.data, header) if latest else sub.data
        try:
            row.document = kind.document(data)
        except ValidationError as exc:
            row.errors = forms.errors_from(PageKind.service, exc, sub)
        row.errors.update({k: v for k, v in choices.problems(PageKind.service, data).items() if k not in row.errors})
        if row.slug in seen:
            row.errors["slug"] = _("This web address is used twice in the file")
        seen.add(row.slug)
        if not row.errors and row.document is not None:  # (it is, when there are no errors)
            if item is None:
                row.action = "new"
                if workflow.slug_taken(db, PageKind.service, row.slug):
                    row.errors["slug"] = _("This web address is already used by an activity")
            else:
                row.action = "unchanged" if latest == dump(row.document) else "changed"
        rows.append(row)
    return Preview(rows, [])


def apply(db: Session, result: Preview, *, author: str, publish: bool) -> int:
    """Save every new or changed row as a draft (publishing it when asked); the caller commits once."""
    if not result.ok:
        raise workflow.Refused({"": _("Fix the problems in the file first; nothing was imported")})
    changed = 0
    for row in result.rows:
        if row.action == "unchanged" or row.document is None:  # (None only with errors, and result.ok says none)
            continue
        item = history.get_item(db, PageKind.service, row.slug)
        if item is None:
            item = workflow.create(db, PageKind.service, row.document, author=author)
        else:
            workflow.save_draft(db, item, row.document, base=item.latest, author=author)
        if publish:
            workflow.publish(db, item, base=item.latest, author=author)
        changed += 1
    return changed


def export_rows(db: Session) -> list[list[str]]:
    """Every service that is not archived, newest version, in the import format: download, edit, upload."""
    newest = db.exec(
        select(col(Revision.data))
        .join(ContentItem, col(Revision.item_id) == col(ContentItem.id))
        .where(
            ContentItem.kind == PageKind.service,
            ContentItem.state != ItemState.archived,
            Revision.number == ContentItem.latest,
        )
        .order_by(ContentItem.slug)
    ).all()
    rows = []
    for data in newest:
        values = forms.values_from(PageKind.service, data)
        values["phone"] = values.get("phones-0-number", "")
        rows.append(
            [
                LIST_SEPARATOR.join(value) if isinstance(value, list) else value
                for value in (values.get(column, "") for column in columns())
            ]
        )
    return rows
