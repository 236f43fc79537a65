"""The same-origin check for public forms."""

from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request


def _same_origin(request: Request) -> None:
    """Public forms have no session to bind a token to, so a POST from another site is refused by its Origin (or
    Referer) header instead. Browsers send one on every cross-site form post."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent:
        return
    parts = urlsplit(sent)
    if (parts.scheme, parts.netloc) != (request.url.scheme, request.url.netloc):
        raise HTTPException(status_code=403, detail="This form did not come from this site.")


same_origin = Depends(_same_origin)
