"""Dependencies for staff routes: who is signed in, and which roles a route needs.

``StaffUser`` means "any signed-in staff member"; ``require(Role.editor)`` narrows it. An anonymous visitor is sent
to the sign-in page; a signed-in user without the role gets a 403 page.
"""

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.accounts import sessions
from app.accounts.models import Role, StaffMember
from app.db import SessionDep
from app.ui import privacy


class LoginRequired(Exception):
    """Raised for anonymous visitors to staff pages; answered with a redirect to the sign-in page."""


def load_staff(request: Request, db: SessionDep) -> None:
    """Router dependency: put ``(session row, StaffMember)`` or None on ``request.state.staff``."""
    settings = request.app.state.settings
    request.state.staff = sessions.load(db, privacy.read_cookie(request, sessions.COOKIE), settings)
    if db.dirty:  # a time-out ended the session, or last-seen moved on
        db.commit()


def current_staff(request: Request) -> StaffMember:
    staff = getattr(request.state, "staff", None)
    if staff is None:
        raise LoginRequired()
    return staff[1]


StaffUser = Annotated[StaffMember, Depends(current_staff)]


def require(*roles: Role):
    """A dependency allowing users who hold any of ``roles`` (admins hold them all)."""

    def check(user: StaffUser) -> StaffMember:
        if not user.has(*roles):
            raise HTTPException(status_code=403, detail="You do not have permission to do this.")
        return user

    return check


EditorUser = Annotated[StaffMember, Depends(require(Role.editor))]
AdminUser = Annotated[StaffMember, Depends(require(Role.admin))]
