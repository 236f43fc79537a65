"""The ONE registry of locales. Everything about languages is derived from it."""

from dataclasses import dataclass
from typing import Literal

from babel import Locale as BabelLocale


@dataclass(frozen=True)
class Locale:
    code: str  # BCP 47, used in URLs and lang attributes
    english_name: str
    direction: Literal["ltr", "rtl"] = "ltr"
    babel_code: str = ""  # Babel/CLDR identifier when it differs from ``code``

    @property
    def babel(self) -> BabelLocale:
        return BabelLocale.parse(self.babel_code or self.code.replace("-", "_"))

    @property
    def endonym(self) -> str:
        """The language's name in itself, from CLDR."""
        name = self.babel.get_display_name(self.babel) or self.english_name
        return name[:1].upper() + name[1:]


# Only English until the languages issue adds the other fifteen.
LOCALES: tuple[Locale, ...] = (Locale(code="en", english_name="English", babel_code="en_GB"),)
DEFAULT_LOCALE = LOCALES[0]
_BY_CODE = {locale.code: locale for locale in LOCALES}


def get_locale(code: str) -> Locale | None:
    return _BY_CODE.get(code)
