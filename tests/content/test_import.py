"""Import is idempotent, all or nothing, keeps ids stable, and export writes the same content back."""

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import cli
from app.content.exporter import content_from_db, write_content
from app.content.importer import import_content
from app.content.loader import load_content
from app.directory.models import Phone, Schedule, Service
from app.easyread.schema import LeafletFile
from app.guides.models import Guide
from tests.conftest import DEMO_CONTENT, DEMO_EASYREAD


def _counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Service, Guide, Schedule, Phone)
        }


@pytest.mark.slow
def test_importing_the_same_content_again_changes_nothing(session):
    report = import_content(session, load_content(DEMO_CONTENT))
    assert report.changed == 0 and sum(report.unchanged.values()) > 60


def test_every_imported_page_has_a_published_version_and_reimporting_adds_none(session):
    from app.publishing.models import ContentItem, Revision

    content = load_content(DEMO_CONTENT)
    pages = (
        len(content.services)
        + len(content.hubs)
        + len(content.guides)
        + sum(len(hub.activities) for hub in content.hubs)
    )
    demo = select(func.count()).select_from(ContentItem).where(ContentItem.updated_by == "content import")
    assert session.exec(demo).one() >= pages
    revisions = session.exec(select(func.count()).select_from(Revision)).one()
    import_content(session, content)
    assert session.exec(select(func.count()).select_from(Revision)).one() == revisions


def test_a_changed_file_updates_only_that_service_and_keeps_its_id(session, content_copy):
    before = session.exec(select(Service).where(Service.slug == "reablement")).one()
    service_id = before.id
    path = content_copy / "services" / "reablement.md"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "summary: Changed.", 1), encoding="utf-8")
    report = import_content(session, load_content(content_copy))
    assert report.updated == {"service": 1} and not report.created
    session.expire_all()
    after = session.exec(select(Service).where(Service.slug == "reablement")).one()
    assert after.id == service_id and after.summary.startswith("Changed.")
    from app.publishing import history

    item = history.get_item(session, "service", "reablement")
    latest = history.revision(session, item, item.latest)
    assert latest.action == "import" and latest.data["summary"].startswith("Changed.")


def _leaflets(content) -> list[dict]:
    return [leaflet.model_dump(mode="json") for leaflet in content.leaflets]


@pytest.mark.slow
def test_export_then_load_gives_back_exactly_the_source_content(session, tmp_path):
    source = load_content(DEMO_CONTENT, DEMO_EASYREAD)
    exported = content_from_db(session)
    assert len(exported.leaflets) == len(source.leaflets) == 8
    assert [LeafletFile.model_validate(data) for data in _leaflets(exported)] == sorted(
        source.leaflets, key=lambda leaflet: leaflet.slug
    )
    assert exported.services == sorted(source.services, key=lambda s: s.slug)
    assert exported.hubs == sorted(
        [hub.model_copy(update={"activities": sorted(hub.activities, key=lambda a: a.slug)}) for hub in source.hubs],
        key=lambda h: h.slug,
    )
    assert exported.guides == sorted(source.guides, key=lambda g: g.slug)
    assert exported.organisations == sorted(source.organisations, key=lambda o: o.slug)
    assert exported.areas == source.areas and exported.venues == sorted(source.venues, key=lambda v: v.slug)
    write_content(exported, tmp_path / "out", tmp_path / "out" / "easyread")
    reloaded = load_content(tmp_path / "out", tmp_path / "out" / "easyread")
    assert _leaflets(reloaded) == _leaflets(exported)
    assert vars(reloaded) | {"leaflets": []} == vars(exported) | {"leaflets": []}
    import_content(session, reloaded)
    session.expire_all()
    again = content_from_db(session)
    assert vars(again) | {"leaflets": []} == vars(exported) | {"leaflets": []}
    assert _leaflets(again) == _leaflets(exported)


@pytest.fixture
def cli_env(settings, monkeypatch):
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(settings.data_dir))
    from app.config import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cli_import_with_a_bad_file_reports_file_and_line_and_changes_nothing(engine, content_copy, cli_env):
    before = _counts(engine)
    good = content_copy / "services" / "reablement.md"
    good.write_text(good.read_text(encoding="utf-8").replace("summary:", "summary: Edited.", 1), encoding="utf-8")
    (content_copy / "services" / "zz-new.md").write_text(
        "---\nslug: zz-new\nname: New\norganisation: kingsmead-council\nsummary: S\ntopics: [staying-safe]\n"
        "minimum_age: old\n---\nBody\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["content", "import", "--from", str(content_copy)])
    assert result.exit_code == 1
    assert f"{content_copy / 'services' / 'zz-new.md'}:7: minimum_age:" in result.output
    assert "nothing was imported" in result.output
    assert _counts(engine) == before
    with Session(engine) as session:
        assert not session.exec(select(Service).where(Service.summary.startswith("Edited."))).first()


def test_cli_check_and_export(content_copy, cli_env, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["content", "check", "--from", str(content_copy)])
    assert result.exit_code == 0 and "No problems" in result.output
    result = runner.invoke(cli, ["content", "export", str(tmp_path / "exported")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exported" / "services" / "reablement.md").exists()
    assert load_content(tmp_path / "exported").services


@pytest.mark.slow
def test_cli_import_of_unchanged_content_reports_no_changes(content_copy, cli_env, engine):
    before = _counts(engine)
    result = CliRunner().invoke(cli, ["content", "import", "--from", str(content_copy)])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated" in result.output
    assert _counts(engine) == before
