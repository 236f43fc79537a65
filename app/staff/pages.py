"""Rendering staff pages: the signed-in user, the CSRF token and the navigation are in every context."""

from fastapi import Request
from starlette.responses import HTMLResponse, RedirectResponse

from app.accounts import csrf
from app.publishing.kinds import KINDS
from app.ui import privacy
from app.ui.templating import render


def staff_page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    staff = getattr(request.state, "staff", None)
    token = staff[0].csrf_token if staff else csrf.login_token(request)
    response = render(
        request,
        template,
        status_code=status_code,
        user=staff[1] if staff else None,
        csrf_token=csrf.masked(token),
        kinds=KINDS.values(),
        kind_of=lambda item: KINDS[item.kind],
        url_for=lambda route, /, **params: request.app.url_path_for(route, **params),
        **context,
    )
    csrf.set_login_cookie(request, response)
    return privacy.personal(response)  # error pages under /staff/ too: they name the person signed in


def see_other(request: Request, name: str, **params) -> RedirectResponse:
    """After a successful POST, go to a page by its route name (POST/redirect/GET)."""
    return RedirectResponse(request.app.url_path_for(name, **params), status_code=303)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
