"""The stylesheet uses logical properties only, so right-to-left pages mirror with no extra rules."""

import re

from app.web.static_files import STATIC_DIR

PHYSICAL = re.compile(
    r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|text-align\s*:\s*(left|right)"
    r"|float\s*:\s*(left|right)|(?<![-\w])(min-|max-)?(width|height)\s*:"
)


def test_css_uses_logical_properties_only():
    for path in STATIC_DIR.glob("*.css"):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        css = re.sub(r"@media[^{]*", "", css)  # media queries may test the viewport's width
        found = PHYSICAL.findall(css)
        assert not found, f"{path.name} uses physical properties: {found}"


def test_no_web_fonts_and_relative_text_sizes():
    css = (STATIC_DIR / "signpost.css").read_text(encoding="utf-8")
    assert "@font-face" not in css and "url(" not in css
    assert not re.search(r"font-size:\s*\d+px", css)
