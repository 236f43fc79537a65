"""Path and query parameters that could reach the database are checked first: bad ones are a 404, never a 500."""

import re
from typing import Annotated

from fastapi import Depends, HTTPException

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug_or_404(slug: str) -> str:
    if len(slug) > 100 or not _SLUG.fullmatch(slug):
        raise HTTPException(status_code=404)
    return slug


SlugDep = Annotated[str, Depends(slug_or_404)]
