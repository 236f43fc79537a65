"""Staff as other staff see them: by their full names. Usernames are half of a sign-in, so pages that many roles
read (history, the help inbox) never show them; only administrators see usernames, on the users pages."""

from sqlmodel import Session, col, select

from app.accounts.models import User


def display_names(db: Session) -> dict[str, str]:
    """Username -> full name of every account (a council has tens of staff, not thousands)."""
    return dict(db.exec(select(User.username, User.display_name)).all())


def assignable(db: Session) -> list[tuple[int, str]]:
    """(id, full name) of the people a help request can be given to."""
    return [
        (user.id, user.display_name)
        for user in db.exec(select(User).where(col(User.disabled).is_(False)).order_by(User.display_name))
        if user.id is not None  # always true: these rows come from the database
    ]
