"""``/sitemap.xml`` (or a sitemap index and ``/sitemap-N.xml``) and ``/robots.txt``."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from app.db import SessionDep
from app.opendata import sitemap

router = APIRouter()
XML = "application/xml; charset=utf-8"


def _base(request: Request) -> str:
    """The site's configured public address: never the request's Host, which the client chooses."""
    return request.app.state.settings.site_url


@router.get("/sitemap.xml", include_in_schema=False)
def sitemap_xml(request: Request, session: SessionDep) -> Response:
    pages = sitemap.pages(session)
    files = sitemap.file_count(len(pages))
    if files > 1:
        return Response(sitemap.index(_base(request), files), media_type=XML)
    return Response("".join(sitemap.urlset(_base(request), pages)), media_type=XML)


@router.get("/sitemap-{number}.xml", include_in_schema=False)
def sitemap_part(request: Request, session: SessionDep, number: str) -> Response:
    pages = sitemap.pages(session)
    files = sitemap.file_count(len(pages))
    if not number.isdigit() or not 1 <= int(number) <= files or files == 1:
        raise HTTPException(status_code=404)
    size = sitemap.pages_per_file()
    chunk = pages[(int(number) - 1) * size : int(number) * size]
    return Response("".join(sitemap.urlset(_base(request), chunk)), media_type=XML)


@router.get("/robots.txt", include_in_schema=False)
def robots(request: Request) -> PlainTextResponse:
    return PlainTextResponse(
        "User-agent: *\nDisallow: /staff/\nDisallow: /language\nDisallow: /api/search\n"
        f"Sitemap: {_base(request)}/sitemap.xml\n"
    )
