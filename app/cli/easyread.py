"""``signpost easyread``: check leaflets against the easy-read rules."""

from pathlib import Path

import typer

from app.cli.common import console, fail

cli = typer.Typer(help="Easy-read leaflets.", no_args_is_help=True)


def _from_file(path: Path) -> dict:
    from pydantic import ValidationError

    from app.content.files import ContentError
    from app.easyread.schema import LeafletFile
    from app.easyread.source import read_leaflet

    try:
        doc = read_leaflet(path)
        return LeafletFile.model_validate(doc.data).model_dump(mode="json")
    except ContentError as exc:
        raise fail(str(exc)) from exc
    except ValidationError as exc:
        for error in exc.errors():
            console.print(str(doc.error(error["loc"], error["msg"].removeprefix("Value error, "))), markup=False)
        raise fail(f"{path} is not a valid leaflet file.") from exc


def _from_database(slug: str, locale: str | None) -> dict:
    from sqlmodel import Session

    from app.cli.common import engine
    from app.easyread.queries import leaflet_data
    from app.i18n.locales import get_locale

    language = get_locale(locale) if locale else None
    if locale and language is None:
        raise fail(f"'{locale}' is not one of the site's languages.")
    with Session(engine()) as session:
        data = leaflet_data(session, slug, language)
    if data is None:
        raise fail(f"There is no leaflet '{slug}'" + (f" translated into {locale}." if locale else "."))
    return data


@cli.command()
def check(
    targets: list[str] = typer.Argument(..., help="Leaflet files (easyread/*.md) or leaflet slugs."),
    locale: str | None = typer.Option(
        None,
        "--locale",
        help="Check the leaflet's translation into this language (slugs only; the translation must be complete).",
    ),
) -> None:
    """Check leaflets against the easy-read rules: findings with the row, the words, the rule and a suggestion.
    Exits with 1 when any leaflet has errors (errors block publishing)."""
    from app.easyread.checker import check as run_checks
    from app.easyread.checker import errors

    failed = 0
    for target in targets:
        path = Path(target)
        is_file = path.suffix == ".md" or path.exists()
        if is_file and locale:
            raise fail("--locale works with a leaflet's slug, not a file.")
        data = _from_file(path) if is_file else _from_database(target, locale)
        findings = run_checks(data, locale or "en")
        console.print(
            f"[bold]{target}[/bold]: {len(errors(findings))} errors, {len(findings) - len(errors(findings))} warnings"
        )
        for finding in findings:
            console.print("  " + finding.line(), markup=False)
        failed += bool(errors(findings))
    if failed:
        raise typer.Exit(1)
