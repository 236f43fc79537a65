"""Administrators' pages: staff users (create, roles, disable, reset password) and the audit log."""

from fastapi import APIRouter, HTTPException, Request

from app.accounts import audit, users
from app.accounts.deps import AdminUser
from app.accounts.models import Role, User
from app.db import SessionDep
from app.i18n import locales
from app.opendata.csv_export import csv_response, wants_csv
from app.staff.pages import client_address, see_other, staff_page
from app.ui.paging import Page, check_in_range, page_number
from app.ui.params import FormDep, clean

router = APIRouter()
AUDIT_PER_PAGE = 50


def _user_or_404(db, user_id: str) -> User:
    user = db.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 10 else None
    if user is None:
        raise HTTPException(status_code=404)
    return user


def _user_form(request, *, target: User | None, values: dict, errors: dict, status_code: int = 200):
    return staff_page(
        request,
        "staff/user.html",
        status_code=status_code,
        target=target,
        values=values,
        errors=errors,
        roles=list(Role),
        all_locales=locales.LOCALES,
    )


@router.get("/users", name="staff_users")
def user_list(request: Request, db: SessionDep, admin: AdminUser):
    from sqlmodel import select

    return staff_page(request, "staff/users.html", people=db.exec(select(User).order_by(User.username)).all())


@router.get("/users/new", name="staff_user_new")
def new_user_form(request: Request, admin: AdminUser):
    return _user_form(request, target=None, values={"roles": [], "locales": []}, errors={})


def _form_lists(form) -> tuple[dict, list[str], list[str]]:
    values = {
        key: clean(value)
        for key, value in form.items()
        if isinstance(value, str) and key not in ("roles", "locales", "csrf_token")
    }
    return values, [clean(v) for v in form.getlist("roles")], [clean(v) for v in form.getlist("locales")]


@router.post("/users/new")
def create_user(request: Request, db: SessionDep, admin: AdminUser, form: FormDep):
    values, roles, scoped = _form_lists(form)
    try:
        users.create(
            db,
            username=values.get("username", ""),
            display_name=values.get("display_name", ""),
            password=values.get("password", ""),
            roles=roles,
            scoped_locales=scoped,
            email=values.get("email") or None,
            actor=admin.username,
            council_name=request.app.state.settings.council_name,
        )
    except users.AccountError as error:
        db.rollback()
        values.pop("password", None)
        return _user_form(
            request,
            target=None,
            values={**values, "roles": roles, "locales": scoped},
            errors={error.field: error.message},
            status_code=400,
        )
    db.commit()
    return see_other(request, "staff_users")


@router.get("/users/{user_id}", name="staff_user")
def edit_user_form(request: Request, db: SessionDep, admin: AdminUser, user_id: str):
    target = _user_or_404(db, user_id)
    return _user_form(request, target=target, values={"roles": target.roles, "locales": target.locales}, errors={})


@router.post("/users/{user_id}")
def update_user(request: Request, db: SessionDep, admin: AdminUser, user_id: str, form: FormDep):
    target = _user_or_404(db, user_id)
    values, roles, scoped = _form_lists(form)
    try:
        if values.get("password"):
            users.reset_password(
                db,
                target,
                password=values["password"],
                actor=admin.username,
                council_name=request.app.state.settings.council_name,
            )
        if roles != target.roles or scoped != target.locales:
            users.set_roles(db, target, roles=roles, scoped_locales=scoped, actor=admin.username)
        disabled = values.get("disabled") == "yes"
        if disabled != target.disabled:
            users.set_disabled(db, target, disabled=disabled, actor=admin.username)
    except users.AccountError as error:
        db.rollback()
        db.refresh(target)
        return _user_form(
            request,
            target=target,
            values={"roles": roles, "locales": scoped},
            errors={error.field: error.message},
            status_code=400,
        )
    db.commit()
    return see_other(request, "staff_users")


@router.get("/audit", name="staff_audit")
def audit_log(
    request: Request,
    db: SessionDep,
    admin: AdminUser,
    action: str = "",
    actor: str = "",
    page: str | None = None,
    format: str = "",
):
    action = action if action in audit.ACTIONS else ""
    actor = clean(actor).strip()[:80]
    if wants_csv(format):
        rows = audit.all_events(db, action=action or None, actor=actor or None)
        audit.record(
            db,
            actor=admin.username,
            action="export",
            target="audit log",
            detail=f"{len(rows)} events",
            client=client_address(request),
        )
        db.commit()
        return csv_response("audit-log", audit.CSV_HEADER, rows)
    number = page_number(page)
    events, total = audit.page_of_events(
        db, action=action or None, actor=actor or None, offset=(number - 1) * AUDIT_PER_PAGE, limit=AUDIT_PER_PAGE
    )
    return staff_page(
        request,
        "staff/audit.html",
        events=events,
        page=check_in_range(Page(number, AUDIT_PER_PAGE, total)),
        action=action,
        actor=actor,
        actions=audit.ACTIONS,
        total=total,
        base_query=[("action", action), ("actor", actor)],
    )
