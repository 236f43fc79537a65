"""The ONE registry of locales. URL prefixes, negotiation, the language switcher, ``dir``, catalog compilation,
machine translation and search all read it; adding a locale is one entry here plus one PO file."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from babel import Locale as BabelLocale


@dataclass(frozen=True)
class Locale:
    code: str  # BCP 47: URL prefix, lang and hreflang attributes
    english_name: str
    babel_code: str = ""  # Babel/CLDR identifier when it differs from ``code`` (en_GB, fil, zh_Hans)
    argos_code: str | None = None  # Argos Translate language code; None when no model exists
    analyzer: str = "simple"  # search analyzer family (the search issue fills these in)
    aliases: tuple[str, ...] = field(default=())  # other tags that mean this locale in Accept-Language
    easyread_checks: tuple[str, ...] = ("sentence-length", "rows", "pictures")

    @cached_property
    def babel(self) -> BabelLocale:
        return BabelLocale.parse(self.babel_code or self.code.replace("-", "_"))

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        return "rtl" if self.babel.character_order == "right-to-left" else "ltr"

    @property
    def endonym(self) -> str:
        """The language's name in itself, from CLDR."""
        name = self.babel.languages.get(self.code.replace("-", "_")) or self.babel.languages.get(self.code)
        name = name or self.english_name
        return name[:1].upper() + name[1:]

    @property
    def catalog_name(self) -> str:
        """The folder under locales/ (gettext wants underscores)."""
        return self.code.replace("-", "_")


LOCALES: tuple[Locale, ...] = (
    Locale("en", "English", babel_code="en_GB", argos_code="en", analyzer="english"),
    Locale("ar", "Arabic", argos_code="ar", analyzer="arabic"),
    Locale("bn", "Bengali", argos_code="bn", analyzer="bengali"),
    Locale("es", "Spanish", argos_code="es", analyzer="spanish"),
    Locale("fa", "Farsi", argos_code="fa", analyzer="persian"),
    Locale("fr", "French", argos_code="fr", analyzer="french"),
    Locale("it", "Italian", argos_code="it", analyzer="italian"),
    Locale("pl", "Polish", argos_code="pl", analyzer="polish"),
    Locale("pt", "Portuguese", argos_code="pt", analyzer="portuguese"),
    Locale("ro", "Romanian", argos_code="ro", analyzer="romanian"),
    Locale("ru", "Russian", argos_code="ru", analyzer="russian"),
    Locale("so", "Somali", argos_code=None, analyzer="somali"),
    Locale("tl", "Tagalog", babel_code="fil", argos_code="tl", analyzer="tagalog", aliases=("fil",)),
    Locale("tr", "Turkish", argos_code="tr", analyzer="turkish"),
    Locale("ur", "Urdu", argos_code="ur", analyzer="urdu"),
    Locale(
        "zh-Hans",
        "Chinese (simplified)",
        babel_code="zh_Hans",
        argos_code="zh",
        analyzer="chinese",
        aliases=("zh", "zh-CN", "zh-SG", "zh-Hans-CN"),
    ),
)
DEFAULT_LOCALE = LOCALES[0]
SOURCE_LOCALE = DEFAULT_LOCALE  # content is written in English


def by_code() -> dict[str, Locale]:
    return {locale.code: locale for locale in LOCALES}


def get_locale(code: str) -> Locale | None:
    return by_code().get(code)
