"""The language switcher (a plain link that works without JavaScript) and redirects to the reader's language."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from app.i18n import locales
from app.i18n.negotiate import COOKIE, localised_url, preferred_locale

router = APIRouter()
ONE_YEAR = 365 * 24 * 3600


@router.get("/", include_in_schema=False)
def root(request: Request) -> RedirectResponse:
    return redirect_to_preferred(request, "/")


@router.get("/language", name="switch_language", include_in_schema=False)
def switch_language(request: Request, to: str = "", next: str = "/") -> RedirectResponse:
    """Remember the chosen language in a cookie and show the same page in it."""
    locale = locales.get_locale(to)
    if locale is None:
        raise HTTPException(status_code=400, detail="Choose a language from the list.")
    target = localised_url(locale, next) or f"/{locale.code}/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE, locale.code, max_age=ONE_YEAR, httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    return response


def redirect_to_preferred(request: Request, path: str) -> RedirectResponse:
    """A temporary redirect (307, never 301: the answer depends on the reader) to ``path`` in their language."""
    locale = preferred_locale(request)
    query = f"?{request.url.query}" if request.url.query else ""
    response = RedirectResponse(localised_url(locale, path + query) or f"/{locale.code}/", status_code=307)
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response
