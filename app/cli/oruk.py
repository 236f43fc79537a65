"""``signpost oruk``: Open Referral UK (ORUK 3.0) open data."""

import typer
from rich.markup import escape
from rich.progress import Progress

from app.cli.common import console, fail, transaction

cli = typer.Typer(help="Open Referral UK (ORUK 3.0) open data.", no_args_is_help=True)


def _problems(exc) -> typer.Exit:
    """Print the first problems (:class:`~app.oruk.sources.ImportProblems` keeps no more) and count them all."""
    for problem in exc.problems:
        console.print(str(problem), markup=False)
    if exc.more:
        console.print(f"… and {exc.more} more problems", markup=False)
    return fail(f"{exc.total} problem(s) found; nothing was imported.")


SourceArgument = typer.Argument(
    ..., metavar="FILE_OR_URL", help="A /services export (.json), a folder of them, or an http(s) URL."
)


@cli.command("import")
def import_(
    source: str = SourceArgument,
    publish: bool = typer.Option(
        False, "--publish", help="Publish the services at once instead of saving them as drafts for review."
    ),
) -> None:
    """Load ORUK services (full objects, or a list page of them) as drafts: checked first, all or nothing."""
    from app.oruk.importer import import_services
    from app.oruk.sources import ImportProblems, read

    try:
        records = read(source)
    except ImportProblems as exc:
        raise _problems(exc) from exc
    try:
        with transaction() as session, Progress(console=console, transient=True) as progress:
            task = progress.add_task("Importing services", total=len(records))
            report = import_services(
                session, records, progress=lambda: progress.advance(task), as_drafts=not publish, author="command line"
            )
    except ImportProblems as exc:
        raise _problems(exc) from exc
    for warning in report.warnings:
        console.print(f"[yellow]Warning:[/yellow] {escape(str(warning))}")
    warnings = f"{len(report.warnings)} warning(s)"
    if not publish:
        drafts = report.drafts
        console.print(
            f"[green]Imported {len(records)} services as drafts:[/green] {drafts['new']} new, "
            f"{drafts['changed']} changed, {drafts['unchanged']} unchanged; {warnings}. "
            "Publish them in the staff area (/staff/services)."
        )
    else:
        created, updated = sum(report.created.values()), sum(report.updated.values())
        console.print(
            f"[green]Imported {len(records)} services:[/green] {created} created, {updated} updated, "
            f"{sum(report.unchanged.values())} unchanged; {warnings}."
        )
    if sum(report.created.values()) or sum(report.updated.values()):
        from app.cli.search import rebuild_index

        rebuild_index()
