"""Field checks shared by content files and (later) staff forms. Each returns the cleaned value or raises ValueError
with a plain message."""

import re
from datetime import time

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")  # a UK number


def slug(value: str) -> str:
    if not isinstance(value, str) or not _SLUG.match(value) or len(value) > 100:
        raise ValueError("use lower-case letters, digits and single hyphens, like 'home-care'")
    return value


def uk_phone(value: str) -> str:
    value = str(value).strip()
    digits = re.sub(r"[\s()-]", "", value)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"0[0-9]{9,10}", digits):
        raise ValueError("enter a UK phone number, like 020 7946 0123")
    return value


def uk_postcode(value: str) -> str:
    match = _POSTCODE.match(str(value).strip().upper())
    if not match:
        raise ValueError("enter a full UK postcode, like KM1 1AA")
    return f"{match.group(1)} {match.group(2)}"


def email(value: str) -> str:
    value = str(value).strip()
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("enter an email address, like name@example.org")
    return value


def http_url(value: str) -> str:
    value = str(value).strip()
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE) or len(value) > 500:
        raise ValueError("enter a web address starting with https:// or http://")
    return value


def hhmm(value: object) -> time:
    """A 24-hour time written as "HH:MM" (quoted in YAML, where 09:00 unquoted is a number)."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _HHMM.match(value.strip()):
        raise ValueError('write the time as "HH:MM" in quotes, like "09:30"')
    hours, minutes = value.strip().split(":")
    return time(int(hours), int(minutes))
