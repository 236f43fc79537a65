"""``signpost help``: the help-request inbox's retention rule."""

import typer

from app.cli.common import console, settings, transaction

cli = typer.Typer(help="Help requests: apply the retention rule.", no_args_is_help=True)


@cli.command()
def purge() -> None:
    """Delete help requests done more than SIGNPOST_HELP_RETENTION_DAYS ago (and feedback comments as old)."""
    from app.insights.inbox import purge as purge_old

    days = settings().help_retention_days
    with transaction() as session:
        requests, comments = purge_old(session, retention_days=days)
    console.print(
        f"[green]Deleted[/green] {requests} help request(s) done more than {days} days ago "
        f"and {comments} feedback comment(s) as old."
    )
