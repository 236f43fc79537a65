"""Checking the "help in your language or another format" form: plain messages per field, everything typed kept."""

from dataclasses import dataclass, field

from app.i18n.context import gettext as _
from app.insights import languages
from app.insights.models import HelpRequest
from app.insights.vocabulary import CONTACT_DETAIL, CONTACT_METHODS, NEEDS
from app.ui import validators
from app.ui.params import clean, one_line

LIMITS = {"name": 120, "contact_detail": 300, "language_other": 100, "large_print_size": 20, "message": 2000}
MULTI_LINE = frozenset({"message"})
HONEYPOT = "website"  # hidden from people; a robot that fills it in gets a polite "sent" and nothing is stored


@dataclass
class HelpForm:
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_robot(self) -> bool:
        return bool(self.values.get(HONEYPOT))


def _text(form, name: str) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        return ""
    return clean(value).strip() if name in MULTI_LINE else one_line(value)


def read(form) -> HelpForm:
    result = HelpForm()
    values = result.values
    for name in (*LIMITS, "contact_method", "language", "interpreter", "consent", HONEYPOT):
        values[name] = _text(form, name)
    values["needs"] = [clean(v) for v in form.getlist("needs") if isinstance(v, str)]
    errors = result.errors
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = _("This must be %(max)s characters or fewer", max=limit)
    method = values["contact_method"]
    if method not in CONTACT_METHODS:
        errors["contact_method"] = _("Choose how we should contact you")
    elif not values["contact_detail"]:
        errors.setdefault(
            "contact_detail", _("Tell us how to reach you: %(what)s", what=str(CONTACT_DETAIL[method]).lower())
        )
    elif method in ("phone", "text"):
        try:
            validators.uk_phone(values["contact_detail"])
        except ValueError:
            errors["contact_detail"] = _("Enter a UK phone number, like 020 7946 0123")
    elif method == "email":
        try:
            validators.email(values["contact_detail"])
        except ValueError:
            errors["contact_detail"] = _("Enter an email address, like name@example.org")
    if values["language"] and not languages.is_choice(values["language"]):
        errors["language"] = _("Choose a language from the list, or type it in the box below")
    if values["interpreter"] not in ("", "yes", "no"):
        errors["interpreter"] = _("Choose yes or no")
    if any(need not in NEEDS for need in values["needs"]):
        errors["needs"] = _("Choose the support you need from the list")
    if not (values["language"] or values["language_other"] or values["needs"] or values["message"]):
        errors.setdefault("language", _("Tell us the language you need, the support you need, or both"))
    if values["consent"] != "yes":
        errors["consent"] = _("Tick the box to say we may use your details to contact you")
    return result


def to_request(form: HelpForm, *, locale: str) -> HelpRequest:
    v = form.values
    needs = [need for need in NEEDS if need in v["needs"]]  # the list's order, no repeats
    return HelpRequest(
        locale=locale,
        name=v["name"],
        contact_method=v["contact_method"],
        contact_detail=v["contact_detail"],
        language=v["language"],
        language_other=v["language_other"],
        interpreter=v["interpreter"] == "yes",
        needs=needs,
        large_print_size=v["large_print_size"] if "large-print" in needs else "",
        message=v["message"],
    )
