"""Home, search (simple until the search issue), the accessibility statement, and the root redirect."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from app.db import SessionDep
from app.directory import queries
from app.guides.queries import search_guides
from app.i18n.context import gettext as _
from app.i18n.locales import DEFAULT_LOCALE
from app.i18n.negotiate import LocaleDep
from app.web.templating import render

router = APIRouter()
MAX_QUERY = 200


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse(f"/{DEFAULT_LOCALE.code}/", status_code=307)


@router.get("/{lang}/", name="home")
def home(request: Request, lang: LocaleDep, session: SessionDep):
    return render(request, "pages/home.html", topics=queries.topics_with_counts(session),
                  hubs=queries.list_hubs(session))


@router.get("/{lang}/search", name="search")
def search(request: Request, lang: LocaleDep, session: SessionDep, q: str = ""):
    text = "".join(ch for ch in q if ch.isprintable())[:MAX_QUERY].strip()
    error = _("Enter what you are looking for") if "q" in request.query_params and not text else None
    services = queries.simple_search(session, text) if text else []
    guides = search_guides(session, text) if text else []
    return render(request, "pages/search.html", query=text, services=services, guides=guides, error=error,
                  status_code=400 if error else 200)


@router.get("/{lang}/accessibility", name="accessibility")
def accessibility(request: Request, lang: LocaleDep):
    return render(request, "pages/accessibility.html")
