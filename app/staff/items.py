"""Staff pages for services, activities, hubs and guides: lists, the item page, and the create and edit forms."""

from collections.abc import Mapping
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError

from app.accounts import audit
from app.accounts.deps import EditorUser, StaffUser
from app.accounts.models import Role
from app.db import SessionDep
from app.i18n import locales
from app.i18n.context import gettext as _
from app.publishing import history, queries, workflow
from app.publishing.choices import Choices
from app.publishing.kinds import BY_PLURAL, Kind, dump
from app.publishing.models import ContentItem
from app.publishing.page_kinds import PageKind
from app.staff import forms, leaflets
from app.staff.diff import compare, flatten
from app.staff.fields import FIXED_CHOICES, FORMS
from app.staff.pages import client_address, see_other, staff_page
from app.ui.paging import Page, check_in_range, page_number
from app.ui.params import FormDep, SlugDep, clean

router = APIRouter()
PER_PAGE = 25


def kind_or_404(plural: str) -> Kind:
    kind = BY_PLURAL.get(plural)
    if kind is None:
        raise HTTPException(status_code=404)
    return kind


KindDep = Annotated[Kind, Depends(kind_or_404)]


def item_or_404(db, kind: Kind, slug: str) -> ContentItem:
    item = history.get_item(db, kind.name, slug)
    if item is None:
        raise HTTPException(status_code=404)
    return item


def base_version(form) -> int:
    raw = form.get("base", "")
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 9:
        raise HTTPException(status_code=400, detail="The form is missing the version it was based on. Reload it.")
    return int(raw)


def choices_for(db) -> dict[str, list[tuple[str, str]]]:
    loaded = Choices.load(db)
    options = {
        name: [(value, _(label)) for value, label in cast(Mapping[str, Any], values).items()]  # each is a dict
        for name, values in FIXED_CHOICES.items()
    }
    options.update(vars(loaded))
    return options


@router.get("/", name="staff_dashboard")
def dashboard(request: Request, db: SessionDep, user: StaffUser):
    stale, stale_total = queries.unchecked(db, limit=20)
    return staff_page(
        request,
        "staff/dashboard.html",
        drafts=queries.drafts(db),
        stale=stale,
        stale_total=stale_total,
        counts=queries.counts(db),
    )


@router.get("/{plural}", name="staff_list")
def item_list(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    kind: KindDep,
    q: str = "",
    state: str = "",
    page: str | None = None,
):
    q = clean(q).strip()[:100]
    state = state if state in queries.FILTERS else ""
    number = page_number(page)
    items, total = queries.list_items(
        db, kind=kind.name, text=q, state=state, offset=(number - 1) * PER_PAGE, limit=PER_PAGE
    )
    paging = check_in_range(Page(number, PER_PAGE, total))
    return staff_page(
        request,
        "staff/list.html",
        kind=kind,
        items=items,
        total=total,
        q=q,
        state=state,
        filters=queries.FILTERS,
        page=paging,
        base_query=[("q", q), ("state", state)],
    )


def _form_page(
    request,
    db,
    kind: Kind,
    *,
    item: ContentItem | None,
    values: dict,
    errors: dict,
    base: int,
    status_code: int = 200,
    conflict=None,
    data: dict | None = None,
):
    fields, groups = FORMS[kind.name]
    options = choices_for(db) | {"suggestions": leaflets.suggestions(kind.name, values)}
    return staff_page(
        request,
        "staff/edit.html",
        status_code=status_code,
        kind=kind,
        item=item,
        values=values,
        errors=errors,
        base=base,
        fields=fields,
        groups=groups,
        options=options,
        conflict=conflict,
        findings=leaflets.findings(kind.name, data),
    )


@router.get("/{plural}/new", name="staff_new")
def new_form(request: Request, db: SessionDep, user: EditorUser, kind: KindDep):
    values = forms.values_from(
        kind.name, {"status": "active"} if kind.name in (PageKind.service, PageKind.activity) else {}
    )
    return _form_page(request, db, kind, item=None, values=values, errors={}, base=0)


def _validate(db, kind: Kind, sub: forms.Submission):
    try:
        document = kind.document(sub.data)
        errors = dict(sub.problems)
    except ValidationError as exc:
        document, errors = None, forms.errors_from(kind.name, exc, sub)
    for field, message in Choices.load(db).problems(kind.name, sub.data).items():
        errors.setdefault(field, message)
    return (None if errors else document), errors


@router.post("/{plural}/new")
def create(request: Request, db: SessionDep, user: EditorUser, kind: KindDep, form: FormDep):
    sub = forms.parse(kind.name, form)
    document, errors = _validate(db, kind, sub)
    if document is not None:
        try:
            item = workflow.create(db, kind.name, document, author=user.username)
        except workflow.Refused as refused:
            errors = refused.problems
    if errors:
        db.rollback()
        return _form_page(
            request, db, kind, item=None, values=sub.values, errors=errors, base=0, status_code=400, data=sub.data
        )
    db.commit()
    return _done(request, kind, item, "created")


def _done(request, kind: Kind, item: ContentItem, done: str):
    """Back to the item's page, which confirms what was done."""
    response = see_other(request, "staff_item", plural=kind.plural, slug=item.slug)
    response.headers["location"] += f"?done={done}"
    return response


@router.get("/{plural}/{slug}", name="staff_item")
def item_page(request: Request, db: SessionDep, user: StaffUser, kind: KindDep, slug: SlugDep, done: str = ""):
    item = item_or_404(db, kind, slug)
    latest = history.latest_revision(db, item)
    published = history.revision(db, item, item.published) if item.published else None
    changes = compare(kind.name, published.data, latest.data) if published and item.has_draft else []
    return staff_page(
        request,
        "staff/item.html",
        kind=kind,
        item=item,
        details=flatten(kind.name, latest.data),
        changes=changes,
        done=done if done.isalpha() else "",
        may_edit=user.has(Role.editor),
        may_publish=may_publish(user, kind),
        findings=leaflets.findings(kind.name, latest.data),
    )


def may_publish(user, kind: Kind) -> bool:
    """Editors publish pages; an easy-read leaflet needs a reviewer's approval, so only reviewers publish it, and
    only those who review English (the leaflet's source): a reviewer of Arabic approves Arabic, not English."""
    if kind.reviewed:
        return user.may_work_in(Role.reviewer, locales.SOURCE_LOCALE.code)
    return user.has(Role.editor)


@router.get("/{plural}/{slug}/edit", name="staff_edit")
def edit_form(request: Request, db: SessionDep, user: EditorUser, kind: KindDep, slug: SlugDep):
    item = item_or_404(db, kind, slug)
    data = history.latest_revision(db, item).data
    return _form_page(
        request, db, kind, item=item, values=forms.values_from(kind.name, data), errors={}, base=item.latest, data=data
    )


@router.post("/{plural}/{slug}/edit")
def save(request: Request, db: SessionDep, user: EditorUser, kind: KindDep, slug: SlugDep, form: FormDep):
    item = item_or_404(db, kind, slug)
    sub = forms.parse(kind.name, form)
    sub.data["slug"] = item.slug  # the address never changes
    previous = history.latest_revision(db, item).data
    if previous.get("id"):
        sub.data["id"] = previous["id"]  # the id another directory gave it (not on the form) stays
    forms.keep_order(kind.name, sub.data, previous)
    base = base_version(form)
    document, errors = _validate(db, kind, sub)
    if errors:
        return _form_page(
            request, db, kind, item=item, values=sub.values, errors=errors, base=base, status_code=400, data=sub.data
        )
    try:
        saved = workflow.save_draft(db, item, document, base=base, author=user.username)
        done = "saved" if saved else "unchanged"
        if (
            form.get("then") == "publish"
            and kind.name != PageKind.leaflet
            and (  # leaflets: approved on their page
                saved or item.has_draft or item.state != "published"
            )
        ):
            workflow.publish(db, item, base=item.latest, author=user.username)
            audit.record(
                db,
                actor=user.username,
                action="publish",
                target=f"{kind.name}:{item.slug}",
                detail=f"version {item.latest}",
                client=client_address(request),
            )
            done = "published"
    except workflow.Conflict as conflict:
        db.rollback()
        theirs = conflict.theirs
        mine = dump(document)
        return _form_page(
            request,
            db,
            kind,
            item=item,
            values=sub.values,
            errors={},
            base=theirs.number,
            status_code=409,
            conflict={"theirs": theirs, "changes": compare(kind.name, theirs.data, mine)},
            data=sub.data,
        )
    except workflow.Refused as refused:
        db.rollback()
        return _form_page(
            request,
            db,
            kind,
            item=item,
            values=sub.values,
            errors=refused.problems,
            base=base,
            status_code=400,
            data=sub.data,
        )
    db.commit()
    return _done(request, kind, item, done)
