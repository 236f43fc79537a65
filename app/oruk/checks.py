"""The rules every imported value passes, collecting errors and warnings with their JSON paths; and the pieces
services, places and organisations share (phones, schedules, attributes)."""

import re
from datetime import date, time

from app.directory.models import Phone, Schedule
from app.i18n.formatting import DAYS
from app.oruk import vocabularies as vocab
from app.oruk.sources import Problem, Record
from app.oruk.terms import TermMatcher
from app.ui import validators

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_DAY = re.compile(rf"^(-1|[1-4])?({'|'.join(DAYS)})$")


def _phone(value: str) -> str:
    if len(value) > 40:
        raise ValueError("this is longer than 40 characters")
    return validators.uk_phone(value)


class Checker:
    def __init__(self, matcher: TermMatcher) -> None:
        self.matcher = matcher
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.ids: dict[tuple[type, str], Problem] = {}  # (model, child id) -> where it was first seen
        self.record: Record

    # -- checks ----------------------------------------------------------------------------------------------------
    def error(self, parts: tuple, message: str) -> None:
        self.errors.append(self.record.problem(parts, message))

    def warn(self, parts: tuple, message: str) -> None:
        self.warnings.append(self.record.problem(parts, message))

    def text(self, data: dict, key: str, parts: tuple, limit: int, *, required: bool = False) -> str:
        value = (data.get(key) or "").strip()
        if required and not value:
            self.error((*parts, key), "this must not be empty")
        elif len(value) > limit:
            self.error((*parts, key), f"this is {len(value)} characters long; Signpost keeps at most {limit}")
        return value

    def checked(self, data: dict, key: str, parts: tuple, check, *, required: bool = False) -> str | None:
        if not (data.get(key) or "").strip():
            if required:
                self.error((*parts, key), "this must not be empty")
            return None
        try:
            return check(data[key])
        except ValueError as exc:
            self.error((*parts, key), str(exc))
            return None

    def claim(self, model: type, child_id: str, parts: tuple) -> bool:
        """Each id once per kind of record in the whole import."""
        here = self.record.problem((*parts, "id"), "")
        first = self.ids.setdefault((model, child_id), here)
        if first != here:
            self.error((*parts, "id"), f"this id is also used at {first.source}: {first.path}")
            return False
        return True

    def day_or_none(self, data: dict, key: str, parts: tuple) -> date | None:
        try:
            return date.fromisoformat(data[key]) if data.get(key) else None
        except ValueError:
            self.warn((*parts, key), "this is not a date (YYYY-MM-DD); it is left out")
            return None

    # -- shared pieces ---------------------------------------------------------------------------------------------
    def phones(self, items: list | None, parts: tuple) -> list[dict]:
        rows: list[dict] = []
        for i, item in enumerate(items or []):
            where = (*parts, i)
            number = self.checked(item, "number", where, _phone, required=True)
            if self.claim(Phone, item["id"], where) and number:
                rows.append(
                    {
                        "id": item["id"],
                        "number": number,
                        "position": len(rows),
                        "description": self.text(item, "description", where, 2000),
                    }
                )
        return rows

    def _clock(self, value, parts: tuple) -> time | None:
        match = _TIME.match(value or "")
        if not match:
            self.warn(parts, "this is not a time like 09:30; the schedule is left out")
            return None
        return time(int(match[1]), int(match[2]))

    def schedules(self, items: list | None, parts: tuple) -> list[dict]:
        rows: list[dict] = []
        for i, item in enumerate(items or []):
            where = (*parts, i)
            if not self.claim(Schedule, item["id"], where):
                continue
            freq = item.get("freq") or "WEEKLY"
            days = [_DAY.match(part.strip()) for part in (item.get("byday") or "").split(",") if part.strip()]
            ordinals = {match[1] for match in days if match}
            if item.get("interval") not in (None, 1):
                self.warn((*where, "interval"), "Signpost keeps weekly and monthly times only; left out")
            elif not days or not all(days) or len(ordinals) > 1 or (freq == "MONTHLY") != (ordinals != {None}):
                self.warn(
                    (*where, "byday"),
                    "Signpost keeps times on given days (like MO,TU, or 1SA with MONTHLY); this schedule is left out",
                )
            else:
                opens = self._clock(item.get("opens_at"), (*where, "opens_at"))
                closes = self._clock(item.get("closes_at"), (*where, "closes_at")) if opens else None
                if opens and closes and closes <= opens:
                    self.warn((*where, "closes_at"), "this is not after opens_at; the schedule is left out")
                elif opens and closes:
                    if item.get("bymonthday") and freq == "WEEKLY":
                        self.warn((*where, "bymonthday"), "this does not apply to weekly times; it is left out")
                    note = " ".join(filter(None, (item.get("description"), item.get("notes"))))
                    ordinal = next(iter(ordinals))
                    rows.append(
                        {
                            "id": item["id"],
                            "freq": freq,
                            "byday": ",".join(m[2] for m in days if m),  # all(days) held above
                            "ordinal": int(ordinal) if ordinal else None,
                            "opens_at": opens,
                            "closes_at": closes,
                            "valid_from": self.day_or_none(item, "valid_from", where),
                            "valid_to": self.day_or_none(item, "valid_to", where),
                            "description": note.strip(),
                            "position": len(rows),
                        }
                    )
        return rows

    def codes(self, attributes: list | None, parts: tuple) -> tuple[list[str], dict[str, list[str]]]:
        """Database term ids, and code-list codes by list, from ``attributes``."""
        term_ids: list[str] = []
        codes: dict[str, list[str]] = {slug: [] for slug in vocab.BY_SLUG}
        for i, attribute in enumerate(attributes or []):
            try:
                kind, slug, value = self.matcher.match(attribute)
            except ValueError as exc:
                self.error((*parts, i, "taxonomy_term"), str(exc))
                continue
            if kind == "term":
                target = term_ids
            else:
                assert slug is not None, "a code-list term names its list (TermMatcher.match)"
                target = codes[slug]
            if value not in target:
                target.append(value)
        return term_ids, codes
