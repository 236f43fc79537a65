"""``GET /api/search`` (JSON) and the search page (works without JavaScript); the API route comes first so that
``/api`` is never taken for a language prefix. Plain ``def`` routes: Whoosh holds
the interpreter lock, so they run in the thread pool and throughput comes from worker processes."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from app.db import SessionDep
from app.directory import queries
from app.i18n import locales
from app.i18n.context import current_locale
from app.i18n.context import gettext as _
from app.i18n.negotiate import LocaleDep
from app.insights.counters import record_search
from app.publishing.kinds import KINDS
from app.search.contract import SearchUnavailable
from app.search.facets import KIND_LABELS, PARAMETERS, facets_for, validate
from app.search.query import MAX_CHARS, normalise
from app.ui.paging import Page, check_in_range, page_number
from app.ui.templating import path_for, render

router = APIRouter()
PER_PAGE = 10


def _filters(request: Request) -> dict[str, list[str]]:
    return {parameter: request.query_params.getlist(parameter) for parameter in PARAMETERS}


def _run(request: Request, session, locale, text: str, raw_page: str | None):
    """(results, chosen filters, errors, page) for a request; records the search when there was one."""
    chosen, bad = validate(session, _filters(request))
    errors = {parameter: _("Choose a filter from the list") for parameter in bad}
    if len(text) > MAX_CHARS:
        errors["q"] = _("Enter %(max)s characters or fewer", max=MAX_CHARS)
    if "q" in request.query_params and not text.strip() and not chosen:
        errors["q"] = _("Enter what you are looking for")
    number = page_number(raw_page)
    if not text.strip() and not chosen:
        return None, chosen, errors, None
    results = request.app.state.search.search(
        text=text[:MAX_CHARS], locale=locale, selected=chosen, page=number, per_page=PER_PAGE
    )
    paging = check_in_range(Page(number=number, size=PER_PAGE, total=results.total))
    if results.query:
        record_search(session, query=normalise(results.query), locale=locale.code, results=results.total)
        session.commit()
    return results, chosen, errors, paging


def hit_url(request: Request, hit) -> str:
    return path_for(request, KINDS[hit.kind].public_route, slug=hit.slug)


@router.get("/api/search", name="api_search")
def search_api(request: Request, session: SessionDep, q: str = "", lang: str = "en", page: str | None = None):
    locale = locales.get_locale(lang)
    if locale is None:
        raise HTTPException(status_code=400, detail=f"Unknown language '{lang[:20]}'.")
    current_locale.set(locale)
    try:
        results, chosen, errors, paging = _run(request, session, locale, q, page)
    except SearchUnavailable as exc:
        if not exc.temporary:
            return JSONResponse({"error": 404, "message": "This site does not offer search."}, status_code=404)
        return JSONResponse(
            {"error": 503, "message": "Search is being updated. Try again in a minute."},
            status_code=503,
            headers={"Retry-After": "30"},
        )
    if errors:
        raise HTTPException(status_code=400, detail=" ".join(errors.values()))
    if results is None:
        raise HTTPException(status_code=400, detail="Enter what you are looking for in the q parameter.")
    return {
        "query": results.query,
        "locale": locale.code,
        "total": results.total,
        "page": paging.number,
        "pages": paging.count,
        "partial": results.partial,
        "exact_total": results.exact_total,
        "suggestion": results.suggestion,
        "filters": chosen,
        "results": [
            {
                "kind": h.kind,
                "slug": h.slug,
                "locale": h.locale,
                "title": h.title,
                "snippet_html": str(h.snippet),
                "url": hit_url(request, h),
                "in_english": h.fallback,
            }
            for h in results.hits
        ],
        "facets": {name: [{"value": v, "count": c} for v, c in counts] for name, counts in results.facets.items()},
    }


@router.get("/{lang}/search", name="search")
def search_page(request: Request, lang: LocaleDep, session: SessionDep, q: str = "", page: str | None = None):
    try:
        results, chosen, errors, paging = _run(request, session, lang, q, page)
    except SearchUnavailable as exc:
        return render(
            request,
            "search/unavailable.html",
            status_code=503 if exc.temporary else 404,
            query=q[:MAX_CHARS],
            temporary=exc.temporary,
        )
    facets = facets_for(session, results.facets, chosen) if results else []
    return render(
        request,
        "search/search.html",
        status_code=400 if errors else 200,
        query=q[:MAX_CHARS],
        results=results,
        facets=facets,
        errors=errors,
        page=paging,
        hit_url=lambda hit: hit_url(request, hit),
        kind_label=lambda kind: _(KIND_LABELS[kind]),
        topics=queries.topics_with_counts(session),
        base_query=[(k, v) for k, v in request.query_params.multi_items() if k != "page"],
    )
