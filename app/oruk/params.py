"""Strict query and path parameters for the ORUK API: anything we cannot use is a 400 that says which parameter and
why, never a 500 and never silently ignored (an unknown or repeated parameter is refused, so a client never thinks a
filter was applied when it was not)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from fastapi import HTTPException
from starlette.datastructures import QueryParams

from app.i18n.formatting import DAYS
from app.ui import validators

MAX_PAGE = 1_000_000
DEFAULT_PER_PAGE, MAX_PER_PAGE = 20, 100
MAX_SEARCH = 200
MAX_PROXIMITY = 100_000  # metres
MAX_RAW = 1000


def bad(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(high)) and low <= int(raw) <= high):
            raise ValueError(f"use a whole number from {low} to {high}")
        return int(raw)

    return parse


def _number(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw) if raw.isascii() and len(raw) <= 12 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:  # also refuses nan and inf
            raise ValueError(f"use a number from {low:g} to {high:g}")
        return value

    return parse


def boolean(raw: str) -> bool:
    value = raw.lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValueError("use true or false")


def identifier(raw: str) -> str:
    """A UUID, in the lower-case hyphenated form our ids use."""
    try:
        return str(uuid.UUID(raw))
    except (ValueError, AttributeError, TypeError):
        raise ValueError("use a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2") from None


def moment(raw: str) -> datetime:
    value = None
    for candidate in (raw, raw.replace(" ", "+")):  # an unencoded "+01:00" arrives as " 01:00"
        try:
            value = datetime.fromisoformat(candidate) if len(raw) <= 40 else None
            break
        except ValueError:
            continue
    if value is None:
        raise ValueError("use an ISO 8601 date or date-time, like 2026-01-31 or 2026-01-31T09:00:00Z")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def text(raw: str) -> str:
    if len(raw) > MAX_SEARCH:
        raise ValueError(f"use at most {MAX_SEARCH} characters")
    return raw.strip()


def day(raw: str) -> str:
    if raw.upper() not in DAYS:
        raise ValueError(f"use one of {', '.join(DAYS)}")
    return raw.upper()


def clock(raw: str) -> time:
    try:
        if len(raw) in (5, 8) and raw.isascii() and raw[2] == ":":
            return time.fromisoformat(raw)
    except ValueError:
        pass
    raise ValueError("use a 24-hour time, like 09:30")


def postcode(raw: str) -> str:
    return validators.uk_postcode(raw)


def json_format(raw: str) -> str:
    if raw != "json":
        raise ValueError("only json is available")
    return raw


page = _whole(1, MAX_PAGE)
per_page = _whole(1, MAX_PER_PAGE)
age = _number(0, 150)
metres = _number(1, MAX_PROXIMITY)

PAGING = {"page": page, "per_page": per_page, "format": json_format}
SERVICE_FILTERS = {
    "search": text,
    "taxonomy_term_id": identifier,
    "taxonomy_id": identifier,
    "organization_id": identifier,
    "modified_after": moment,
    "minimum_age": age,
    "maximum_age": age,
    "day": day,
    "start_time": clock,
    "end_time": clock,
}
DEFAULTS = {
    "page": 1,
    "per_page": DEFAULT_PER_PAGE,
    "full": False,
    "minimal": False,
    "top_only": False,
    "full_service": False,
}


def _clean(name: str, raw: str) -> str:
    if len(raw) > MAX_RAW:
        raise bad(f"{name[:40]}: the value is too long")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name + raw):
        raise bad(f"{name[:40]!r}: the value has control characters")
    return raw


@dataclass(frozen=True)
class Spec:
    """The parameters one endpoint takes, each with its parser."""

    parsers: dict[str, Callable[[str], Any]]

    def parse(self, query: QueryParams) -> dict[str, Any]:
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for name, raw in query.multi_items():
            _clean(name, raw)
            if name not in self.parsers:
                raise bad(f"{name[:40]!r} is not a parameter here; use: {', '.join(sorted(self.parsers))}")
            if name in seen:
                raise bad(f"{name}: give this parameter once")
            seen.add(name)
            if raw == "":
                continue
            try:
                values[name] = self.parsers[name](raw)
            except ValueError as exc:
                raise bad(f"{name}: {str(exc).removeprefix('Value error, ')}") from None
        return {name: DEFAULTS.get(name) for name in self.parsers} | values


def path_id(raw: str, what: str) -> str:
    _clean("id", raw)
    try:
        return identifier(raw)
    except ValueError as exc:
        raise bad(f"{what} id: {exc}") from None
