"""Spreadsheet downloads of list pages (``?format=csv``). Cells that a spreadsheet would run as a formula are
prefixed with an apostrophe, so a downloaded file can never execute anything."""

import csv
import io
from collections.abc import Iterable

from fastapi import HTTPException
from fastapi.responses import Response

from app.directory.models import Location, Service
from app.directory.vocabulary import ACCESSIBILITY_FEATURES, language_name

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def wants_csv(format: str) -> bool:
    """``?format=csv`` asks for a download; no value is the page; anything else is a clear 400."""
    if format in ("", "html"):
        return False
    if format == "csv":
        return True
    raise HTTPException(status_code=400, detail="The format can only be csv.")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return Response(
        buffer.getvalue().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def _places(service: Service) -> list[Location]:
    return [link.location for link in service.locations if link.location.kind == "physical"]


def services_csv(filename: str, services: list[Service], base_url: str) -> Response:
    header = ["Service", "Topics", "Phone", "Email", "Address", "Postcode", "Languages", "Accessibility", "Web page"]
    rows = []
    for service in services:
        places = _places(service)
        rows.append(
            [
                service.name,
                "; ".join(t.name for t in service.terms_in("topics")),
                "; ".join(p.number for p in service.phones),
                service.email or "",
                "; ".join(p.address_1 or "" for p in places),
                "; ".join(p.postcode or "" for p in places),
                "; ".join(language_name(code) for code in service.languages),
                "; ".join(sorted({str(ACCESSIBILITY_FEATURES.get(f, f)) for p in places for f in p.accessibility})),
                f"{base_url}/services/{service.slug}",
            ]
        )
    return csv_response(filename, header, rows)


def hubs_csv(hubs: list[Location], base_url: str) -> Response:
    header = ["Community hub", "Address", "Postcode", "Phone", "Email", "Accessibility", "Web page"]
    rows = [
        [
            hub.name,
            hub.address_1,
            hub.postcode,
            "; ".join(p.number for p in hub.phones),
            hub.email or "",
            "; ".join(str(ACCESSIBILITY_FEATURES.get(f, f)) for f in hub.accessibility),
            f"{base_url}/hubs/{hub.slug}",
        ]
        for hub in hubs
    ]
    return csv_response("community-hubs", header, rows)
