"""ORUK import into drafts (the default): organisations and places are written, services wait in the staff area
until someone publishes them, keep their ORUK id when published, and importing again changes nothing."""

import copy
import json

import pytest
from sqlmodel import select

from app.directory.models import Location, Organization, Service
from app.oruk.importer import import_services
from app.oruk.sources import ImportProblems, read
from app.publishing import history, workflow
from app.publishing.kinds import KINDS
from tests.staff.conftest import signed_in, staff_users  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("schema_root")


def _source(tmp_path, data, name="service.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _draft(session, service_id):
    for item in session.exec(select(history.ContentItem).where(history.ContentItem.kind == "service")).all():
        data = history.revision(session, item, item.latest).data
        if data.get("id") == service_id:
            return item, data
    return None, None


def test_services_become_drafts_and_reference_data_is_written(session, example, tmp_path):
    report = import_services(session, read(_source(tmp_path, example)), as_drafts=True, author="tester")
    assert report.drafts == {"new": 1}
    assert session.get(Service, example["id"]) is None, "nothing new on the public site"
    assert session.get(Organization, example["organization"]["id"]) is not None
    assert session.get(Location, example["service_at_locations"][0]["location"]["id"]) is not None
    item, data = _draft(session, example["id"])
    assert item.has_draft and item.published is None and item.updated_by == "tester"
    assert data["name"] == "Community Counselling" and data["minimum_age"] == 12

    again = import_services(session, read(_source(tmp_path, example)), as_drafts=True, author="tester")
    assert again.drafts == {"unchanged": 1}
    assert history.get_item(session, "service", item.slug).latest == item.latest


def test_a_draft_keeps_its_oruk_id_when_published_and_reimporting_changes_nothing(session, example, tmp_path):
    import_services(session, read(_source(tmp_path, example)), as_drafts=True)
    item, data = _draft(session, example["id"])
    with pytest.raises(workflow.Refused) as refused:  # the example has none of our topics: a person must choose
        workflow.publish(session, item, base=item.latest, author="editor")
    assert "topics" in refused.value.problems[""]
    fixed = KINDS["service"].document({**data, "topics": ["health-and-wellbeing"]})
    workflow.save_draft(session, item, fixed, base=item.latest, author="editor")
    workflow.publish(session, item, base=item.latest, author="editor")
    published = session.get(Service, example["id"])
    assert published is not None and published.slug == item.slug, "the ORUK id survives publishing"

    changed = copy.deepcopy(example)
    changed["name"] = "Community Counselling and Support"
    report = import_services(session, read(_source(tmp_path, changed)), as_drafts=True)
    assert report.drafts == {"changed": 1}
    assert session.get(Service, example["id"]).name == "Community Counselling", "the public page waits"
    item = history.get_item(session, "service", item.slug)
    assert item.has_draft and history.revision(session, item, item.latest).data["name"].endswith("and Support")


def test_a_bad_file_writes_nothing(session, example, tmp_path):
    bad = copy.deepcopy(example)
    bad["name"] = ""
    with pytest.raises(ImportProblems):
        import_services(session, read(_source(tmp_path, bad)), as_drafts=True)
    assert session.get(Organization, example["organization"]["id"]) is None
    assert _draft(session, example["id"]) == (None, None)


@pytest.mark.usefixtures("leaves_no_trace")
def test_staff_upload_imports_into_drafts_and_reports_problems_with_their_path(signed_in, schema_root, client):
    example_bytes = (schema_root / "examples" / "service_full.json").read_bytes()
    editor = signed_in("editor")
    bad = json.loads(example_bytes)
    bad["phones"] = [{"id": bad["id"], "number": "not a phone"}]
    refused = editor.post("/staff/import/oruk", {}, files={"file": ("bad.json", json.dumps(bad), "application/json")})
    assert refused.status_code == 400 and "Nothing has been imported" in refused.text
    assert "phones[0].number" in refused.text
    broken = editor.post("/staff/import/oruk", {}, files={"file": ("x.json", b"{not json", "application/json")})
    assert broken.status_code == 400
    empty = editor.post("/staff/import/oruk", {})
    assert empty.status_code == 400 and "Select a JSON file" in empty.text

    done = editor.post("/staff/import/oruk", {}, files={"file": ("one.json", example_bytes, "application/json")})
    assert done.status_code == 200 and "Imported as drafts: 1 new" in done.text
    data = json.loads(example_bytes)
    assert client.get(f"/api/oruk/services/{data['id']}").status_code == 404, "a draft is not open data"
    again = editor.post("/staff/import/oruk", {}, files={"file": ("one.json", example_bytes, "application/json")})
    assert "0 new, 0 changed, 1 unchanged" in again.text
