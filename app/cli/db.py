"""``signpost db``: database migrations."""

import typer
from sqlalchemy.exc import OperationalError

from app.cli.common import console, fail, settings

cli = typer.Typer(help="Create and upgrade the database.", no_args_is_help=True)


def upgrade_database() -> None:
    from app import migrations

    current = settings()
    if current.is_sqlite:
        current.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        migrations.upgrade(current.database_url)
    except OperationalError as exc:
        raise fail(f"cannot reach the database ({exc.orig}). Check SIGNPOST_DATABASE_URL.") from exc


@cli.command()
def upgrade() -> None:
    """Apply every migration (safe to run again)."""
    upgrade_database()
    console.print("[green]The database is up to date.[/green]")


@cli.command()
def downgrade(revision: str = typer.Argument(..., help="The revision to go back to, or 'base' for none.")) -> None:
    """Undo migrations down to REVISION."""
    from app import migrations

    migrations.downgrade(settings().database_url, revision)
    console.print(f"The database is now at revision {revision}.")
