"""Path and query parameters that could reach the database are checked first: bad ones are a 404, never a 500."""

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(value: str) -> str:
    """Submitted text with browsers' CRLF line ends made plain and without control characters (a NUL byte cannot
    even be stored in PostgreSQL)."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(value: str) -> str:
    """A single-line field (a name, a phone number, a title): :func:`clean`, on one line, trimmed, and without the
    bidirectional controls that can make a name display as something else (e.g. a reversed file extension)."""
    return " ".join(_BIDI_CONTROL.sub("", clean(value)).split())


def _no_nul(request: Request) -> None:
    """No page's address holds a NUL, and PostgreSQL cannot even compare one: such an address is a 404 before any
    route reads its parameters (an app-wide dependency); the API, whose clients send identifiers, says 400."""
    if "\x00" in request.url.path:
        if request.url.path.startswith("/api/"):
            raise HTTPException(status_code=400, detail="The address holds a character that no identifier has.")
        raise HTTPException(status_code=404)


no_nul_in_path = Depends(_no_nul)


def slug_or_404(slug: str) -> str:
    if len(slug) > 100 or not _SLUG.fullmatch(slug):
        raise HTTPException(status_code=404)
    return slug


SlugDep = Annotated[str, Depends(slug_or_404)]


async def submitted_form(request: Request) -> FormData:
    """The posted form, read in the event loop so that the endpoint itself can be a plain function: FastAPI runs
    those in worker threads, and database work must never block the event loop."""
    return await request.form()


FormDep = Annotated[FormData, Depends(submitted_form)]
