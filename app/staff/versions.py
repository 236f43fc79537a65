"""Publishing actions and history: publish, unpublish, archive, the list of versions, one version with what
changed, and restoring an old version as a new draft."""

from fastapi import APIRouter, HTTPException, Request

from app.accounts import audit
from app.accounts.deps import EditorUser, StaffUser
from app.accounts.models import Role
from app.db import SessionDep
from app.publishing import history, workflow
from app.publishing.page_kinds import PageKind
from app.staff import leaflets, people
from app.staff.diff import compare, flatten
from app.staff.items import KindDep, _done, base_version, item_or_404, may_publish
from app.staff.pages import client_address, staff_page
from app.ui.params import FormDep, SlugDep

router = APIRouter()
ACTIONS = {"publish": "published", "unpublish": "unpublished", "archive": "archived"}


def _act(request, db, user, kind, item, action: str, form):
    if not (may_publish(user, kind) if action == "publish" else user.has(Role.editor)):
        raise HTTPException(
            status_code=403,
            detail="Only a reviewer can approve and publish an easy-read leaflet."
            if kind.name == PageKind.leaflet
            else "You need the editor role to do this.",
        )
    base = base_version(form)
    try:
        if action == "publish":
            workflow.publish(db, item, base=base, author=user.username, acknowledged=form.get("acknowledge") == "yes")
        else:
            workflow.withdraw(db, item, base=base, author=user.username, archive=action == "archive")
    except (workflow.Conflict, workflow.Refused) as problem:
        db.rollback()
        message = (
            "; ".join(problem.problems.values())
            if isinstance(problem, workflow.Refused)
            else ("Someone saved a newer version while you were looking. Check it, then try again.")
        )
        return _item_with_problem(request, db, user, kind, item, message)
    audit.record(
        db,
        actor=user.username,
        action=action,
        target=f"{kind.name}:{item.slug}",
        detail=f"version {item.latest}",
        client=client_address(request),
    )
    db.commit()  # search and the leaflet's PDFs follow the change log (app/publishing/changes.py)
    return _done(request, kind, item, ACTIONS[action])


def _item_with_problem(request, db, user, kind, item, message: str):
    db.refresh(item)
    latest = history.latest_revision(db, item)
    return staff_page(
        request,
        "staff/item.html",
        status_code=409,
        kind=kind,
        item=item,
        details=flatten(kind.name, latest.data),
        changes=[],
        done="",
        problem=message,
        may_edit=user.has(Role.editor),
        may_publish=may_publish(user, kind),
        findings=leaflets.findings(kind.name, latest.data),
    )


def _action_route(action: str):
    def act(request: Request, db: SessionDep, user: StaffUser, kind: KindDep, slug: SlugDep, form: FormDep):
        return _act(request, db, user, kind, item_or_404(db, kind, slug), action, form)

    return act


for _action in ACTIONS:
    router.add_api_route(
        f"/{{plural}}/{{slug}}/{_action}", _action_route(_action), methods=["POST"], name=f"staff_{_action}"
    )


@router.get("/{plural}/{slug}/history", name="staff_history")
def history_page(request: Request, db: SessionDep, user: StaffUser, kind: KindDep, slug: SlugDep):
    item = item_or_404(db, kind, slug)
    return staff_page(
        request,
        "staff/history.html",
        kind=kind,
        item=item,
        revisions=history.revisions(db, item),
        names=people.display_names(db),
    )


def _revision_or_404(db, item, number: str):
    if not number.isdigit() or len(number) > 9:
        raise HTTPException(status_code=404)
    revision = history.revision(db, item, int(number))
    if revision is None:
        raise HTTPException(status_code=404)
    return revision


@router.get("/{plural}/{slug}/versions/{number}", name="staff_version")
def version_page(request: Request, db: SessionDep, user: StaffUser, kind: KindDep, slug: SlugDep, number: str):
    item = item_or_404(db, kind, slug)
    revision = _revision_or_404(db, item, number)
    previous = history.revision(db, item, revision.number - 1)
    return staff_page(
        request,
        "staff/version.html",
        kind=kind,
        item=item,
        revision=revision,
        details=flatten(kind.name, revision.data),
        changes=compare(kind.name, previous.data if previous else None, revision.data),
        names=people.display_names(db),
    )


def _restore(request, db, user, kind, item, revision, form):
    try:
        workflow.restore(db, item, revision.number, base=base_version(form), author=user.username)
    except workflow.Conflict:
        db.rollback()
        return _item_with_problem(
            request,
            db,
            user,
            kind,
            item,
            "Someone saved a newer version while you were looking. Check it, then try again.",
        )
    audit.record(
        db,
        actor=user.username,
        action="restore",
        target=f"{kind.name}:{item.slug}",
        detail=f"version {revision.number}",
        client=client_address(request),
    )
    db.commit()
    return _done(request, kind, item, "restored")


@router.post("/{plural}/{slug}/versions/{number}/restore", name="staff_restore")
def restore(
    request: Request, db: SessionDep, user: EditorUser, kind: KindDep, slug: SlugDep, number: str, form: FormDep
):
    item = item_or_404(db, kind, slug)
    return _restore(request, db, user, kind, item, _revision_or_404(db, item, number), form)
