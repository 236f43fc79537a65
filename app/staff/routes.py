"""The staff area's router: every route loads the signed-in user and is CSRF-protected."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from app.accounts import csrf
from app.accounts.deps import LoginRequired, load_staff
from app.staff import admin, auth_routes, help_inbox, imports, insights_pages, items, leaflets, translations, versions
from app.ui import privacy

# Every staff page is about the person signed in (their name, CSRF token, unpublished work): never cached.
router = APIRouter(prefix="/staff", dependencies=[privacy.Personal, Depends(load_staff), Depends(csrf.protect)])
router.include_router(auth_routes.router)
router.include_router(admin.router)
router.include_router(imports.router)
router.include_router(help_inbox.router)
router.include_router(insights_pages.router)
router.include_router(versions.router)
router.include_router(translations.router)
router.include_router(leaflets.router)
router.include_router(items.router)  # last: its /{plural} would otherwise catch /users and the others


async def login_required(request: Request, _exc: LoginRequired) -> RedirectResponse:
    """Anonymous visitors go to the sign-in page, and come back to the page they asked for."""
    target = request.url.path if request.method == "GET" else "/staff/"
    login = request.app.url_path_for("staff_login")
    return RedirectResponse(f"{login}?next={target}", status_code=303)
