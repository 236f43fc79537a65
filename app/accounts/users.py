"""Managing staff users and signing in. Services never commit; each raises :class:`AccountError` with the form
field and a plain message when the input cannot be used."""

import math
import re
from collections.abc import Sequence
from datetime import timedelta

from sqlmodel import Session, col, select

from app.accounts import audit, passwords, ratelimit, sessions
from app.accounts.models import LOCALE_SCOPED_ROLES, Role, User
from app.config import Settings
from app.i18n import locales
from app.i18n.context import gettext as _
from app.i18n.context import ngettext
from app.timeutil import utcnow
from app.ui.params import clean, one_line

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,79}")


class AccountError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class TooManyAttempts(AccountError):
    """A sign-in refused before the password is checked: this address must wait ``seconds`` first."""

    def __init__(self, wait: timedelta) -> None:
        self.seconds = math.ceil(wait.total_seconds())
        super().__init__("username", _wait_message(self.seconds))


def _wait_message(seconds: int) -> str:
    if seconds < 60:
        return ngettext(
            "There have been too many attempts to sign in. Wait %(num)s second and try again",
            "There have been too many attempts to sign in. Wait %(num)s seconds and try again",
            seconds,
        )
    return ngettext(
        "There have been too many attempts to sign in. Wait %(num)s minute and try again",
        "There have been too many attempts to sign in. Wait %(num)s minutes and try again",
        math.ceil(seconds / 60),
    )


def normalise_username(username: str) -> str:
    return clean(username).strip().lower()


def find(db: Session, username: str) -> User | None:
    return db.exec(select(User).where(User.username == normalise_username(username))).first()


def check_roles(roles: list[str], scoped_locales: list[str]) -> tuple[list[str], list[str]]:
    known = {role.value for role in Role}
    unknown = [role for role in roles if role not in known]
    if unknown:
        raise AccountError("roles", _("Choose roles from: %(roles)s", roles=", ".join(sorted(known))))
    codes = {locale.code for locale in locales.LOCALES}
    bad = [code for code in scoped_locales if code not in codes]
    if bad:
        raise AccountError("locales", _("Choose languages from: %(codes)s", codes=", ".join(sorted(codes))))
    if any(role in LOCALE_SCOPED_ROLES for role in roles) and not scoped_locales:
        raise AccountError("locales", _("Choose at least one language for a translator or reviewer"))
    ordered: list[str] = [role.value for role in Role if role.value in roles]
    return ordered, sorted(set(scoped_locales))


def create(
    db: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    roles: list[str],
    scoped_locales: Sequence[str] = (),
    email: str | None = None,
    actor: str = "",
    council_name: str = "",
) -> User:
    """A new user; ``council_name`` (the site's settings) is one of the words a password must not be built on."""
    username = normalise_username(username)
    if not _USERNAME.fullmatch(username):
        raise AccountError("username", _("Enter a username of 2 to 80 letters, digits, dots, dashes or @"))
    if find(db, username) is not None:
        raise AccountError("username", _("There is already a user called %(name)s", name=username))
    display_name = one_line(display_name)
    if not display_name or len(display_name) > 120:
        raise AccountError("display_name", _("Enter a name of 120 characters or fewer"))
    if email is not None:
        from app.ui.validators import email as check_email

        try:
            email = check_email(clean(email).strip())
        except ValueError:
            raise AccountError(
                "email", _("Enter an email address in the correct format, like name@example.org")
            ) from None
    problem = passwords.password_problem(
        password, username=username, email=email, display_name=display_name, council_name=council_name
    )
    if problem:
        raise AccountError("password", problem)
    roles, scoped = check_roles(list(roles), list(scoped_locales))
    if not roles:
        raise AccountError("roles", _("Choose at least one role"))
    user = User(
        username=username,
        display_name=display_name,
        email=email or None,
        password_hash=passwords.hash_password(password),
        roles=roles,
        locales=scoped,
    )
    db.add(user)
    db.flush()
    audit.record(db, actor=actor or username, action="user-created", target=username, detail=", ".join(roles))
    return user


def set_roles(db: Session, user: User, *, roles: list[str], scoped_locales: list[str], actor: str) -> None:
    roles, scoped = check_roles(roles, scoped_locales)
    if not roles:
        raise AccountError("roles", _("Choose at least one role"))
    if Role.admin in user.roles and Role.admin not in roles and _other_admins(db, user) == 0:
        raise AccountError("roles", _("There must always be an active administrator"))
    before = ", ".join(user.roles + user.locales)
    user.roles, user.locales = roles, scoped
    db.add(user)
    audit.record(
        db, actor=actor, action="roles-changed", target=user.username, detail=f"{before} → {', '.join(roles + scoped)}"
    )


def _other_admins(db: Session, user: User) -> int:
    return sum(
        1
        for other in db.exec(select(User).where(col(User.id) != user.id, col(User.disabled).is_(False))).all()
        if Role.admin in other.roles
    )


def set_disabled(db: Session, user: User, *, disabled: bool, actor: str) -> None:
    if disabled and Role.admin in user.roles and _other_admins(db, user) == 0:
        raise AccountError("disabled", _("There must always be an active administrator"))
    user.disabled = disabled
    db.add(user)
    if disabled:
        assert user.id is not None, "users managed here are stored ones"
        sessions.end_all_for(db, user.id)
    audit.record(db, actor=actor, action="user-disabled" if disabled else "user-enabled", target=user.username)


def reset_password(db: Session, user: User, *, password: str, actor: str, council_name: str = "") -> None:
    problem = passwords.password_problem(
        password, username=user.username, email=user.email, display_name=user.display_name, council_name=council_name
    )
    if problem:
        raise AccountError("password", problem)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    db.add(user)
    assert user.id is not None, "users managed here are stored ones"
    sessions.end_all_for(db, user.id)
    ratelimit.forget(db, username=user.username)
    audit.record(db, actor=actor, action="password-reset", target=user.username)


def authenticate(db: Session, *, username: str, password: str, client: str, settings: Settings) -> User:
    """The user, when the password is right and this address need not wait (:mod:`app.accounts.ratelimit`).

    Raises :class:`TooManyAttempts`, without checking the password, while it must wait. Failures are recorded and
    audited; the message never says whether the username exists.
    """
    username = normalise_username(username)[:80]
    if not username or not password:
        raise AccountError(
            "username" if not username else "password",
            _("Enter your username") if not username else _("Enter your password"),
        )
    wait = ratelimit.time_to_wait(db, username=username, client=client, settings=settings)
    if wait:
        refused = TooManyAttempts(wait)
        audit.record(
            db,
            actor=username,
            action="sign-in-failed",
            client=client,
            detail=f"blocked: too many attempts, {refused.seconds} s to wait",
        )
        raise refused
    user = find(db, username)
    if (
        not passwords.verify_password(user.password_hash if user else None, password[: passwords.MAX_LENGTH])
        or user is None
        or user.disabled
    ):
        ratelimit.record_failure(db, username=username, client=client)
        audit.record(db, actor=username, action="sign-in-failed", client=client)
        raise AccountError("username", _("The username or password is not right. Check them and try again"))
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        db.add(user)
    ratelimit.forget(db, username=username, client=client)
    audit.record(db, actor=username, action="sign-in", client=client)
    return user
