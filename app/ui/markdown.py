"""Render content Markdown to safe HTML: raw HTML is escaped, unsafe link schemes are dropped, and phone numbers
(kept on one line) and email addresses are isolated left to right, so right-to-left text cannot split them or swap
their parts."""

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from app.ui.validators import EMAIL_IN_TEXT, PHONE_IN_TEXT

_LEFT_TO_RIGHT = re.compile(f"(?P<email>{EMAIL_IN_TEXT.pattern})|(?P<phone>{PHONE_IN_TEXT.pattern})")

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/")[0]:
        return True  # relative link or fragment
    return lowered.startswith(SAFE_SCHEMES)


def _make(heading_offset: int) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it-py's documented way to vet links

    def shift_headings(state) -> None:
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close"):
                level = min(int(token.tag[1]) + heading_offset, 6)
                token.tag = f"h{level}"

    if heading_offset:
        md.core.ruler.push("shift_headings", shift_headings)
    md.core.ruler.push("left_to_right", _left_to_right)
    return md


def _left_to_right(state) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        for token in block.children:
            if token.type != "text" or not _LEFT_TO_RIGHT.search(token.content):
                children.append(token)
                continue
            cursor = 0
            for match in _LEFT_TO_RIGHT.finditer(token.content):
                kind = "email-address" if match["email"] else "phone-number"
                html = (
                    f'{escape(token.content[cursor : match.start()])}<span class="{kind}" dir="ltr">'
                    f"{escape(match.group(0))}</span>"
                )
                children.append(Token("html_inline", "", 0, content=html))
                cursor = match.end()
            children.append(Token("html_inline", "", 0, content=str(escape(token.content[cursor:]))))
        block.children = children


_RENDERERS = {offset: _make(offset) for offset in (0, 1)}


def render_markdown(text: str, heading_offset: int = 0) -> Markup:
    """HTML for ``text``. ``heading_offset=1`` turns ``##`` into ``<h3>`` for text nested under an ``<h2>``."""
    return Markup(_RENDERERS[heading_offset].render(text or ""))
