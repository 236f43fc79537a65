"""Markdown in content can never inject script."""

import pytest

from app.ui.markdown import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    "[x](java\tscript:alert(1))",
    "<svg onload=alert(1)>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_escaped_or_dropped(text):
    html = str(render_markdown(text)).lower()
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<svg" not in html
    assert 'href="javascript' not in html and 'href="vbscript' not in html and 'href="data' not in html
    assert 'src="javascript' not in html


def test_ordinary_markdown_renders():
    html = str(render_markdown("## Help\n\n- one\n- [two](https://example.org)\n\nCall **now**."))
    assert (
        "<h2>Help</h2>" in html and '<a href="https://example.org">two</a>' in html and "<strong>now</strong>" in html
    )


def test_headings_can_be_nested_under_the_page_structure():
    assert "<h3>Help</h3>" in str(render_markdown("## Help", heading_offset=1))


def test_hostile_markdown_in_content_is_escaped_on_the_page(client, engine):
    from sqlmodel import Session

    from app.guides.models import Guide

    body = "<script>alert('x')</script>\n\n[bad](javascript:alert(1)) <img src=x onerror=alert(1)>"
    with Session(engine) as session:
        session.add(
            Guide(
                id="00000000-0000-0000-0000-00000000beef", slug="hostile-test", title="<b>T</b>", summary="s", body=body
            )
        )
        session.commit()
    try:
        html = client.get("/en/guides/hostile-test").text
    finally:
        with Session(engine) as session:
            session.delete(session.get(Guide, "00000000-0000-0000-0000-00000000beef"))
            session.commit()
    assert "&lt;script&gt;alert" in html and "<script>alert" not in html
    assert 'href="javascript' not in html and "<img src=x" not in html
    assert "&lt;b&gt;T&lt;/b&gt;" in html
