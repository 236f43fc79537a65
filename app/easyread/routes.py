"""Public easy-read pages: the list, a leaflet as a web page and as a PDF, and the pictures they show."""

from fastapi import APIRouter, HTTPException, Request, Response
from sqlmodel import select

from app.db import SessionDep
from app.easyread import pictures, queries
from app.easyread.models import Picture
from app.easyread.pdf import RETRY_AFTER_SECONDS, PdfUnavailable
from app.i18n.negotiate import LocaleDep
from app.ui.params import SlugDep
from app.ui.templating import render

router = APIRouter()
_FOREVER = "public, max-age=31536000, immutable"  # a picture's name is its content's hash or its library code
_UPLOADED_SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@router.get("/{lang}/easy-read", name="leaflets")
def leaflet_list(request: Request, lang: LocaleDep, session: SessionDep):
    leaflets, all_translated = queries.list_in_language(session, lang)
    return render(request, "easyread/list.html", leaflets=leaflets, all_translated=all_translated)


def _leaflet_or_404(session, slug: str):
    leaflet = queries.get_leaflet(session, slug)
    if leaflet is None:
        raise HTTPException(status_code=404)
    return leaflet


@router.get("/{lang}/easy-read/{slug}.pdf", name="leaflet_pdf")
def leaflet_pdf(request: Request, lang: LocaleDep, session: SessionDep, slug: SlugDep):
    leaflet = _leaflet_or_404(session, slug)
    local = queries.in_language(session, leaflet, lang)
    shown = lang if local.translated else None
    try:
        document = request.app.state.leaflet_pdfs.get(session, local.item, shown)
    except PdfUnavailable:  # logged where it failed; the reader can read the web page meanwhile
        response = render(request, "easyread/pdf_unavailable.html", status_code=503, leaflet=local.item)
        response.headers.update({"retry-after": str(RETRY_AFTER_SECONDS), "cache-control": "no-store"})
        return response
    code = shown.code if shown else "en"
    return Response(
        document,
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="{slug}-{code}.pdf"',
            "cache-control": "public, max-age=300",
        },
    )


@router.get("/{lang}/easy-read/{slug}", name="leaflet")
def leaflet_page(request: Request, lang: LocaleDep, session: SessionDep, slug: SlugDep):
    leaflet = _leaflet_or_404(session, slug)
    local = queries.in_language(session, leaflet, lang)
    return render(
        request,
        "easyread/leaflet.html",
        leaflet=local.item,
        local=local,
        related=queries.linked_pages(session, leaflet.links),
    )


@router.get("/pictures/openmoji/{code}.svg", name="library_picture")
def library_picture(code: str):
    data = pictures.svg(code)
    if data is None:
        raise HTTPException(status_code=404)
    return Response(data, media_type="image/svg+xml", headers={"cache-control": _FOREVER})


@router.get("/pictures/upload/{name}", name="uploaded_picture")
def uploaded_picture(session: SessionDep, name: str):
    picture = session.exec(select(Picture).where(Picture.name == name[:40])).first()
    if picture is None:
        raise HTTPException(status_code=404)
    headers = {"cache-control": _FOREVER, "x-content-type-options": "nosniff"}
    if picture.media_type == "image/svg+xml":
        headers["content-security-policy"] = _UPLOADED_SVG_POLICY
    return Response(picture.data, media_type=picture.media_type, headers=headers)
