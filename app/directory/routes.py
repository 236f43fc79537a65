"""Public directory pages: topics, services, community hubs and what's on."""

from fastapi import APIRouter, HTTPException, Request

from app.db import SessionDep
from app.directory import queries
from app.directory.models import ServiceKind
from app.directory.vocabulary import language_name
from app.easyread.queries import leaflets_for
from app.guides.queries import list_guides
from app.i18n.context import gettext as _
from app.i18n.formatting import DAYS, capfirst, weekday_name
from app.i18n.negotiate import LocaleDep
from app.opendata import jsonld
from app.opendata.csv_export import hubs_csv, services_csv, wants_csv
from app.publishing.page_kinds import PageKind
from app.translation.views import localize, localize_list
from app.ui.paging import Page, check_in_range, page_number
from app.ui.params import SlugDep
from app.ui.templating import render

router = APIRouter(prefix="/{lang}")
_GUIDE, _HUB = (lambda _row: PageKind.guide), (lambda _row: PageKind.hub)


@router.get("/topics/{slug}", name="topic")
def topic(
    request: Request, lang: LocaleDep, session: SessionDep, slug: SlugDep, page: str | None = None, format: str = ""
):
    term = queries.get_topic(session, slug)
    if term is None:
        raise HTTPException(status_code=404)
    if wants_csv(format):
        return services_csv(slug, queries.services_for_export(session, term_id=term.id), _site(request, lang))
    number = page_number(page)
    size = request.app.state.settings.page_size
    services, total = queries.services_in_topic(session, term_id=term.id, offset=(number - 1) * size, limit=size)
    paging = check_in_range(Page(number=number, size=size, total=total))
    services, services_done = localize_list(session, services, lang)
    guides, guides_done = localize_list(session, list_guides(session, topic_id=term.id), lang, kind_of=_GUIDE)
    return render(
        request,
        "directory/topic.html",
        topic=term,
        services=services,
        page=paging,
        guides=guides,
        all_translated=services_done and guides_done,
    )


@router.get("/services/{slug}", name="service")
def service(request: Request, lang: LocaleDep, session: SessionDep, slug: SlugDep):
    item = queries.get_service(session, slug)
    if item is None:
        raise HTTPException(status_code=404)
    hub = item.locations[0].location if item.kind == ServiceKind.activity and item.locations else None
    everywhere = len(item.areas) == queries.count_areas(session)
    data = jsonld.service(item, url=str(request.url), locale=lang.code, council=request.app.state.settings.council_name)
    local = localize(session, ServiceKind(item.kind).value, item, lang)
    return render(
        request,
        "directory/service.html",
        service=local.item,
        local=local,
        hub=hub,
        everywhere=everywhere,
        jsonld=jsonld.script(data),
        easy_read=leaflets_for(session, PageKind.service, slug),
    )


@router.get("/hubs", name="hubs")
def hubs(request: Request, lang: LocaleDep, session: SessionDep, format: str = ""):
    if wants_csv(format):
        return hubs_csv(queries.list_hubs(session), _site(request, lang))
    hubs_list, done = localize_list(session, queries.list_hubs(session), lang, kind_of=_HUB)
    return render(request, "directory/hubs.html", hubs=hubs_list, all_translated=done)


@router.get("/hubs/{slug}", name="hub")
def hub(request: Request, lang: LocaleDep, session: SessionDep, slug: SlugDep):
    item = queries.get_hub(session, slug)
    if item is None:
        raise HTTPException(status_code=404)
    local = localize(session, PageKind.hub, item, lang)
    activities, _all_translated = localize_list(session, queries.activities(session, hub_id=item.id), lang)
    return render(
        request,
        "directory/hub.html",
        hub=local.item,
        local=local,
        jsonld=jsonld.script(jsonld.hub(item, url=str(request.url))),
        by_day=_by_day(activities),
        easy_read=leaflets_for(session, PageKind.hub, slug),
    )


@router.get("/whats-on", name="whats_on")
def whats_on(
    request: Request,
    lang: LocaleDep,
    session: SessionDep,
    day: str = "",
    hub: str = "",
    language: str = "",
    format: str = "",
):
    as_csv = wants_csv(format)
    hubs_list = queries.list_hubs(session)
    languages = queries.activity_languages(session)
    errors: dict[str, str] = {}
    if day and day not in DAYS:
        errors["day"] = _("Choose a day from the list")
    hub_row = next((h for h in hubs_list if h.slug == hub), None)
    if hub and hub_row is None:
        errors["hub"] = _("Choose a community hub from the list")
    if language and language not in languages:
        errors["language"] = _("Choose a language from the list")
    items = queries.activities(
        session,
        day=None if "day" in errors else day or None,
        hub_id=hub_row.id if hub_row else None,
        language=None if "language" in errors else language or None,
    )
    if as_csv and not errors:
        return services_csv("whats-on", items, _site(request, lang))
    chosen_days = [day] if day in DAYS else list(DAYS)
    items, done = localize_list(session, items, lang)
    return render(
        request,
        "directory/whats_on.html",
        status_code=400 if errors else 200,
        all_translated=done,
        by_day=_by_day(items, chosen_days),
        errors=errors,
        total=len(items),
        filters={"day": day, "hub": hub, "language": language},
        day_options=[(code, capfirst(weekday_name(code))) for code in DAYS],
        hub_options=[(h.slug, h.name) for h in hubs_list],
        language_options=[(code, language_name(code, lang.babel)) for code in languages],
    )


def _site(request: Request, lang) -> str:
    """Absolute base of the reader's language, for links in downloads."""
    return f"{request.app.state.settings.site_url}/{lang.code}"


def _by_day(items, days=DAYS) -> list[tuple[str, list[tuple]]]:
    """[(day, [(opens_at, activity, schedule), ...]), ...] in week order, each day sorted by start time."""
    grouped = []
    for day in days:
        slots = sorted(
            (
                (schedule.opens_at, activity.name, activity, schedule)
                for activity in items
                for schedule in activity.schedules
                if day in schedule.days
            ),
            key=lambda slot: slot[:2],
        )
        if slots:
            grouped.append((day, [(activity, schedule) for _opens, _name, activity, schedule in slots]))
    return grouped
