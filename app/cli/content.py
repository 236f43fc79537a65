"""``signpost content``: import, check and export content files."""

from pathlib import Path

import typer
from rich.progress import Progress

from app.cli.common import console, fail, settings, transaction

cli = typer.Typer(help="Import and export content files (Markdown with YAML front matter).", no_args_is_help=True)

FolderOption = typer.Option(None, "--from", help="The content folder (default: SIGNPOST_CONTENT_DIR).")
EasyReadOption = typer.Option(
    None, "--easyread", help="The easy-read leaflets folder (default: SIGNPOST_EASYREAD_DIR)."
)


def load(folder: Path | None, easyread: Path | None = None):
    from app.content.loader import ContentErrors, load_content

    folder = folder or settings().content_dir
    try:
        return load_content(folder, easyread or settings().easyread_dir)
    except ContentErrors as exc:
        for error in exc.errors:
            console.print(str(error), markup=False)
        raise fail(f"{len(exc.errors)} problem(s) found in {folder}; nothing was imported.") from exc


def run_import(folder: Path | None, easyread: Path | None = None) -> None:
    """Import the content files, then the reviewed translations in their ``translations/`` folder: all or nothing."""
    from app.content.importer import count_items, import_content
    from app.translation.po import PoError, import_folder

    folder = folder or settings().content_dir
    easyread = easyread or settings().easyread_dir
    content = load(folder, easyread)
    try:
        with transaction() as session, Progress(console=console, transient=True) as progress:
            task = progress.add_task("Importing content", total=count_items(content))
            report = import_content(session, content, progress=lambda: progress.advance(task))
            translated = import_folder(session, folder / "translations") + import_folder(
                session, easyread / "translations"
            )
    except PoError as exc:
        raise fail(f"{exc} Nothing was imported.") from exc
    created, updated = sum(report.created.values()), sum(report.updated.values())
    unchanged = sum(report.unchanged.values())
    console.print(f"[green]Imported:[/green] {created} created, {updated} updated, {unchanged} unchanged.")
    for done in translated:
        console.print(
            f"Translations ({done.locale}): {done.reviewed + done.unreviewed} saved, {done.unchanged} "
            f"unchanged, {len(done.stale)} out of date."
        )
    retranslated = any(done.reviewed or done.unreviewed for done in translated)
    if created or updated or retranslated or not (settings().data_dir / "search" / "CURRENT").exists():
        from app.cli.search import rebuild_index

        rebuild_index()


@cli.command("import")
def import_(folder: Path | None = FolderOption, easyread: Path | None = EasyReadOption) -> None:
    """Load content files and easy-read leaflets into the database: upsert by slug, all or nothing."""
    run_import(folder, easyread)


@cli.command()
def check(folder: Path | None = FolderOption, easyread: Path | None = EasyReadOption) -> None:
    """Check content files without changing the database."""
    content = load(folder, easyread)
    console.print(
        f"[green]No problems[/green] in {len(content.services)} services, {len(content.hubs)} hubs, "
        f"{len(content.guides)} guides and {len(content.leaflets)} easy-read leaflets."
    )


@cli.command()
def export(
    folder: Path = typer.Argument(..., help="Where to write the files (created if missing)."),
    easyread: Path | None = typer.Option(
        None, "--easyread", help="Where to write the easy-read leaflets (default: an easyread folder inside FOLDER)."
    ),
) -> None:
    """Write the database's content back out as content files."""
    from sqlmodel import Session

    from app.cli.common import engine
    from app.content.exporter import content_from_db, write_content

    if folder.exists() and not folder.is_dir():
        raise fail(f"{folder} exists and is not a folder.")
    with Session(engine()) as session:
        written = write_content(content_from_db(session), folder, easyread or folder / "easyread")
    console.print(f"[green]Wrote {written} files[/green] to {folder}.")


@cli.command("import-csv")
def import_csv(
    file: Path = typer.Argument(..., help="A CSV file of services (see the staff area's template)."),
    apply: bool = typer.Option(False, "--apply", help="Save the changes; without it, only a preview."),
    publish: bool = typer.Option(False, "--publish", help="Publish them too, not only save drafts."),
):
    """Preview, then import, services from a CSV file: all or nothing, as drafts unless --publish."""
    from app.staff import csv_import

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"Cannot read {file}: it must be a CSV file saved as UTF-8 ({exc}).") from exc
    with transaction() as session:
        preview = csv_import.preview(session, text)
        for problem in preview.problems:
            console.print(f"{file}: {problem}", markup=False)
        for row in preview.rows:
            for column, message in row.errors.items():
                console.print(f"{file}:{row.number}: {column}: {message}", markup=False)
        if not preview.ok:
            raise fail("Problems found; nothing was imported.")
        summary = (
            f"{preview.count('new')} new, {preview.count('changed')} changed, {preview.count('unchanged')} unchanged"
        )
        if not apply:
            console.print(f"Preview: {summary}. Run again with --apply to import.")
            return
        changed = csv_import.apply(session, preview, author="command line", publish=publish)
        from app.accounts import audit

        audit.record(
            session,
            actor="command line",
            action="import",
            target=str(file)[:200],
            detail=f"{changed} services{' published' if publish else ' saved as drafts'}",
        )
    console.print(f"[green]Imported:[/green] {summary}, {'published' if publish else 'saved as drafts'}.")
    if publish:
        from app.cli.search import rebuild_index

        rebuild_index()
