"""Friendly error pages (404, 500 and others) in the reader's language, never a stack trace."""

import logging

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.i18n.context import current_locale, gettext
from app.i18n.formatting import format_size
from app.i18n.locales import get_locale
from app.i18n.negotiate import locale_of_path
from app.i18n.routes import redirect_to_preferred
from app.staff.pages import staff_page
from app.ui.templating import render
from app.web.body_limit import BodyTooLarge

log = logging.getLogger("signpost.errors")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def http_error(request: Request, exc: StarletteHTTPException):
    if _wants_json(request):
        return JSONResponse(
            {"error": exc.status_code, "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )
    if exc.status_code == 404 and request.method in ("GET", "HEAD"):
        redirect = _unprefixed_redirect(request)
        if redirect is not None:
            return redirect
    if request.url.path.startswith("/staff/"):
        message = str(exc.detail)
        if isinstance(exc, BodyTooLarge):
            message = gettext(
                "The upload is too large. Files must be %(size)s or smaller.", size=format_size(exc.limit)
            )
        response = staff_page(
            request, "staff/error.html", status_code=exc.status_code, status=exc.status_code, message=message
        )
    else:
        current_locale.set(locale_of_path(request.url.path))
        template = {404: "errors/404.html", 413: "errors/413.html", 429: "errors/429.html", 503: "errors/500.html"}.get(
            exc.status_code, "errors/error.html"
        )
        response = render(
            request, template, status_code=exc.status_code, status=exc.status_code, limit=getattr(exc, "limit", 0)
        )
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


def _unprefixed_redirect(request: Request):
    """``/services/x`` -> ``/ar/services/x`` for an Arabic reader; ``/ar`` -> ``/ar/``."""
    path = request.url.path
    first = path.strip("/").split("/", 1)[0]
    if path == f"/{first}" and get_locale(first) is not None:
        return RedirectResponse(f"/{first}/", status_code=307)
    if first in request.app.state.public_sections:
        return redirect_to_preferred(request, path)
    return None


async def server_error(request: Request, exc: Exception):
    log.exception("Unhandled error on %s %s", request.method, request.url.path)
    if _wants_json(request):
        return JSONResponse({"error": 500, "message": "Something went wrong on our side."}, status_code=500)
    current_locale.set(locale_of_path(request.url.path))
    return render(request, "errors/500.html", status_code=500)


async def invalid_request(request: Request, exc: RequestValidationError):
    """Parameters FastAPI could not parse: a clear 400, in JSON for APIs and as a page elsewhere."""
    return await http_error(request, StarletteHTTPException(400, "The request has a value we cannot use."))


def _unavailable(exc: Exception) -> bool:
    """The database cannot answer for now (as opposed to a mistake in a query): busy SQLite, an unreachable or
    restarting PostgreSQL, or no free connection in the pool."""
    if isinstance(exc, SQLAlchemyTimeoutError):
        return True
    if getattr(exc, "connection_invalidated", False):
        return True
    original = getattr(exc, "orig", None)
    return isinstance(original, psycopg.OperationalError) or "locked" in str(original).lower()


async def database_error(request: Request, exc: Exception):
    """A database that is busy or away is a friendly "try again" (503), not a broken site; nothing was saved,
    because the request's transaction never committed."""
    if not _unavailable(exc):
        return await server_error(request, exc)
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return await http_error(
        request,
        StarletteHTTPException(
            503,
            "The site cannot reach its information for a moment. Nothing was saved: please try again.",
            headers={"Retry-After": "5"},
        ),
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]  # Starlette types handlers as taking any Exception (starlette#2403)
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]  # Starlette types handlers as taking any Exception (starlette#2403)
    app.add_exception_handler(DBAPIError, database_error)
    app.add_exception_handler(SQLAlchemyTimeoutError, database_error)
    app.add_exception_handler(Exception, server_error)
