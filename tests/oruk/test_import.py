"""ORUK import: schema first, every problem with its JSON path, all or nothing, idempotent, taxonomies mapped."""

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, func, select

from app.cli import cli
from app.directory.models import Location, Organization, Service, ServiceLanguage, Taxonomy, TaxonomyTerm
from app.oruk.importer import import_services
from app.oruk.sources import ImportProblems, read
from tests.oruk.conftest import API

pytestmark = pytest.mark.usefixtures("schema_root")


def _write(path, data) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _messages(exc_info) -> list[str]:
    return [str(problem) for problem in exc_info.value.problems]


@pytest.fixture(scope="module")
def page(api) -> dict:
    """A real /services?full=true page of our own services."""
    return api.get(f"{API}/services", params={"full": "true", "per_page": 6}).json()


def test_the_official_example_imports_cleanly_and_again_changes_nothing(session, example, tmp_path, schema_root):
    source = str(schema_root / "examples" / "service_full.json")
    report = import_services(session, read(source))
    assert report.created["service"] == report.created["organisation"] == report.created["location"] == 1
    service = session.get(Service, example["id"])
    assert service.name == "Community Counselling" and service.organization.name == "Example Organization Inc."
    assert service.summary.startswith("Counselling Services provided") and service.minimum_age == 12
    assert [(s.byday, s.opens_at.hour, s.closes_at.hour) for s in service.schedules] == [("TH,FR", 10, 18)]
    assert [(o.option, o.amount) for o in service.cost_options] == [("Under 18s and Over 60s, per 1 hour session", 35)]
    place = session.get(Location, example["service_at_locations"][0]["location"]["id"])
    assert place.postcode == "ABC 1234" and place.latitude is None and place.name == "MyCity Civic Center"
    term = session.get(TaxonomyTerm, example["attributes"][0]["taxonomy_term"]["id"])
    assert term.name == "name" and term.taxonomy.name == "taxonomy"
    warned = " | ".join(str(w) for w in report.warnings)
    assert "location.latitude" in warned and "postal_code: this is not a UK postcode" in warned
    again = import_services(session, read(source))
    assert again.changed == 0 and again.unchanged["service"] == 1


def test_a_page_of_our_services_reimports_into_the_same_rows(session, page, tmp_path):
    before = {model: _count(session, model) for model in (Service, Location, Organization, TaxonomyTerm)}
    source = _write(tmp_path / "services.json", page)
    first = import_services(session, read(source))
    assert first.created == {} and first.updated["service"] == 6
    second = import_services(session, read(source))
    assert second.changed == 0 and second.unchanged["service"] == 6
    assert {model: _count(session, model) for model in before} == before


def test_every_problem_is_reported_with_its_path_and_nothing_is_written(session, page, tmp_path):
    bad = copy.deepcopy(page)
    bad["contents"][1]["id"] = "not-a-uuid"
    bad["contents"][2]["name"] = None
    bad["contents"][3]["phones"] = [{"id": bad["contents"][0]["id"], "number": "12345"}]
    source = _write(tmp_path / "services.json", bad)
    with pytest.raises(ImportProblems) as schema_errors:
        read(source)
    assert _messages(schema_errors) == [
        f"{source}: contents[1].id: 'not-a-uuid' is not a 'uuid'",
        f"{source}: contents[2].name: None is not of type 'string'",
    ]
    bad["contents"][1]["id"], bad["contents"][2]["name"] = page["contents"][1]["id"], "x" * 301
    bad["contents"][4]["email"] = "nobody@nowhere"
    bad["contents"][5]["languages"].append({"id": bad["contents"][0]["id"], "code": "klingon"})
    source = _write(tmp_path / "services.json", bad)
    before = session.get(Service, page["contents"][0]["id"]).updated_at
    with pytest.raises(ImportProblems) as errors:
        import_services(session, read(source))
    messages = _messages(errors)
    assert f"{source}: contents[2].name: this is 301 characters long; Signpost keeps at most 300" in messages
    assert f"{source}: contents[3].phones[0].number: enter a UK phone number, like 020 7946 0123" in messages
    assert f"{source}: contents[4].email: enter an email address, like name@example.org" in messages
    assert any(m.startswith(f"{source}: contents[5].languages[") and "'klingon'" in m for m in messages)
    assert len(messages) == 4
    session.expire_all()
    assert session.get(Service, page["contents"][0]["id"]).updated_at == before


def test_ids_must_be_unique_and_not_belong_to_something_else(session, page, tmp_path):
    twice = {"contents": [page["contents"][0], page["contents"][0]]}
    with pytest.raises(ImportProblems, match=r"contents\[1\].id: another service in this import has this id"):
        import_services(session, read(_write(tmp_path / "twice.json", twice)))
    stolen = copy.deepcopy(page["contents"][1])
    donor = next(s for s in page["contents"] if s["phones"] and s["id"] != stolen["id"])
    stolen["phones"] = [donor["phones"][0]]
    with pytest.raises(ImportProblems) as errors:
        import_services(session, read(_write(tmp_path / "stolen.json", stolen)))
    assert _messages(errors) == [
        f"{tmp_path / 'stolen.json'}: phones[0].id: this id already belongs to another record in the database"
    ]


def _service(example: dict, **changes) -> dict:
    data = copy.deepcopy(example)
    data.update(changes)
    return data


def test_taxonomy_terms_are_mapped_by_id_or_name_and_unknown_ones_created(session, example, tmp_path):
    topic = session.exec(select(TaxonomyTerm).where(TaxonomyTerm.slug == "staying-safe")).one()
    attributes = [
        {"id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0001", "taxonomy_term_id": topic.id},
        {
            "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0002",
            "taxonomy_term": {
                "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0003",
                "name": "BEING AT HOME",
                "description": "",
                "taxonomy": "topics",
            },
        },
        {
            "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0004",
            "taxonomy_term": {
                "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0005",
                "name": "Gardening",
                "description": "Growing things",
            },
        },
        {
            "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0006",
            "taxonomy_term": {
                "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0007",
                "name": "British Sign Language",
                "description": "",
                "taxonomy": "Languages",
            },
        },
        {
            "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0008",
            "taxonomy_term": {
                "id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0009",
                "name": "Your GP",
                "description": "",
                "code": "gp",
                "taxonomy": "How to get the service",
            },
        },
    ]
    data = _service(example, attributes=attributes, languages=[{"id": example["languages"][0]["id"], "code": "so"}])
    import_services(session, read(_write(tmp_path / "one.json", data)))
    service = session.get(Service, example["id"])
    assert [t.slug for t in service.terms_in("topics")] == ["staying-safe", "being-at-home"]
    imported = [t for t in service.terms if t.taxonomy.slug == "imported"]
    assert [(t.id, t.name, t.slug) for t in imported] == [
        ("6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a0005", "Gardening", "gardening")
    ]
    assert service.languages == ["so", "bfi"] and service.referral == ["gp"]
    unknown = _service(
        example, attributes=[{"id": attributes[0]["id"], "taxonomy_term_id": "6b0c5c5e-0d6c-4c41-9d7b-1f1d3d5a00ff"}]
    )
    with pytest.raises(ImportProblems, match=r"attributes\[0\].taxonomy_term: no taxonomy term has the id"):
        import_services(session, read(_write(tmp_path / "two.json", unknown)))
    not_listed = _service(
        example,
        attributes=[
            {
                "id": attributes[0]["id"],
                "taxonomy_term": {
                    "id": attributes[0]["id"],
                    "name": "Dolphin",
                    "description": "",
                    "taxonomy": "Languages",
                },
            }
        ],
    )
    with pytest.raises(ImportProblems, match="'Dolphin' is not in the list 'Languages'"):
        import_services(session, read(_write(tmp_path / "three.json", not_listed)))


def test_a_folder_of_single_services_and_pages(session, api, page, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    for item in page["contents"][:3]:
        _write(folder / f"{item['id']}.json", api.get(f"{API}/services/{item['id']}").json())
    _write(folder / "page.json", {"contents": page["contents"][3:]})
    (folder / "notes.txt").write_text("not read", encoding="utf-8")
    records = read(str(folder))
    assert [r.path for r in records] == ["", "", "", "contents[0]", "contents[1]", "contents[2]"]
    assert import_services(session, records).updated["service"] == 6


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "this is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
        (b"[1, 2]", 'expected a /services page ({"contents": [...]}) or one service object'),
        (b'{"contents": 3}', "contents: expected a list of services"),
        ("\u00e9".encode("latin-1"), "the file is not UTF-8 text"),
    ],
)
def test_unreadable_files_are_clear(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportProblems) as errors:
        read(str(path))
    assert _messages(errors) == [f"{path}: {message}"]


def test_missing_files_and_empty_folders_are_clear(tmp_path):
    with pytest.raises(ImportProblems, match="there is no such file or folder"):
        read(str(tmp_path / "nothing.json"))
    with pytest.raises(ImportProblems, match="this folder has no .json files"):
        read(str(tmp_path))


class _Pages(BaseHTTPRequestHandler):
    pages: list[dict] = []

    def do_GET(self):  # noqa: N802 - the http.server name
        number = int(parse_qs(urlsplit(self.path).query).get("page", ["1"])[0])
        body = json.dumps(self.pages[number - 1]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_url_is_read_page_by_page_on_this_machine(page):
    first = dict(page, contents=page["contents"][:4], page_number=1, last_page=False)
    second = dict(page, contents=page["contents"][4:], page_number=2, last_page=True)
    _Pages.pages = [first, second]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        records = read(f"http://127.0.0.1:{server.server_port}/api/oruk/services?per_page=4")
    finally:
        server.shutdown()
        thread.join()
    assert [r.data["id"] for r in records] == [s["id"] for s in page["contents"]]
    assert records[4].source.endswith("?per_page=4&full=true&page=2") and records[4].path == "contents[0]"


def test_an_unreachable_url_says_so(schema_root):
    with pytest.raises(ImportProblems) as errors:
        read("http://127.0.0.1:1/api/oruk/services")
    assert "cannot download it" in _messages(errors)[0] and "online" in _messages(errors)[0]


def test_languages_without_a_code_are_left_out_with_a_warning(session, example, tmp_path):
    report = import_services(session, read(_write(tmp_path / "one.json", example)))
    assert any(w.path == "languages[0]" for w in report.warnings)
    assert session.exec(select(ServiceLanguage).where(ServiceLanguage.service_id == example["id"])).all() == []
    assert session.exec(select(Taxonomy).where(Taxonomy.name == "taxonomy")).one()


def test_the_command_commits_once_and_reports(tmp_path, monkeypatch, page, example):
    from typer.testing import CliRunner

    from app import migrations
    from app.config import get_settings
    from app.db import make_engine

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrations.upgrade(url)
    monkeypatch.setenv("SIGNPOST_DATABASE_URL", url)
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        bad = copy.deepcopy(page)
        bad["contents"][3]["phones"] = [{"id": example["id"], "number": "not a phone"}]
        result = runner.invoke(cli, ["oruk", "import", _write(tmp_path / "bad.json", bad)])
        assert result.exit_code == 1 and "contents[3].phones[0].number: enter a UK phone number" in result.output
        assert "nothing was imported" in result.output
        source = _write(tmp_path / "services.json", page)
        result = runner.invoke(cli, ["oruk", "import", source, "--publish"])
        assert result.exit_code == 0, result.output
        assert "Imported 6 services" in result.output
        again = runner.invoke(cli, ["oruk", "import", source, "--publish"])
        assert again.exit_code == 0 and "0 created, 0 updated" in again.output
        engine = make_engine(url)
        with Session(engine) as other:
            assert _count(other, Service) == 6
        engine.dispose()
    finally:
        get_settings.cache_clear()


def test_list_entries_are_not_full_services(schema_root, session):
    source = str(schema_root / "examples" / "service_list.json")
    with pytest.raises(ImportProblems) as errors:
        import_services(session, read(source))
    assert _messages(errors) == [
        f"{source}: contents[0]: this is a list entry, not a full service (it has no "
        "schedules, service_at_locations, attributes...): export the services with full=true"
    ]


def test_a_changed_phone_of_an_organisation_updates_only_that(session, page, tmp_path):
    import_services(session, read(_write(tmp_path / "first.json", page)))
    changed = copy.deepcopy(page)
    service = next(s for s in changed["contents"] if s["organization"]["phones"])
    service["organization"]["phones"][0]["description"] = "Reception"
    for other in changed["contents"]:
        if other["organization"]["id"] == service["organization"]["id"] and other is not service:
            other["organization"] = service["organization"]
    report = import_services(session, read(_write(tmp_path / "second.json", changed)))
    sharing = [s for s in changed["contents"] if s["organization"]["id"] == service["organization"]["id"]]
    assert report.updated == {"organisation": 1, "service": len(sharing)} and report.unchanged["location"] > 0
    session.expire_all()
    org = session.get(Organization, service["organization"]["id"])
    assert [p.description for p in org.phones] == ["Reception"]


def test_imported_pages_get_a_history_that_matches_what_was_written(session, page, tmp_path):
    from app.publishing import history

    changed = copy.deepcopy(page)
    changed["contents"][0]["name"] = "Renamed by the other directory"
    import_services(session, read(_write(tmp_path / "page.json", changed)))
    slug = session.get(Service, changed["contents"][0]["id"]).slug
    item = history.get_item(session, "service", slug)
    latest = history.revision(session, item, item.latest)
    assert latest.data["name"] == "Renamed by the other directory" and latest.author == "ORUK import"
    assert item.published == item.latest, "an edit form starts from what the import wrote, not an older version"
