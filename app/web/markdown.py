"""Render content Markdown to safe HTML: raw HTML is escaped, unsafe link schemes are dropped."""

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/")[0]:
        return True  # relative link or fragment
    return lowered.startswith(SAFE_SCHEMES)


def _make(heading_offset: int) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = _validate_link

    def shift_headings(state) -> None:
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                level = min(int(token.tag[1]) + heading_offset, 6)
                token.tag = f"h{level}"

    if heading_offset:
        md.core.ruler.push("shift_headings", shift_headings)
    return md


_RENDERERS = {offset: _make(offset) for offset in (0, 1)}


def render_markdown(text: str, heading_offset: int = 0) -> Markup:
    """HTML for ``text``. ``heading_offset=1`` turns ``##`` into ``<h3>`` for text nested under an ``<h2>``."""
    return Markup(_RENDERERS[heading_offset].render(text or ""))
