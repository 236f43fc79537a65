"""Password hashing (Argon2id) and the rules for a new password: long enough, not a common one, and not easy to
guess for someone who knows the site and the person (zxcvbn's estimate, given the council's, the site's and the
person's names).

No composition rules (NIST SP 800-63B): people may paste long passphrases from a password manager.
"""

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from app.i18n.context import N_
from app.i18n.context import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 1024
SITE_NAME = "Signpost"
# zxcvbn's score 3: about 10^8 guesses or more. With Argon2id hashes and sign-in throttling that is out of reach of
# online guessing and slow offline; score 4 would refuse many memorable passphrases for little real gain.
MIN_SCORE = 3
_SCORED_LENGTH = 72  # zxcvbn's own limit: its matching slows down sharply on longer input
_PATTERNS = frozenset({"sequence", "repeat", "spatial", "date", "regex"})
_COMMON = N_("This password is too common and easy to guess. Try a longer phrase of unrelated words")
_CONTEXT = N_(
    "The password is easy to guess because it is built on the name of the council, the site or the "
    "person. Try a longer phrase of unrelated words"
)
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
    return (
        lowered in common
        or (len(stem) >= 4 and stem in common)
        or len(set(lowered)) <= 2
        or (repeated is not None and (len(repeated.group(1)) <= 3 or repeated.group(1) in common))
    )


def context_words(*values: str | None) -> list[str]:
    """The words someone who knows the site and the person tries first: each value whole, run together without
    spaces and punctuation, and word by word (three letters or more), lower case, without repeats."""
    words: list[str] = []
    for value in filter(None, values):
        whole = value.strip().lower()
        parts = re.split(r"[\W_]+", whole)
        words.extend(word for word in (whole, "".join(parts), *parts) if len(word) >= 3 and word not in words)
    return words


def _weakness(password: str, context: list[str]) -> str | None:
    """Why zxcvbn, told the context words, thinks the password is easy to guess, or None when it is not."""
    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=context)
    if result["score"] >= MIN_SCORE:
        return None
    matches = result["sequence"]
    if any(match.get("dictionary_name") == "user_inputs" for match in matches):
        return _(_CONTEXT)
    if any(match["pattern"] in _PATTERNS for match in matches):
        return _(
            "Sequences, repeats, keyboard patterns and dates are easy to guess. Try a longer phrase of unrelated words"
        )
    if any(match.get("dictionary_name") == "passwords" for match in matches):
        return _(_COMMON)
    return _("This password is easy to guess. Try a longer phrase of unrelated words")


def _leans_on_context(password: str, context: list[str]) -> bool:
    """True when what is left after taking out the context words is weak on its own: zxcvbn scores
    "kingsmead-council-2024" as strong, but an attacker who knows the council tries it early."""
    rest = password.lower()
    for word in sorted(context, key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest != password.lower() and zxcvbn(rest[:_SCORED_LENGTH])["score"] < MIN_SCORE


def password_problem(
    password: str, *, username: str = "", email: str | None = None, display_name: str = "", council_name: str = ""
) -> str | None:
    """What is wrong with a new password, as a message for the form, or None.

    The person's username, e-mail address and name, the council's name and the site's name are what an attacker
    who targets this site tries first, so a password built on them is refused.
    """
    if not password:
        return _("Enter a password")
    if len(password) < MIN_LENGTH:
        return _("The password must be %(min)s characters or more", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("The password must be %(max)s characters or fewer", max=MAX_LENGTH)
    if username and username.lower() in password.lower():
        return _("The password must not contain the username")
    if email and _contains_email(password, email):
        return _("The password must not contain the email address")
    if _is_common(password):
        return _(_COMMON)
    if re.fullmatch(r"[\d\W_]+", password):  # dates, phone and card numbers, "1234567890123"
        return _("A password of only numbers is easy to guess. Try a longer phrase of unrelated words")
    context = context_words(council_name, SITE_NAME, username, email, display_name)
    if problem := _weakness(password, context):
        return problem
    return _(_CONTEXT) if _leans_on_context(password, context) else None


def _contains_email(password: str, email: str) -> bool:
    """The whole address, or the part before the @ when it is long enough to mean something (4 characters)."""
    lowered, address = password.lower(), email.strip().lower()
    local = address.partition("@")[0]
    return address in lowered or (len(local) >= 4 and local in lowered)
