"""``signpost translate``: language packs, the machine first pass, and PO files for translators."""

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from app.cli.common import console, fail, settings, transaction

cli = typer.Typer(help="Translate content: language packs, the machine first pass, PO files.", no_args_is_help=True)
packs_cli = typer.Typer(help="Argos Translate language packs (English to another language).", no_args_is_help=True)
po_cli = typer.Typer(help="Exchange translations with translators as PO files.", no_args_is_help=True)
cli.add_typer(packs_cli, name="packs")
cli.add_typer(po_cli, name="po")


def _locales(code: str | None) -> list:
    from app.i18n.locales import LOCALES, SOURCE_LOCALE, get_locale

    if code is None:
        return [locale for locale in LOCALES if locale != SOURCE_LOCALE]
    locale = get_locale(code)
    if locale is None or locale == SOURCE_LOCALE:
        raise fail(
            f"{code!r} is not a language Signpost translates into. Choose one of: "
            + ", ".join(locale.code for locale in LOCALES if locale != SOURCE_LOCALE),
            2,
        )
    return [locale]


@packs_cli.command("list")
def packs_list() -> None:
    """Show the installed packs and which of Signpost's languages have none."""
    from app.i18n.locales import LOCALES, SOURCE_LOCALE
    from app.translation.packs import installed

    packs = installed(settings().data_dir)
    for pack in packs:
        note = " (sentence splitter supplied by Signpost)" if pack.supplied_splitter else ""
        console.print(f"{pack.from_code} → {pack.to_code}  version {pack.version or '?'}  {pack.folder}{note}")
    covered = {pack.to_code for pack in packs}
    missing = [locale.code for locale in LOCALES if locale != SOURCE_LOCALE and locale.argos_code not in covered]
    if not packs:
        console.print("No language packs are installed.")
    if missing:
        console.print(f"No machine translation into: {', '.join(missing)} (people translate these).")


@packs_cli.command("install")
def packs_install(
    file: Path | None = typer.Argument(None, help="A .argosmodel file."),
    from_index: str | None = typer.Option(
        None, "--from-index", metavar="CODE", help="Download English→CODE from the Argos index."
    ),
) -> None:
    """Install a language pack from a file, or from the Argos package index when online."""
    from app.translation import packs
    from app.translation.machine import MachineError

    try:
        if file is not None and from_index is None:
            pack = packs.install_file(settings().data_dir, file)
        elif file is None and from_index is not None:
            pack = packs.install_from_index(settings().data_dir, from_index)
        else:
            raise fail("Give a .argosmodel FILE, or --from-index CODE (for example --from-index ar).", 2)
    except MachineError as exc:
        raise fail(str(exc)) from exc
    console.print(f"[green]Installed[/green] {pack.from_code} → {pack.to_code} (version {pack.version or '?'}).")


@packs_cli.command("remove")
def packs_remove(code: str = typer.Argument(..., help="The target language's Argos code, e.g. ar.")) -> None:
    """Remove the pack from English to CODE. Translations already made are kept."""
    from app.translation import packs
    from app.translation.machine import MachineError

    try:
        pack = packs.remove(settings().data_dir, code)
    except MachineError as exc:
        raise fail(str(exc)) from exc
    console.print(f"[green]Removed[/green] {pack.from_code} → {pack.to_code}.")


@cli.command("run")
def run(
    locale: str | None = typer.Option(None, "--locale", help="Only this language (default: all)."),
    only_missing: bool = typer.Option(
        False,
        "--only-missing",
        help="Only segments with no translation; keep unchecked machine text even if a newer pack is installed.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would be translated; change nothing."),
) -> None:
    """Machine-translate segments that have no translation yet (people's work is never replaced)."""

    from app.translation import first_pass, memory
    from app.translation.machine import MachineError, machine_for

    chosen = _locales(locale)
    machine = machine_for(settings())
    with transaction() as session:
        memory.refresh_all(session)
        total = len(first_pass.sources_of(session, None)) * len(chosen)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Translating", total=total)
            try:
                report = first_pass.run(
                    session,
                    machine,
                    locales=chosen,
                    only_missing=only_missing,
                    dry_run=dry_run,
                    progress=lambda n: progress.advance(task, n),
                    saved=session.commit,
                )
            except MachineError as exc:
                raise fail(str(exc)) from exc
        if dry_run:
            session.rollback()
    verb = "would be translated" if dry_run else "translated"
    console.print(
        f"Segments {verb}: {report.translated}; reused from memory: {report.reused}; "
        f"skipped: {report.skipped}; failed: {report.failed}. Model calls: {report.model_calls}."
    )
    if report.unavailable:
        console.print(
            f"No language pack for: {', '.join(report.unavailable)} — these wait for people "
            "(`signpost translate po export --locale CODE`)."
        )
    for failure in report.failures[:20]:
        console.print(
            f"[yellow]Failed[/yellow] ({failure.locale}) {escape(failure.source[:60])!s}…: {escape(failure.reason)}"
        )
    if report.translated and not dry_run:
        from app.cli.search import rebuild_index

        rebuild_index()


@po_cli.command("export")
def po_export(
    locale: str = typer.Option(..., "--locale", help="The language, e.g. ar."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write (default: signpost-<locale>.po in the current folder)."
    ),
    only_missing: bool = typer.Option(False, "--only-missing", help="Only segments with no translation."),
    site: str = typer.Option("http://127.0.0.1:8000", "--site", help="Public address for links."),
) -> None:
    """Write a PO file of every segment for translators (Poedit, Weblate, or any PO editor)."""
    from app.translation import memory, po

    (chosen,) = _locales(locale)
    with transaction() as session:
        memory.refresh_all(session)
        data = po.export(session, chosen, site=site, only_missing=only_missing)
    path = output or Path(f"signpost-{chosen.code}.po")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise fail(f"Could not write {path}: {exc.strerror}") from exc
    console.print(f"[green]Wrote[/green] {path} ({data.count(b'msgctxt')} segments).")


@po_cli.command("import")
def po_import(
    file: Path = typer.Argument(..., help="A PO file exported by Signpost and translated."),
    by: str = typer.Option("", "--by", help="Who translated it (recorded; default: the file name)."),
) -> None:
    """Read a translated PO file back: reviewed entries become people's translations; fuzzy ones stay unchecked."""
    from app.translation import po

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"Could not read {file}: {exc.strerror}") from exc
    try:
        with transaction() as session:
            report = po.import_po(session, data, name=file.name, by=by or f"PO file {file.name}")
    except po.PoError as exc:
        raise fail(f"{exc} Nothing was changed.") from exc
    console.print(
        f"[green]Imported[/green] {file.name} ({report.locale}): {report.reviewed} reviewed, "
        f"{report.unreviewed} still to check (fuzzy), {report.unchanged} unchanged, "
        f"{report.untranslated} untranslated."
    )
    if report.stale:
        console.print(
            f"[yellow]{len(report.stale)} entries not applied: the English changed since the export[/yellow]"
            f" ({', '.join(report.stale[:5])}{'…' if len(report.stale) > 5 else ''}). Export a fresh file."
        )
    if report.kept:
        console.print(f"{len(report.kept)} fuzzy entries not applied over reviewed translations.")
    if report.conflicts:
        console.print(
            f"[yellow]{len(report.conflicts)} entries translate the same English differently[/yellow]; "
            f"the first was used ({', '.join(report.conflicts[:5])})."
        )
    if report.reviewed or report.unreviewed:
        from app.cli.search import rebuild_index

        rebuild_index()
