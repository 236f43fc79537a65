"""Home and the accessibility statement."""

from fastapi import APIRouter, Request

from app.db import SessionDep
from app.directory import queries
from app.i18n.negotiate import LocaleDep
from app.ui.templating import render

router = APIRouter()


@router.get("/{lang}/", name="home")
def home(request: Request, lang: LocaleDep, session: SessionDep):
    version = request.app.state.content_version.current()  # the topic counts are kept until the content changes
    return render(
        request,
        "pages/home.html",
        topics=queries.topics_with_counts(session, version=version),
        hub_count=queries.count_hubs(session),
    )


@router.get("/{lang}/accessibility", name="accessibility")
def accessibility(request: Request, lang: LocaleDep):
    return render(request, "pages/accessibility.html")
