"""``signpost index``: the search index, derived from the database and rebuildable at any time."""

import typer
from rich.progress import Progress

from app.cli.common import console, engine, settings

cli = typer.Typer(help="Build the search index.", no_args_is_help=True)


def rebuild_index() -> int:
    from app.search.backends import backend_for

    search = backend_for(settings(), engine())
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Building the search index", total=None)
        count = search.rebuild(progress=lambda: progress.advance(task))
    console.print(f"[green]Search index built:[/green] {count} documents.")
    return count


@cli.command()
def rebuild() -> None:
    """Rebuild the whole index from the database (atomically: searches keep working meanwhile)."""
    rebuild_index()
