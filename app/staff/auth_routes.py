"""Signing in and out."""

from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from app.accounts import audit, sessions, users
from app.accounts.deps import StaffUser
from app.db import SessionDep
from app.staff.pages import client_address, see_other, staff_page
from app.ui.params import clean

router = APIRouter()


def _safe_next(target: str) -> str:
    """Only a path inside the staff area, so the sign-in page cannot send anyone elsewhere."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/staff/") or "\\" in target:
        return "/staff/"
    return target


@router.get("/login", name="staff_login")
def login_form(request: Request, next: str = "/staff/"):
    if getattr(request.state, "staff", None):
        return RedirectResponse(_safe_next(next), status_code=303)
    return staff_page(request, "staff/login.html", errors={}, username="", next=_safe_next(next))


@router.post("/login")
def login(
    request: Request, db: SessionDep, username: str = Form(""), password: str = Form(""), next: str = Form("/staff/")
):
    settings = request.app.state.settings
    try:
        user = users.authenticate(
            db, username=username, password=password, client=client_address(request), settings=settings
        )
    except users.AccountError as error:
        db.commit()  # the failure is counted and audited
        return _refused(request, error, username=username, next=next)
    sessions.end(db, request.cookies.get(sessions.COOKIE), settings)  # a new session at every sign-in
    cookie = sessions.start(db, user, settings)
    db.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        sessions.COOKIE,
        cookie,
        httponly=True,
        samesite="lax",
        path="/",
        secure=request.url.scheme == "https",
        max_age=settings.session_max_hours * 3600,
    )
    return response


def _refused(request: Request, error: users.AccountError, *, username: str, next: str):
    """The form again with the reason; 429 and Retry-After while this address must wait."""
    waiting = isinstance(error, users.TooManyAttempts)
    response = staff_page(
        request,
        "staff/login.html",
        status_code=429 if waiting else 400,
        errors={error.field: error.message},
        username=clean(username)[:80],
        next=_safe_next(next),
    )
    if isinstance(error, users.TooManyAttempts):  # waiting
        response.headers["Retry-After"] = str(error.seconds)
    return response


@router.post("/logout", name="staff_logout")
def logout(request: Request, db: SessionDep, user: StaffUser):
    sessions.end(db, request.cookies.get(sessions.COOKIE), request.app.state.settings)
    audit.record(db, actor=user.username, action="sign-out", client=client_address(request))
    db.commit()
    response = see_other(request, "staff_login")
    response.delete_cookie(sessions.COOKIE, path="/")
    return response
