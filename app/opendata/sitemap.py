"""The multilingual sitemap: every public page in every locale, with ``hreflang`` alternates and ``lastmod``;
a sitemap index when it would pass the 50 000 addresses a sitemap file may hold."""

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from sqlmodel import Session, col, select

from app.directory.models import Location, Service, Taxonomy, TaxonomyTerm
from app.easyread.models import Leaflet
from app.guides.models import Guide
from app.i18n import locales

MAX_URLS = 50_000
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'


def pages(session: Session) -> list[tuple[str, datetime | None]]:
    """(path without the locale prefix, last change) of every public page."""
    found: list[tuple[str, datetime | None]] = [
        ("/", None),
        ("/hubs", None),
        ("/whats-on", None),
        ("/guides", None),
        ("/easy-read", None),
        ("/accessibility", None),
    ]
    topics = session.exec(
        select(TaxonomyTerm.slug).join(Taxonomy).where(Taxonomy.slug == "topics").order_by(col(TaxonomyTerm.position))
    ).all()
    found += [(f"/topics/{slug}", None) for slug in topics]
    found += [
        (f"/services/{slug}", updated)
        for slug, updated in session.exec(select(Service.slug, Service.updated_at).order_by(Service.slug)).all()
    ]
    found += [
        (f"/hubs/{slug}", updated)
        for slug, updated in session.exec(
            select(Location.slug, Location.updated_at).where(Location.is_hub).order_by(Location.slug)
        ).all()
    ]
    found += [
        (f"/guides/{slug}", updated)
        for slug, updated in session.exec(select(Guide.slug, Guide.updated_at).order_by(Guide.slug)).all()
    ]
    found += [
        (f"/easy-read/{slug}", updated)
        for slug, updated in session.exec(select(Leaflet.slug, Leaflet.updated_at).order_by(Leaflet.slug)).all()
    ]
    return found


def pages_per_file() -> int:
    return MAX_URLS // len(locales.LOCALES)


def file_count(page_count: int) -> int:
    return max(1, -(-page_count // pages_per_file()))


def urlset(base: str, chunk: list[tuple[str, datetime | None]]) -> Iterator[str]:
    yield HEADER + URLSET
    for path, updated in chunk:
        alternates = "".join(
            f'    <xhtml:link rel="alternate" hreflang="{locale.code}" '
            f"href={quoteattr(base + '/' + locale.code + path)}/>\n"
            for locale in locales.LOCALES
        )
        alternates += f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(base + path)}/>\n'
        lastmod = f"    <lastmod>{updated.date().isoformat()}</lastmod>\n" if updated else ""
        for locale in locales.LOCALES:
            yield f"  <url>\n    <loc>{escape(base + '/' + locale.code + path)}</loc>\n{lastmod}{alternates}  </url>\n"
    yield "</urlset>\n"


def index(base: str, files: int) -> str:
    entries = "".join(
        f"  <sitemap><loc>{escape(f'{base}/sitemap-{n}.xml')}</loc></sitemap>\n" for n in range(1, files + 1)
    )
    return (
        HEADER + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</sitemapindex>\n"
    )
