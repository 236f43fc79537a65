"""Bulk import of services from CSV: upload, preview, then apply all or nothing."""

from collections.abc import Sequence

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.accounts import audit
from app.accounts.deps import EditorUser
from app.db import SessionDep
from app.i18n.context import gettext as _
from app.opendata.csv_export import csv_response
from app.publishing import workflow
from app.staff import csv_import
from app.staff.pages import client_address, staff_page

router = APIRouter()
MAX_UPLOAD = 1024 * 1024
MAX_ORUK_UPLOAD = 4 * 1024 * 1024


@router.get("/import", name="staff_import")
def import_form(request: Request, user: EditorUser):
    return staff_page(request, "staff/import.html", errors={}, preview=None, text="")


@router.get("/import/template.csv", name="staff_import_template")
def template(user: EditorUser):
    return csv_response("services-template", csv_import.columns(), [])


@router.get("/import/services.csv", name="staff_export_services")
def export(request: Request, db: SessionDep, user: EditorUser):
    rows = csv_import.export_rows(db)
    audit.record(
        db,
        actor=user.username,
        action="export",
        target="services CSV",
        detail=f"{len(rows)} services",
        client=client_address(request),
    )
    db.commit()
    return csv_response("services", csv_import.columns(), rows)


async def _uploaded_text(form) -> tuple[str, dict[str, str]]:
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            return "", {"file": _("The file must be smaller than 1 MB")}
        try:
            return content.decode("utf-8-sig"), {}
        except UnicodeDecodeError:
            return "", {"file": _("The file must be a CSV file saved as UTF-8 (in Excel: “CSV UTF-8”)")}
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        return text[:MAX_UPLOAD], {}
    return "", {"file": _("Select a CSV file")}


def _run(request, db, user, text: str, apply: bool, publish: bool):
    preview = csv_import.preview(db, text)
    if not apply or not preview.ok:
        return staff_page(
            request, "staff/import.html", status_code=200 if preview.ok else 400, errors={}, preview=preview, text=text
        )
    try:
        changed = csv_import.apply(db, preview, author=user.username, publish=publish)
    except (workflow.Conflict, workflow.Refused):
        db.rollback()
        return staff_page(
            request,
            "staff/import.html",
            status_code=409,
            preview=csv_import.preview(db, text),
            text=text,
            errors={"file": _("Someone changed these services while you were importing. Check the preview again")},
        )
    audit.record(
        db,
        actor=user.username,
        action="import",
        target="services CSV",
        detail=f"{changed} services{' published' if publish else ' saved as drafts'}",
        client=client_address(request),
    )
    db.commit()
    return staff_page(
        request, "staff/import.html", errors={}, preview=None, text="", imported=changed, published=publish
    )


@router.post("/import")
async def upload(request: Request, db: SessionDep, user: EditorUser):
    form = await request.form()
    text, errors = await _uploaded_text(form)
    if errors:
        return staff_page(request, "staff/import.html", status_code=400, errors=errors, preview=None, text="")
    return await run_in_threadpool(
        _run, request, db, user, text, form.get("then") == "apply", form.get("publish") == "yes"
    )


def _oruk_page(
    request: Request, *, problems: Sequence[tuple[str, str]] = (), more: int = 0, report=None, status_code: int = 200
):
    """The ORUK import page: the form, with the (first) problems and a count of the rest, or the report."""
    return staff_page(
        request, "staff/import_oruk.html", status_code=status_code, problems=problems, more=more, report=report
    )


@router.get("/import/oruk", name="staff_import_oruk")
def oruk_form(request: Request, user: EditorUser):
    return _oruk_page(request)


def _import_oruk(request, db, user, content: bytes, filename: str):
    import tempfile
    from pathlib import Path

    from app.oruk.importer import import_services
    from app.oruk.sources import ImportProblems, read

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.json"
        path.write_bytes(content)
        try:
            report = import_services(db, read(str(path)), as_drafts=True, author=user.username)
        except ImportProblems as problems:
            db.rollback()
            return _oruk_page(
                request,
                status_code=400,
                more=problems.more,
                problems=[(problem.path, problem.message) for problem in problems.problems],
            )
    audit.record(
        db,
        actor=user.username,
        action="import",
        target=f"ORUK {filename}"[:200],
        detail=", ".join(f"{count} {what}" for what, count in report.drafts.items()) + " drafts",
        client=client_address(request),
    )
    db.commit()
    return _oruk_page(request, report=report)


@router.post("/import/oruk")
async def oruk_upload(request: Request, db: SessionDep, user: EditorUser):
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _oruk_page(request, status_code=400, problems=[("", _("Select a JSON file"))])
    content = await upload.read(MAX_ORUK_UPLOAD + 1)
    if len(content) > MAX_ORUK_UPLOAD:
        return _oruk_page(request, status_code=400, problems=[("", _("The file must be smaller than 4 MB"))])
    return await run_in_threadpool(_import_oruk, request, db, user, content, upload.filename)
