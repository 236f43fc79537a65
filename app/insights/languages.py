"""The languages a resident can ask for: every language CLDR has data for (about 300), plus sign languages and
Makaton, each named in the reader's language and in its own."""

from functools import lru_cache

from babel import Locale, UnknownLocaleError, localedata

from app.insights.vocabulary import EXTRA_LANGUAGES


@lru_cache(maxsize=1)
def language_codes() -> tuple[str, ...]:
    codes = {identifier.split("_")[0] for identifier in localedata.locale_identifiers()}
    codes.discard("root")
    return tuple(sorted(codes | set(EXTRA_LANGUAGES)))


def endonym(code: str) -> str:
    """A language's name in itself ("العربية", "Soomaali"), or "" where CLDR does not know it."""
    try:
        return Locale.parse(code).get_display_name(code) or ""
    except (ValueError, UnknownLocaleError):
        return ""


def name_in(code: str, reader: Locale) -> str:
    if code in EXTRA_LANGUAGES:
        return str(EXTRA_LANGUAGES[code])
    return reader.languages.get(code) or endonym(code) or code


@lru_cache(maxsize=32)
def choices(reader_code: str) -> tuple[tuple[str, str], ...]:
    """(code, "Name — Endonym") sorted by the name in the reader's language."""
    reader = Locale.parse(reader_code)
    options = []
    for code in language_codes():
        name, own = name_in(code, reader), endonym(code)
        label = name if not own or own.casefold() == name.casefold() else f"{name} — {own}"
        options.append((code, label))
    return tuple(sorted(options, key=lambda option: option[1].casefold()))


def is_choice(code: str) -> bool:
    return code in language_codes()
