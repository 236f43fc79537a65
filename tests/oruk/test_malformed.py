"""Malformed ORUK files never crash the import: too deep, numbers JSON or Signpost cannot hold, and a flood of
errors (the first ones are shown, with a count of the rest); nothing is written, and nothing saved before is lost."""

import copy
import json

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import cli
from app.directory.models import Organization
from app.oruk.importer import import_services
from app.oruk.sources import MAX_SHOWN, ImportProblems, read
from tests.staff.conftest import signed_in, staff_users  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("schema_root")
DEEP = "it is nested too deeply"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _with_extra(example: dict, raw: str) -> bytes:
    """The example service with one more field (ignored by the import) whose JSON text is ``raw``."""
    text = json.dumps(example)
    return (text[:-1] + f', "x_extra": {raw}}}').encode()


def _problems(tmp_path, content: bytes) -> list[str]:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportProblems) as errors:
        read(str(path))
    return [str(problem).removeprefix(f"{path}: ") for problem in errors.value.problems]


@pytest.mark.parametrize("depth", [65, 990, 100_000])
def test_deeply_nested_files_are_refused(tmp_path, example, depth):
    assert any(DEEP in message for message in _problems(tmp_path, _with_extra(example, _nested(depth))))


def test_a_sensible_depth_is_read(tmp_path, example):
    path = tmp_path / "ok.json"
    path.write_bytes(_with_extra(example, _nested(40)))
    assert read(str(path))[0].data["x_extra"]


@pytest.mark.parametrize(
    "raw, message",
    [
        ("1" * 5000, f"the number {'1' * 24}… has more than 100 digits"),  # Python refuses more than 4300
        ("-" + "9" * 101, f"the number -{'9' * 23}… has more than 100 digits"),
        ("NaN", "NaN is not a number JSON allows"),
        ("-Infinity", "-Infinity is not a number JSON allows"),
        ("1e999", "the number 1e999 is too large"),
        ("-" + "1" * 400 + ".5", f"the number -{'1' * 23}… is too large"),
    ],
)
def test_numbers_json_cannot_hold_are_refused(tmp_path, example, raw, message):
    assert _problems(tmp_path, _with_extra(example, raw)) == [message]


def _amount(example: dict, amount: int) -> bytes:
    """The example with a cost of ``amount`` (one of 401 digits could not be stored: it is too large for a float)."""
    data = copy.deepcopy(example)
    data["cost_options"][0]["amount"] = amount
    return json.dumps(data).encode()


def _flood(count: int) -> bytes:
    """A /services page of ``count`` services with three errors each: no name, no status, an id that is not a UUID."""
    return json.dumps({"contents": [{"id": f"not-a-uuid-{i}"} for i in range(count)]}).encode()


def test_a_flood_of_errors_keeps_the_first_ones_and_counts_the_rest(tmp_path):
    path = tmp_path / "flood.json"
    path.write_bytes(_flood(10_000))
    with pytest.raises(ImportProblems) as errors:
        read(str(path))
    assert len(errors.value.problems) == MAX_SHOWN and errors.value.more == 30_000 - MAX_SHOWN
    assert [str(problem) for problem in errors.value.problems[:3]] == [
        f"{path}: contents[0]: 'name' is a required property",
        f"{path}: contents[0]: 'status' is a required property",
        f"{path}: contents[0].id: 'not-a-uuid-0' is not a 'uuid'",
    ]
    assert str(errors.value).endswith(f"… and {30_000 - MAX_SHOWN} more problems")


def test_the_importer_keeps_the_first_errors_and_counts_the_rest(session, tmp_path, example):
    path = tmp_path / "same.json"
    path.write_text(json.dumps({"contents": [example] * (MAX_SHOWN + 51)}), encoding="utf-8")
    with pytest.raises(ImportProblems) as errors:
        import_services(session, read(str(path)))
    assert len(errors.value.problems) == MAX_SHOWN and errors.value.more == 50 and errors.value.total == MAX_SHOWN + 50
    last = f"{path}: contents[{MAX_SHOWN}].id: another service in this import has this id"
    assert str(errors.value.problems[-1]) == last
    assert session.get(Organization, example["organization"]["id"]) is None, "nothing is written"


def test_the_command_shows_the_first_problems_and_counts_them_all(tmp_path):
    path = tmp_path / "flood.json"
    path.write_bytes(_flood(10_000))
    result = CliRunner().invoke(cli, ["oruk", "import", str(path)], terminal_width=400)
    assert result.exit_code == 1 and result.output.count(f"{path}: contents[") == MAX_SHOWN
    assert f"… and {30_000 - MAX_SHOWN} more problems" in result.output
    assert "30000 problem(s) found; nothing was imported." in result.output


def _organization_name(engine, org_id: str) -> str | None:
    with Session(engine) as db:
        return db.exec(select(Organization.name).where(Organization.id == org_id)).first()


@pytest.mark.usefixtures("leaves_no_trace")
def test_the_staff_page_answers_every_malformed_file_clearly_and_keeps_what_was_saved(signed_in, example, engine):
    editor = signed_in("editor")
    done = editor.post("/staff/import/oruk", {}, files={"file": ("one.json", json.dumps(example), "application/json")})
    assert done.status_code == 200 and "Imported as drafts: 1 new" in done.text
    changed = copy.deepcopy(example)
    changed["organization"]["name"] = "Renamed, never saved"
    bad_files = {
        "deep.json": (_with_extra(changed, _nested(990)), DEEP),
        "deeper.json": (_with_extra(changed, _nested(100_000)), DEEP),
        "digits.json": (_with_extra(changed, "1" * 5000), "has more than 100 digits"),
        "amount.json": (_amount(changed, 10**400), "has more than 100 digits"),
        "nan.json": (_with_extra(changed, "NaN"), "NaN is not a number JSON allows"),
        "inf.json": (_with_extra(changed, "1e999"), "the number 1e999 is too large"),
    }
    for name, (content, message) in bad_files.items():
        refused = editor.post("/staff/import/oruk", {}, files={"file": (name, content, "application/json")})
        assert refused.status_code == 400 and message in refused.text, name
        assert "Nothing has been imported" in refused.text
    flood = editor.post("/staff/import/oruk", {}, files={"file": ("flood.json", _flood(10_000), "application/json")})
    assert flood.status_code == 400 and flood.text.count("<li><code>contents[") == MAX_SHOWN
    assert f"and {30_000 - MAX_SHOWN} more problems" in flood.text and len(flood.content) < 100_000
    assert _organization_name(engine, example["organization"]["id"]) == example["organization"]["name"]
