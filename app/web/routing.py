"""Walk an application's route table (FastAPI nests included routers), for checks that cover every route."""

from collections.abc import Iterator

from fastapi import FastAPI


def iter_routes(app_or_router, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(full path, route) for every route, however deeply routers are included."""
    for route in app_or_router.routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            context = getattr(route, "include_context", None)
            yield from iter_routes(nested, prefix + (getattr(context, "prefix", "") or ""))
        elif hasattr(route, "path"):
            yield prefix + route.path, route


def public_sections(app: FastAPI) -> set[str]:
    """First path segments of the public pages (``services``, ``hubs``…): unprefixed paths starting with one of
    these are redirected to the reader's language."""
    sections = set()
    for path, _route in iter_routes(app):
        parts = path.split("/")
        if len(parts) > 2 and parts[1] == "{lang}" and parts[2] and not parts[2].startswith("{"):
            sections.add(parts[2])
    return sections
