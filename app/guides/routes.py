"""Public guide pages."""

from fastapi import APIRouter, HTTPException, Request

from app.db import SessionDep
from app.easyread.queries import leaflets_for
from app.guides.queries import get_guide, list_guides
from app.i18n.negotiate import LocaleDep
from app.opendata import jsonld
from app.publishing.page_kinds import PageKind
from app.translation.views import localize, localize_list
from app.ui.params import SlugDep
from app.ui.templating import render

router = APIRouter(prefix="/{lang}")


@router.get("/guides", name="guides")
def guides(request: Request, lang: LocaleDep, session: SessionDep):
    items, done = localize_list(session, list_guides(session), lang, kind_of=lambda _row: PageKind.guide)
    return render(request, "guides/list.html", guides=items, all_translated=done)


@router.get("/guides/{slug}", name="guide")
def guide(request: Request, lang: LocaleDep, session: SessionDep, slug: SlugDep):
    item = get_guide(session, slug)
    if item is None:
        raise HTTPException(status_code=404)
    data = jsonld.guide(item.title, item.summary, url=str(request.url), locale=lang.code, modified=item.updated_at)
    local = localize(session, PageKind.guide, item, lang)
    return render(
        request,
        "guides/guide.html",
        guide=local.item,
        local=local,
        jsonld=jsonld.script(data),
        easy_read=leaflets_for(session, PageKind.guide, slug),
    )
