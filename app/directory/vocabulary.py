"""Closed lists of codes used by directory content, with the English wording shown to residents."""

from babel import Locale

from app.i18n.context import lazy_gettext as _

REFERRAL_METHODS = {
    "self": _("Contact them yourself"),
    "gp": _("Your GP can refer you"),
    "professional": _("Another professional can refer you"),
    "council-assessment": _("After a care needs assessment by the council"),
}

ACCESSIBILITY_FEATURES = {
    "step-free": _("Step-free access"),
    "lift": _("Lift to all floors"),
    "hearing-loop": _("Hearing loop"),
    "accessible-toilet": _("Accessible toilet"),
    "changing-places": _("Changing Places toilet"),
    "bsl-on-request": _("British Sign Language interpreter on request"),
    "accessible-parking": _("Accessible parking"),
    "quiet-space": _("Quiet space"),
    "large-print": _("Large print information"),
    "assistance-dogs-welcome": _("Assistance dogs welcome"),
    "seating": _("Seating while you wait"),
}

# CLDR has no name for British Sign Language; ORUK's language table has no name at all.
SIGN_LANGUAGES = {
    "bfi": _("British Sign Language"),
    "ase": _("American Sign Language"),
}


def language_name(code: str, locale: Locale | str = "en") -> str:
    """The name of a language (by BCP 47 code) in the reader's language."""
    if code in SIGN_LANGUAGES:
        return str(SIGN_LANGUAGES[code])
    locale = Locale.parse(locale) if isinstance(locale, str) else locale
    base = code.split("-")[0]
    return locale.languages.get(code) or locale.languages.get(base) or code


def is_known_language(code: str) -> bool:
    return code in SIGN_LANGUAGES or code.split("-")[0] in Locale("en").languages
