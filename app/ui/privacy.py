"""Pages that depend on the person asking are never kept by our page cache, nor by a browser's or proxy's.

A route says so in one of three ways, and the page cache (:mod:`app.web.page_cache`) and the security headers
(:mod:`app.web.security`) follow:

- it sets ``Cache-Control`` with ``private`` or ``no-store`` itself, or calls :func:`personal` on its response;
- it depends on :data:`Personal` (or calls :func:`mark_personal`): its response gets
  ``Cache-Control: private, no-store``, whatever the route set;
- it reads a person's cookie through :func:`read_cookie`. When the request carries that cookie the page is personal,
  as above. When it does not, the anonymous page may be cached, and is remembered as depending on the cookie: a
  later request that carries it is never answered from the cache.

Nothing here names a path: the shortlist, the staff area and any new page use the same rule.
"""

from typing import TypeVar

from fastapi import Depends, Request, Response
from starlette.types import Scope

PRIVATE = "private, no-store"
_R = TypeVar("_R", bound=Response)
_PERSONAL = "personal"  # keys in the ASGI scope's "state" (what request.state reads and writes)
_COOKIES = "personal_cookies"


def personal(response: _R) -> _R:
    """Mark a response as being about the person asking: nobody may store it."""
    response.headers["Cache-Control"] = PRIVATE
    return response


def mark_personal(request: Request) -> None:
    """Mark the current request's response as personal, whatever the route returns."""
    request.state.personal = True


Personal = Depends(mark_personal)


def read_cookie(request: Request, name: str) -> str | None:
    """A cookie's value, noting that this page depends on it (personal when the request carries it)."""
    state = request.state
    state.personal_cookies = getattr(state, _COOKIES, frozenset()) | {name}
    value = request.cookies.get(name)
    if value is not None:
        mark_personal(request)
    return value


def is_private(cache_control: str | bytes | None) -> bool:
    """Whether a Cache-Control value forbids shared caches from keeping the response."""
    if isinstance(cache_control, bytes):
        cache_control = cache_control.decode("latin-1")
    directives = {part.split("=", 1)[0].strip().lower() for part in (cache_control or "").split(",")}
    return not directives.isdisjoint({"private", "no-store"})


def state(scope: Scope) -> dict:
    """The scope's request state, created if missing so that a middleware sees what the route records in it."""
    return scope.setdefault("state", {})


def marked_personal(scope: Scope) -> bool:
    return bool(scope.get("state", {}).get(_PERSONAL))


def cookies_read(scope: Scope) -> frozenset[str]:
    return frozenset(scope.get("state", {}).get(_COOKIES, ()))
