"""The staff inbox of help requests: list, read and work a request, export it for a subject access request, and
delete it. Translators and reviewers see only requests in their languages."""

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import select

from app.accounts import audit
from app.accounts.deps import AdminUser, StaffUser
from app.accounts.models import User
from app.db import SessionDep
from app.i18n.context import gettext as _
from app.insights import inbox
from app.insights.languages import name_in
from app.insights.models import HelpRequest, HelpStatus
from app.insights.vocabulary import CONTACT_METHODS, NEEDS
from app.staff import people
from app.staff.pages import client_address, see_other, staff_page
from app.ui.paging import Page, check_in_range, page_number
from app.ui.params import FormDep, clean

router = APIRouter()
PER_PAGE = 25
STATUSES = [status.value for status in HelpStatus]


def _request_or_404(db, user, request_id: str) -> HelpRequest:
    row = db.get(HelpRequest, int(request_id)) if request_id.isdigit() and len(request_id) < 10 else None
    if row is None or not inbox.may_see(user, row):
        raise HTTPException(status_code=404)
    return row


@router.get("/help", name="staff_help")
def help_list(request: Request, db: SessionDep, user: StaffUser, status: str = "", page: str | None = None):
    status = status if status in STATUSES else ""
    number = page_number(page)
    rows, total = inbox.page_of_requests(db, user, status=status, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
    return staff_page(
        request,
        "staff/help_list.html",
        requests=rows,
        total=total,
        status=status,
        statuses=STATUSES,
        page=check_in_range(Page(number, PER_PAGE, total)),
        base_query=[("status", status)],
        language_label=_language_label,
        names=people.display_names(db),
    )


def _language_label(row: HelpRequest) -> str:
    from babel import Locale

    if row.language:
        return name_in(row.language, Locale("en"))
    return row.language_other or _("Not given")


def _detail_page(request, db, row, *, errors=None, status_code=200):
    assigned = db.exec(select(User.id).where(User.username == row.assigned_to)).first() if row.assigned_to else None
    return staff_page(
        request,
        "staff/help_item.html",
        status_code=status_code,
        row=row,
        errors=errors or {},
        statuses=STATUSES,
        staff=people.assignable(db),
        assigned=assigned,
        contact_methods=CONTACT_METHODS,
        needs=NEEDS,
        language_label=_language_label,
    )


@router.get("/help/{request_id}", name="staff_help_item")
def help_item(request: Request, db: SessionDep, user: StaffUser, request_id: str):
    return _detail_page(request, db, _request_or_404(db, user, request_id))


@router.post("/help/{request_id}")
def help_update(request: Request, db: SessionDep, user: StaffUser, request_id: str, form: FormDep):
    row = _request_or_404(db, user, request_id)
    status, assigned, notes = (clean(str(form.get(name, ""))).strip() for name in ("status", "assigned_to", "notes"))
    errors = {}
    if status not in STATUSES:
        errors["status"] = _("Choose a status")
    person = db.get(User, int(assigned)) if assigned.isdigit() and len(assigned) < 10 else None
    if assigned and (person is None or person.disabled):
        errors["assigned_to"] = _("Choose someone from the list")
    if len(notes) > 4000:
        errors["notes"] = _("Notes must be 4000 characters or fewer")
    if errors:
        return _detail_page(request, db, row, errors=errors, status_code=400)
    inbox.update(db, row, status=status, assigned_to=person.username if person else "", notes=notes)
    db.commit()
    return see_other(request, "staff_help_item", request_id=row.id)


@router.get("/help/{request_id}/export.json", name="staff_help_export")
def help_export(request: Request, db: SessionDep, user: StaffUser, request_id: str):
    row = _request_or_404(db, user, request_id)
    data, number = inbox.export(row), row.id
    audit.record(
        db,
        actor=user.username,
        action="export",
        target=f"help request {number}",
        detail="subject access request",
        client=client_address(request),
    )
    db.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="help-request-{number}.json"'},
    )


@router.post("/help/{request_id}/delete", name="staff_help_delete")
def help_delete(request: Request, db: SessionDep, user: AdminUser, request_id: str):
    row = _request_or_404(db, user, request_id)
    audit.record(
        db, actor=user.username, action="help-deleted", target=f"help request {row.id}", client=client_address(request)
    )
    db.delete(row)
    db.commit()
    return see_other(request, "staff_help")
