"""``signpost i18n``: keep the interface's message catalogs up to date."""

import typer

from app.cli.common import console

cli = typer.Typer(help="Extract, update and compile the interface's message catalogs.", no_args_is_help=True)


@cli.command()
def extract() -> None:
    """Write locales/messages.pot from the source and merge it into every locale's messages.po."""
    from app.i18n.extract import update_po_files, write_pot

    for path in write_pot():
        console.print(f"Wrote {path}")
    for path in update_po_files():
        console.print(f"Updated {path}")


@cli.command("compile")
def compile_() -> None:
    """Compile every messages.po to messages.mo (the portal also does this when it starts)."""
    from app.i18n.catalogs import compile_catalogs

    written = compile_catalogs(force=True)
    console.print(f"[green]Compiled {len(written)} catalogs.[/green]")
