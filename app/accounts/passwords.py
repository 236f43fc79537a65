"""Password hashing (Argon2id) and the rules for a new password: long enough and not a common one.

No composition rules (NIST SP 800-63B): people may paste long passphrases from a password manager.
"""

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.i18n.context import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 1024
_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("a password nobody has, for timing-safe failures")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) still spend the same time, so timing reveals nothing."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30 000 most common passwords from public breaches (the list zxcvbn ships)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _is_common(password: str) -> bool:
    lowered = password.lower()
    common = common_passwords()
    stem = re.sub(r"[\d\W_]+$", "", lowered)  # "password2024!" is still "password"
    repeated = re.fullmatch(r"(.+?)\1+", lowered)  # "abcabcabcabc"
    return (lowered in common or (len(stem) >= 4 and stem in common) or len(set(lowered)) <= 2
            or (repeated is not None and (len(repeated.group(1)) <= 3 or repeated.group(1) in common)))


def password_problem(password: str, *, username: str = "") -> str | None:
    """What is wrong with a new password, as a message for the form, or None."""
    if not password:
        return _("Enter a password")
    if len(password) < MIN_LENGTH:
        return _("The password must be %(min)s characters or more", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("The password must be %(max)s characters or fewer", max=MAX_LENGTH)
    if username and username.lower() in password.lower():
        return _("The password must not contain the username")
    if _is_common(password):
        return _("This password is too common and easy to guess. Try a longer phrase of unrelated words")
    return None
