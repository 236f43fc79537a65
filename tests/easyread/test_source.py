"""The leaflet file format: rows from Markdown, errors with file and line, and checks on import."""

import pytest

from app.content.files import ContentError
from app.content.loader import ContentErrors, load_content
from app.easyread.schema import LeafletFile
from app.easyread.source import parse_rows, read_leaflet, rows_markdown, write_leaflet
from tests.conftest import DEMO_CONTENT, DEMO_EASYREAD


def test_rows_are_read_from_picture_lines_and_written_back_the_same():
    body = (
        "![A telephone](openmoji:1F4DE)\nYou can phone us.\n\n"
        "![A house](openmoji:1F3E0)\nWe can:\n- visit you\n- call you"
    )
    lines: list[int] = []
    rows = parse_rows(body, first_line=10, lines=lines)
    assert rows == [
        {"picture": "openmoji:1F4DE", "alt": "A telephone", "text": "You can phone us."},
        {"picture": "openmoji:1F3E0", "alt": "A house", "text": "We can:\n- visit you\n- call you"},
    ]
    assert lines == [10, 13]
    assert rows_markdown(rows) == body


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Some text first.\n![A](openmoji:1F4DE)\nText.", 1, "each row starts with a line holding only its picture"),
        ("![A](openmoji:1F4DE)\nText.\n\n![B](openmoji:1F3E0)\n", 5, "this row has a picture but no text"),
    ],
)
def test_rows_not_in_the_format_are_reported_with_their_line(body, line, message):
    with pytest.raises(ContentError) as caught:
        parse_rows(body, "x.md")
    assert caught.value.line == line and message in caught.value.message


def _copy(tmp_path, name: str, text: str):
    folder = tmp_path / "easyread"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_import_reports_bad_leaflets_as_file_and_line(tmp_path):
    folder = _copy(
        tmp_path,
        "bad-one.md",
        (
            "---\nslug: bad-one\ntitle: Bad\nsummary: Bad.\nlinks:\n  - guide:no-such-guide\n  - page:x\n"
            "colour: red\n---\n\n![A](openmoji:1F4DE)\nFine.\n\n![B](not-a-picture)\nAlso fine.\n"
        ),
    )
    with pytest.raises(ContentErrors) as caught:
        load_content(DEMO_CONTENT, folder)
    messages = [str(error) for error in caught.value.errors]
    path = folder / "bad-one.md"
    assert f"{path}:8: unknown field 'colour'" in messages
    assert any(m.startswith(f"{path}:7: ") and "not a page" in m for m in messages)
    assert any(m.startswith(f"{path}:14: ") and "is not a picture" in m for m in messages)


def test_import_checks_links_and_the_file_name(tmp_path):
    folder = _copy(
        tmp_path,
        "other-name.md",
        (
            "---\nslug: bad-two\ntitle: Bad\nsummary: Bad.\nlinks: [guide:no-such-guide]\n---\n\n"
            "![A](openmoji:1F4DE)\nFine.\n"
        ),
    )
    with pytest.raises(ContentErrors) as caught:
        load_content(DEMO_CONTENT, folder)
    text = str(caught.value)
    assert "unknown guide 'no-such-guide'" in text and "the slug 'bad-two' must match the file name" in text


def test_demo_leaflets_load_and_write_back_unchanged(tmp_path):
    content = load_content(DEMO_CONTENT, DEMO_EASYREAD)
    assert len(content.leaflets) >= 8
    for leaflet in content.leaflets:
        write_leaflet(tmp_path / f"{leaflet.slug}.md", leaflet.model_dump(mode="json", exclude_defaults=True))
        assert LeafletFile.model_validate(read_leaflet(tmp_path / f"{leaflet.slug}.md").data) == leaflet
