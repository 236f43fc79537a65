"""``signpost users``: staff accounts. Passwords are asked for (hidden, twice) and never taken as arguments,
so they do not end up in the shell's history."""

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from app.cli.common import console, fail, settings, transaction

cli = typer.Typer(help="Staff accounts: create, list, roles, disable, reset passwords.", no_args_is_help=True)
ACTOR = "command line"


def _password() -> str:
    return typer.prompt("Password (at least 12 characters)", hide_input=True, confirmation_prompt=True)


def _user(session, username: str):
    from app.accounts.users import find

    user = find(session, username)
    if user is None:
        raise fail(f"There is no user called {username}.")
    return user


RolesOption = typer.Option([], "--role", help="admin, editor, translator or reviewer; repeat for several.")
LocalesOption = typer.Option([], "--locale", help="A language code translators and reviewers work in; repeat.")


@cli.command()
def create(
    username: str,
    name: str = typer.Option(..., "--name", help="The person's full name."),
    admin: bool = typer.Option(False, "--admin", help="Make the user an administrator."),
    roles: list[str] = RolesOption,
    locales: list[str] = LocalesOption,
    email: str = typer.Option(None, "--email"),
) -> None:
    """Create a staff user (the first one with --admin)."""
    from app.accounts.users import AccountError
    from app.accounts.users import create as create_user

    roles = (["admin"] if admin else []) + list(roles)
    password = _password()
    try:
        with transaction() as session:
            create_user(
                session,
                username=username,
                display_name=name,
                password=password,
                roles=roles,
                scoped_locales=locales,
                email=email,
                actor=ACTOR,
                council_name=settings().council_name,
            )
    except AccountError as error:
        raise fail(error.message) from error
    console.print(
        f"[green]Created[/green] {escape(username.strip().lower())} ({', '.join(roles)}). "
        "They can sign in at /staff/login."
    )


@cli.command("list")
def list_() -> None:
    """List staff users with their roles."""
    from sqlmodel import Session, select

    from app.accounts.models import User
    from app.cli.common import engine

    table = Table("Username", "Name", "Roles", "Languages", "Account")
    with Session(engine()) as session:
        for user in session.exec(select(User).order_by(User.username)):
            table.add_row(
                escape(user.username),
                escape(user.display_name),
                ", ".join(user.roles),
                ", ".join(user.locales),
                "disabled" if user.disabled else "active",
            )
    Console(highlight=False).print(table)


@cli.command("set-roles")
def set_roles(username: str, roles: list[str] = RolesOption, locales: list[str] = LocalesOption) -> None:
    """Replace a user's roles (and languages)."""
    from app.accounts.users import AccountError
    from app.accounts.users import set_roles as update

    try:
        with transaction() as session:
            update(session, _user(session, username), roles=list(roles), scoped_locales=list(locales), actor=ACTOR)
    except AccountError as error:
        raise fail(error.message) from error
    console.print(f"[green]Roles set[/green] for {escape(username)}: {', '.join(roles)}.")


@cli.command()
def disable(username: str, enable: bool = typer.Option(False, "--enable", help="Enable the account again.")) -> None:
    """Stop a user signing in (and end their sessions); --enable undoes it."""
    from app.accounts.users import AccountError, set_disabled

    try:
        with transaction() as session:
            set_disabled(session, _user(session, username), disabled=not enable, actor=ACTOR)
    except AccountError as error:
        raise fail(error.message) from error
    console.print(f"[green]{'Enabled' if enable else 'Disabled'}[/green] {escape(username)}.")


@cli.command("reset-password")
def reset_password(username: str) -> None:
    """Set a new password for a user (it signs them out everywhere)."""
    from app.accounts.users import AccountError
    from app.accounts.users import reset_password as reset

    password = _password()
    try:
        with transaction() as session:
            reset(
                session, _user(session, username), password=password, actor=ACTOR, council_name=settings().council_name
            )
    except AccountError as error:
        raise fail(error.message) from error
    console.print(f"[green]Password reset[/green] for {escape(username)}.")
