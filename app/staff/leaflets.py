"""The staff side of easy read: findings and picture suggestions on the leaflet forms, and the picture library
(search OpenMoji, upload your own)."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import col, select
from starlette.datastructures import UploadFile

from app.accounts import audit
from app.accounts.deps import EditorUser, StaffUser
from app.db import SessionDep
from app.easyread import checker, pictures, queries, uploads
from app.easyread.models import Picture
from app.i18n.context import gettext as _
from app.publishing.models import ContentItem, Revision
from app.publishing.page_kinds import PageKind
from app.staff.pages import client_address, see_other, staff_page
from app.ui.params import FormDep, clean, one_line

router = APIRouter()
SUGGESTIONS = 6


def findings(kind: str, data: dict | None) -> list | None:
    """The checker's findings on a leaflet's document (None: not a leaflet, so nothing to show)."""
    return checker.check(data) if kind == PageKind.leaflet and data is not None else None


def suggestions(kind: str, values: dict) -> dict[str, list]:
    """Suggested pictures for a leaflet form's cover and each row, from the words the form holds."""
    if kind != PageKind.leaflet:
        return {}
    found = {"cover": pictures.suggest(f"{values.get('title', '')} {values.get('summary', '')}", SUGGESTIONS)}
    for index in range(values.get("rows-count", 0) + 1):
        text = values.get(f"rows-{index}-text", "")
        if text:
            found[f"rows-{index}-picture"] = pictures.suggest(text, SUGGESTIONS)
    return found


def translation_findings(db, kind: str, slug: str, locale) -> list | None:
    """The checker's findings on a leaflet's translation, once it is complete (None: not a leaflet, or not
    complete yet, so there is nothing whole to check)."""
    if kind != PageKind.leaflet:
        return None
    data = queries.leaflet_data(db, slug, locale)
    return checker.check(data, locale.code) if data is not None else None


def leaflets_using(db, ref: str) -> list[str]:
    """Titles of the leaflets whose newest or published version shows the picture ``ref``."""
    query = (
        select(ContentItem.title, Revision.data)
        .join(Revision, col(Revision.item_id) == ContentItem.id)
        .where(
            ContentItem.kind == PageKind.leaflet,
            (Revision.number == ContentItem.latest) | (Revision.number == ContentItem.published),
        )
    )
    return sorted(
        {
            title
            for title, data in db.exec(query).all()
            if ref in [data.get("cover")] + [row.get("picture") for row in data.get("rows", [])]
        }
    )


async def _upload(form: FormDep) -> bytes | None:
    """The uploaded file's bytes (one byte over the limit at most), read in the event loop."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload.read(uploads.MAX_BYTES + 1)
    return None


UploadDep = Annotated[bytes | None, Depends(_upload)]


def _library_page(request, db, q: str, errors: dict, values: dict, status_code: int = 200, done: str = ""):
    found = pictures.search(q) if q else []
    query = select(Picture).order_by(col(Picture.created_at).desc()).limit(60)
    if q:
        pattern = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(col(Picture.description).ilike(pattern) | col(Picture.keywords).ilike(pattern))
    uploaded = db.exec(query).all()
    return staff_page(
        request,
        "staff/pictures.html",
        status_code=status_code,
        q=q,
        found=found,
        uploaded=uploaded,
        errors=errors,
        values=values,
        done=done,
    )


@router.get("/pictures", name="staff_pictures")
def library(request: Request, db: SessionDep, user: StaffUser, q: str = "", done: str = ""):
    return _library_page(request, db, clean(q).strip()[:100], {}, {}, done=done if done.isalpha() else "")


@router.post("/pictures", name="staff_upload_picture")
def upload(request: Request, db: SessionDep, user: EditorUser, form: FormDep, data: UploadDep):
    description = one_line(str(form.get("description", "")))
    keywords = one_line(str(form.get("keywords", "")))
    values = {"description": description, "keywords": keywords}
    errors: dict[str, str] = {}
    try:
        name, media_type, cleaned = uploads.accept(data or b"")
    except uploads.UploadRefused as refused:
        errors["file"] = str(refused)
    if not description:
        errors["description"] = _("Enter what the picture shows")
    elif len(description) > 300 or len(keywords) > 300:
        errors["description" if len(description) > 300 else "keywords"] = _("This must be 300 characters or fewer")
    if errors:
        return _library_page(request, db, "", errors, values, status_code=400)
    if db.get(Picture, name) is None:
        db.add(
            Picture(
                name=name,
                media_type=media_type,
                data=cleaned,
                description=description,
                keywords=keywords,
                uploaded_by=user.username,
            )
        )
        audit.record(
            db,
            actor=user.username,
            action="picture-uploaded",
            target=f"picture:{name}",
            detail=description[:200],
            client=client_address(request),
        )
        db.commit()
    response = see_other(request, "staff_pictures")
    response.headers["location"] += "?done=uploaded"
    return response


@router.post("/pictures/{name}/delete", name="staff_delete_picture")
def delete(request: Request, db: SessionDep, user: EditorUser, name: str):
    picture = db.get(Picture, name[:40])
    if picture is None:
        raise HTTPException(status_code=404)
    used = leaflets_using(db, f"upload:{picture.name}")
    if used:
        return _library_page(
            request,
            db,
            "",
            {"": _("This picture is used in: %(titles)s. Choose another picture there first", titles="; ".join(used))},
            {},
            status_code=409,
        )
    db.delete(picture)
    audit.record(
        db,
        actor=user.username,
        action="picture-deleted",
        target=f"picture:{picture.name}",
        detail=picture.description[:200],
        client=client_address(request),
    )
    db.commit()
    response = see_other(request, "staff_pictures")
    response.headers["location"] += "?done=deleted"
    return response
