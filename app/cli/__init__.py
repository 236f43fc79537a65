"""The ``signpost`` command. Each command group lives in its own module; settings load lazily."""

import typer

from app.cli import content, db, easyread, help_requests, i18n, oruk, search, server, translate, users

cli = typer.Typer(
    help="Signpost: an accessible, multilingual adult social care portal.", no_args_is_help=True, add_completion=False
)
cli.add_typer(db.cli, name="db")
cli.add_typer(content.cli, name="content")
cli.add_typer(i18n.cli, name="i18n")
cli.add_typer(search.cli, name="index")
cli.add_typer(oruk.cli, name="oruk")
cli.add_typer(users.cli, name="users")
cli.add_typer(help_requests.cli, name="help")
cli.add_typer(translate.cli, name="translate")
cli.add_typer(easyread.cli, name="easyread")
server.register(cli)


def main() -> None:
    cli()
