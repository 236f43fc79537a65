"""Read ORUK JSON for import from a file, a folder of ``.json`` files or an http(s) URL (urllib; ``full=true`` is
added to a ``/services`` URL, and its later pages are followed). A document is a ``/services`` page whose
``contents`` are full service objects, or one full service object. Every service is checked against the ORUK schema
before anything else; each problem says where it is: ``services.json: contents[3].phones[0].number: message``.

JSON that no ORUK service needs is refused with a plain message, so no file can crash the import: lists and
objects nested more than :data:`MAX_DEPTH` deep, ``NaN`` and ``Infinity`` (not JSON), and numbers too large to hold.
Only the first :data:`MAX_SHOWN` problems are kept; the rest are counted."""

import itertools
import json
import math
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.oruk import schemas

MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 10_000
TIMEOUT = 30  # seconds
MAX_DEPTH = 64  # lists and objects inside each other; a full service with its places and terms needs about 10
MAX_DIGITS = 100  # in a whole number (Python refuses more than 4300; no ORUK value needs more than a few)
MAX_SHOWN = 200  # problems kept to show; the rest are only counted
TOO_DEEP = f"it is nested too deeply: Signpost reads lists and objects up to {MAX_DEPTH} levels deep"


@dataclass(frozen=True)
class Problem:
    source: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.path}: {self.message}" if self.path else f"{self.source}: {self.message}"


class ImportProblems(Exception):
    """Raised with the problems found: the first :data:`MAX_SHOWN` in ``problems``, how many more in ``more``.
    Nothing has been written when it is raised."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        found = iter(problems)
        self.problems = list(itertools.islice(found, MAX_SHOWN))
        self.more = sum(1 for _ in found)
        lines = [str(problem) for problem in self.problems]
        super().__init__("\n".join([*lines, f"… and {self.more} more problems"] if self.more else lines))

    @property
    def total(self) -> int:
        return len(self.problems) + self.more


@dataclass(frozen=True)
class Record:
    """One service object and where it came from (``path`` is its place in the document, "" for the whole)."""

    source: str
    path: str
    data: dict

    def where(self, *parts: str | int) -> str:
        inner = schemas.json_path(parts)
        if not self.path or not inner:
            return self.path or inner
        return self.path + inner if inner.startswith("[") else f"{self.path}.{inner}"

    def problem(self, parts: tuple, message: str) -> Problem:
        return Problem(self.source, self.where(*parts), message)


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Signpost"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only, checked
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ImportProblems([Problem(url, "", f"the server answered {exc.code} {exc.reason}")]) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ImportProblems(
            [Problem(url, "", f"cannot download it ({reason}); check the address, and that this computer is online")]
        ) from exc
    if len(data) > MAX_BYTES:
        raise ImportProblems([Problem(url, "", f"it is larger than {MAX_BYTES // 2**20} MB")])
    return data


class _Unreadable(Exception):
    """A value the JSON parser met that Signpost refuses; the message says which."""


def _shown(text: str) -> str:
    return text if len(text) <= 24 else text[:24] + "…"


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Unreadable(f"the number {_shown(text)} has more than {MAX_DIGITS} digits")
    return int(text)


def _fraction(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unreadable(f"the number {_shown(text)} is too large")
    return value


def _constant(text: str) -> NoReturn:
    raise _Unreadable(f"{text} is not a number JSON allows")


def _too_deep(document: object) -> bool:
    """True when lists and objects nest more than :data:`MAX_DEPTH` levels deep in ``document`` (no recursion)."""
    stack = [(document, 1)] if isinstance(document, (dict, list)) else []
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        items = value.values() if isinstance(value, dict) else value
        stack.extend((item, depth + 1) for item in items if isinstance(item, (dict, list)))
    return False


def _parse(source: str, raw: bytes) -> object:
    """``raw`` as JSON, or :class:`ImportProblems` saying why not (see the module's description)."""
    try:
        document = json.loads(
            raw.decode("utf-8-sig"), parse_int=_whole, parse_float=_fraction, parse_constant=_constant
        )
    except UnicodeDecodeError as exc:
        raise ImportProblems([Problem(source, "", "the file is not UTF-8 text")]) from exc
    except json.JSONDecodeError as exc:
        raise ImportProblems(
            [Problem(source, "", f"this is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from exc
    except _Unreadable as exc:
        raise ImportProblems([Problem(source, "", str(exc))]) from exc
    except RecursionError as exc:  # deeper than the parser goes, so certainly deeper than MAX_DEPTH
        raise ImportProblems([Problem(source, "", TOO_DEEP)]) from exc
    if _too_deep(document):
        raise ImportProblems([Problem(source, "", TOO_DEEP)])
    return document


def _next_page(url: str, document: object) -> str | None:
    if not (isinstance(document, dict) and document.get("last_page") is False):
        return None
    number = document.get("page_number")
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("page", str(number + 1))])))


def _full(url: str) -> str:
    """A ``/services`` URL asks for full services, which is what the import needs."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not parts.path.rstrip("/").endswith("/services") or any(key == "full" for key, _ in query):
        return url
    return urlunsplit(parts._replace(query=urlencode([*query, ("full", "true")])))


def _documents(target: str) -> Iterator[tuple[str, object]]:
    if is_url(target):
        url = _full(target)
        for _ in range(MAX_PAGES):
            document = _parse(url, _download(url))
            yield url, document
            next_url = _next_page(url, document)
            if next_url is None:
                return
            url = next_url
        return
    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.is_file())
        if not files:
            raise ImportProblems([Problem(target, "", "this folder has no .json files")])
    elif path.is_file():
        files = [path]
    else:
        raise ImportProblems([Problem(target, "", "there is no such file or folder")])
    for file in files:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise ImportProblems([Problem(str(file), "", f"cannot read it: {exc.strerror}")]) from exc
        yield str(file), _parse(str(file), raw)


def _records(source: str, document: object) -> tuple[list[Record], list[Problem]]:
    if isinstance(document, dict) and "contents" in document:
        contents = document["contents"]
        if not isinstance(contents, list):
            return [], [Problem(source, "contents", "expected a list of services")]
        return [Record(source, f"contents[{index}]", item) for index, item in enumerate(contents)], []
    if isinstance(document, dict):
        return [Record(source, "", document)], []
    return [], [Problem(source, "", 'expected a /services page ({"contents": [...]}) or one service object')]


def read(target: str) -> list[Record]:
    """Every service in ``target``, each valid against the ORUK service schema (with the HSDS 3.0 fields Signpost
    also reads); raises :class:`ImportProblems` listing every problem, or when the schemas are missing."""
    try:
        root = schemas.require_root()
    except schemas.SchemasMissing as exc:
        raise ImportProblems([Problem(target, "", str(exc))]) from exc
    records: list[Record] = []
    problems: list[Problem] = []
    for source, document in _documents(target):
        found, trouble = _records(source, document)
        records += found
        problems += trouble
    checked = (
        Problem(record.source, record.where(*path), message)
        for record in records
        for path, message in schemas.problems(record.data, schemas.SIGNPOST_SERVICE, root)
    )
    refused = ImportProblems(itertools.chain(problems, checked))
    if refused.problems:
        raise refused
    return records
