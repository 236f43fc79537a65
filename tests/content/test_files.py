"""Content files: every problem is reported as path:line: message."""

from pathlib import Path

import pytest

from app.content.files import ContentError, read_markdown
from app.content.loader import ContentErrors, load_content


def _write(folder: Path, relative: str, text: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_and_body_are_split(tmp_path):
    path = _write(tmp_path, "g.md", "---\nslug: g\ntitle: T\n---\n\nHello **world**\n")
    doc = read_markdown(path, "body")
    assert doc.data == {"slug": "g", "title": "T", "body": "Hello **world**"}


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("no front matter", 1, "must start with"),
        ("---\nslug: g\n", 1, "not closed"),
        ("---\nslug: g\ntitle: [unclosed\n---\n", 4, "not valid YAML"),
        ("---\n- a list\n---\n", 2, "mapping"),
    ],
)
def test_broken_files_report_the_line(tmp_path, text, line, words):
    path = _write(tmp_path, "g.md", text)
    with pytest.raises(ContentError) as info:
        read_markdown(path, "body")
    assert info.value.line == line and words in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "g.md"
    path.write_bytes(b"---\nslug: \xff\n---\n")
    with pytest.raises(ContentError, match="not UTF-8"):
        read_markdown(path, "body")


def _errors(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_content(folder)
    return [str(error) for error in info.value.errors]


def test_validation_errors_point_at_the_line_of_the_field(content_copy):
    path = content_copy / "services" / "reablement.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("email:"))
    lines[index] = "email: not-an-email"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _errors(content_copy) == [f"{path}:{index + 1}: email: enter an email address, like name@example.org"]


def test_unquoted_times_and_unknown_fields_and_references_are_all_reported(content_copy):
    path = _write(
        content_copy,
        "services/broken.md",
        """---
slug: broken
name: Broken
organisation: no-such-org
summary: S
topics: [no-such-topic]
opening_times:
  - days: [MO]
    opens: 9:30
    closes: "08:00"
colour: blue
---
Body
""",
    )
    errors = _errors(content_copy)
    assert f'{path}:9: opens: write the time as "HH:MM" in quotes, like "09:30"' in errors
    assert f"{path}:11: unknown field 'colour'" in errors
    # references are checked once the file itself is valid
    path.write_text(path.read_text().replace("    opens: 9:30\n", '    opens: "09:30"\n').replace("colour: blue\n", ""))
    errors = _errors(content_copy)
    assert f"{path}:8: opening_times: the closing time must be after the opening time" in errors
    path.write_text(path.read_text().replace('closes: "08:00"', 'closes: "11:00"'))
    errors = _errors(content_copy)
    assert f"{path}:4: unknown organisation 'no-such-org'" in errors
    assert f"{path}:6: unknown topic 'no-such-topic'" in errors


def test_duplicate_slugs_and_wrong_file_names(content_copy):
    source = (content_copy / "services" / "reablement.md").read_text(encoding="utf-8")
    _write(content_copy, "services/copy.md", source)
    errors = _errors(content_copy)
    assert any("copy.md:" in e and "must match the file name" in e for e in errors)
    assert any("is used twice" in e for e in errors)


def test_missing_folder_and_missing_required_files(tmp_path):
    assert "does not exist" in _errors(tmp_path / "nope")[0]
    errors = _errors(tmp_path)
    assert {e.split(":")[0].rsplit("/", 1)[-1] for e in errors} == {"taxonomy.yml", "areas.yml", "organisations.yml"}
