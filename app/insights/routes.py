"""Public pages: ask for help in your language or format, "was this page useful?", and the optional equality
questionnaire. Every form works without JavaScript, keeps what was typed, and answers bad input clearly."""

from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from app.db import SessionDep
from app.i18n.context import gettext as _
from app.i18n.negotiate import LocaleDep
from app.insights import counters, help_form, languages
from app.insights.models import EqualityResponse, FeedbackComment
from app.insights.ratelimit import SlidingWindow
from app.insights.vocabulary import (
    CONTACT_DETAIL,
    CONTACT_METHODS,
    FORMATS,
    PREFER_NOT_TO_SAY,
    PROFESSIONALS,
    QUESTIONS,
    SUPPORT,
)
from app.timeutil import utcnow
from app.ui.origin import same_origin
from app.ui.params import FormDep, clean
from app.ui.templating import render

router = APIRouter()
help_limit = SlidingWindow(limit=5, seconds=600)
answer_limit = SlidingWindow(limit=30, seconds=600)  # "was this useful?", what was missing, the equality questions
MAX_PAGE = 200
MAX_COMMENT = 1000


def _page_or_400(page: str) -> str:
    page = clean(page)
    if not page.startswith("/") or page.startswith("//") or len(page) > MAX_PAGE:
        raise HTTPException(status_code=400, detail="The page address is not one of ours.")
    return page


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _limit_answers(request: Request) -> None:
    """Per-address limit on the anonymous answers, so a script cannot skew what the council reads in them."""
    if not answer_limit.allow(_address(request)):
        raise HTTPException(
            status_code=429, detail="Too many answers from one address.", headers={"Retry-After": "600"}
        )


def _help_page(request, form: help_form.HelpForm, status_code: int = 200):
    code = request.state.locale_code
    response = render(
        request,
        "help/help.html",
        status_code=status_code,
        form=form,
        errors=form.errors,
        languages=languages.choices(code),
        contact_methods=CONTACT_METHODS,
        contact_detail=CONTACT_DETAIL,
        professionals=PROFESSIONALS,
        formats=FORMATS,
        support=SUPPORT,
    )
    if form.errors:  # the page holds what the resident typed: no cache may keep it
        response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/{lang}/help", name="help")
def help_page(request: Request, lang: LocaleDep, language: str = ""):
    request.state.locale_code = lang.babel
    chosen = language if languages.is_choice(language) else ""
    return _help_page(request, help_form.HelpForm(values={"language": chosen, "needs": []}))


@router.post("/{lang}/help", dependencies=[same_origin])
def help_submit(request: Request, lang: LocaleDep, db: SessionDep, form_data: FormDep):
    request.state.locale_code = lang.babel
    form = help_form.read(form_data)
    if form.errors:
        return _help_page(request, form, status_code=400)
    if not help_limit.allow(_address(request)):
        form.errors[""] = _(
            "You have sent several requests in the last few minutes. Please wait ten minutes and "
            "try again, or phone us."
        )
        return _help_page(request, form, status_code=429)
    if not form.is_robot:
        request_row = help_form.to_request(form, locale=lang.code)
        db.add(request_row)
        counters.record_help(db, language=request_row.language or "other", needs=request_row.needs)
        db.commit()
    return RedirectResponse(request.app.url_path_for("help_sent", lang=lang.code), status_code=303)


@router.get("/{lang}/help/sent", name="help_sent")
def help_sent(request: Request, lang: LocaleDep):
    return render(request, "help/sent.html")


@router.post("/{lang}/feedback", name="feedback", dependencies=[same_origin])
def feedback(request: Request, lang: LocaleDep, db: SessionDep, form: FormDep):
    page = _page_or_400(str(form.get("page", "")))
    _limit_answers(request)
    useful = form.get("useful")
    if useful not in ("yes", "no"):
        raise HTTPException(status_code=400, detail="Answer yes or no.")
    counters.record_feedback(db, page=page, locale=lang.code, useful=useful == "yes")
    db.commit()
    query = urlencode({"page": page, "useful": useful})
    return RedirectResponse(f"{request.app.url_path_for('feedback_thanks', lang=lang.code)}?{query}", status_code=303)


@router.get("/{lang}/feedback", name="feedback_thanks")
def feedback_thanks(request: Request, lang: LocaleDep, page: str = "/", useful: str = "", sent: str = ""):
    return render(
        request,
        "help/feedback.html",
        page=_page_or_400(page),
        useful=useful == "no" and not sent,
        sent=bool(sent),
        errors={},
        text="",
    )


@router.post("/{lang}/feedback/missing", name="feedback_missing", dependencies=[same_origin])
def feedback_missing(request: Request, lang: LocaleDep, db: SessionDep, form: FormDep):
    page = _page_or_400(str(form.get("page", "")))
    text = clean(str(form.get("text", ""))).strip()
    errors = {}
    if not text:
        errors["text"] = _("Tell us what was missing, or go back to the page")
    elif len(text) > MAX_COMMENT:
        errors["text"] = _("This must be %(max)s characters or fewer", max=MAX_COMMENT)
    if errors:
        return render(
            request, "help/feedback.html", status_code=400, page=page, useful=True, sent=False, errors=errors, text=text
        )
    _limit_answers(request)
    db.add(FeedbackComment(day=utcnow().date(), page=page, locale=lang.code, text=text))
    db.commit()
    query = urlencode({"page": page, "sent": "1"})
    return RedirectResponse(f"{request.app.url_path_for('feedback_thanks', lang=lang.code)}?{query}", status_code=303)


@router.get("/{lang}/about-you", name="equality")
def equality_form(request: Request, lang: LocaleDep):
    return render(
        request, "help/equality.html", questions=QUESTIONS, prefer_not=PREFER_NOT_TO_SAY, errors={}, values={}
    )


@router.post("/{lang}/about-you", dependencies=[same_origin])
def equality_submit(request: Request, lang: LocaleDep, db: SessionDep, form: FormDep):
    values, errors = {}, {}
    for name, (_question, options) in QUESTIONS.items():
        value = form.get(name, "")
        if value and value not in options and value != PREFER_NOT_TO_SAY:
            errors[name] = _("Choose one of the answers, or leave the question out")
        values[name] = value if isinstance(value, str) else ""
    if errors:
        return render(
            request,
            "help/equality.html",
            status_code=400,
            questions=QUESTIONS,
            prefer_not=PREFER_NOT_TO_SAY,
            errors=errors,
            values=values,
        )
    if any(values.values()):
        _limit_answers(request)
        db.add(EqualityResponse(month=utcnow().strftime("%Y-%m"), locale=lang.code, **values))  # type: ignore[arg-type]  # keys are QUESTIONS' names, str columns; mypy checks ** against id too
        db.commit()
    return render(request, "help/equality_thanks.html")
