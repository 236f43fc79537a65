"""The index schema, built from the locale registry: one set of text fields per locale, each with that locale's
analyzer, plus keyword fields for facets (field boosts come from the contract, shared by every backend)."""

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from app.i18n import locales
from app.search.analyzers import analyzer_for
from app.search.contract import BOOSTS, TEXT_FIELDS


def text_field(name: str, locale: locales.Locale) -> str:
    return f"{name}_{locale.catalog_name}"


def build_schema() -> Schema:
    fields = {
        "id": ID(unique=True, stored=True),  # "service:carers-found:ar"
        "page": ID(stored=True),  # "service:carers-found": one page, whatever the language
        "locale": ID(stored=True),
        "kind": ID(stored=True),
        "slug": ID(stored=True),
        "locales": KEYWORD(stored=True, commas=True),  # every locale the page can be read in
        "topics": KEYWORD(stored=True, commas=True, scorable=False),
        "service_types": KEYWORD(stored=True, commas=True),
        "areas": KEYWORD(stored=True, commas=True),
        "languages": KEYWORD(stored=True, commas=True),
        "accessibility": KEYWORD(stored=True, commas=True),
        "weekdays": KEYWORD(stored=True, commas=True),
        "free": ID(stored=True),
        "min_age": NUMERIC(stored=True),
        "max_age": NUMERIC(stored=True),
        "updated": DATETIME(stored=True),
        "active": BOOLEAN(stored=True),
    }
    for locale in locales.LOCALES:
        analyzer = analyzer_for(locale.analyzer)
        for name in TEXT_FIELDS:
            fields[text_field(name, locale)] = TEXT(
                analyzer=analyzer,
                phrase=False,
                field_boost=BOOSTS[name],
                stored=(name != "body"),
                spelling=(name != "body"),
            )
    return Schema(**fields)
