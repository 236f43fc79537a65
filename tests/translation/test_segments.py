"""Splitting content into segments, and putting translated segments back without breaking the Markdown."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.translation.segments import assemble, field_segments, markdown_spans, normalise, text_hash
from app.ui.markdown import render_markdown

SOURCE = """# A heading

A paragraph that runs
over two lines with **bold** and a [link](https://example.org/a).

- first item
- second item
  continues here

1. numbered

> a quote
> over two lines

| Day | Time |
| --- | --- |
| Monday | 10am |

```
code is not translated
```
"""


def test_each_block_is_one_segment_and_inline_markdown_stays_inside():
    texts = [span.text for span in markdown_spans(SOURCE)]
    assert texts == [
        "A heading",
        "A paragraph that runs over two lines with **bold** and a [link](https://example.org/a).",
        "first item",
        "second item continues here",
        "numbered",
        "a quote over two lines",
        "Day",
        "Time",
        "Monday",
        "10am",
    ]


def test_assembling_the_translations_keeps_the_structure():
    spans = markdown_spans(SOURCE)
    translated = assemble(SOURCE, spans, [f"T{n} {span.text}" for n, span in enumerate(spans)])
    html = str(render_markdown(translated))
    assert "<h1>T0 A heading</h1>" in html
    assert '<a href="https://example.org/a">link</a>' in html and "<strong>bold</strong>" in html
    assert "<li>T3 second item continues here</li>" in html
    assert "<blockquote>\n<p>T5 a quote over two lines</p>" in html
    assert "<td>T8 Monday</td>" in html and "code is not translated" in html


def test_short_fields_are_one_segment_and_empty_ones_none():
    assert [s.text for s in field_segments("summary", "  Help  at\nhome. ", False)] == ["Help at home."]
    assert field_segments("summary", "   ", False) == [] and field_segments("body", "", True) == []


def test_the_same_text_has_the_same_key_whatever_its_spacing():
    assert text_hash("Help at home.") == text_hash(" Help  at\nhome. ")
    assert text_hash("Help at home.") != text_hash("Help at home!")


paragraph = (
    st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" .,"), min_size=1, max_size=40)
    .map(normalise)
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "- ", "## ", "> ", "1. "]), paragraph), min_size=1, max_size=6))
def test_putting_back_the_source_text_renders_the_same_page(blocks):
    source = "\n\n".join(prefix + text for prefix, text in blocks)
    spans = markdown_spans(source)
    assert render_markdown(assemble(source, spans, [span.text for span in spans])) == render_markdown(source)
