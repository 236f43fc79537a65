"""Pictures staff upload: SVG rebuilt without anything that could run or fetch, PNG and JPEG re-encoded, every
other kind of file refused with a plain message (the upload form itself: test_upload_page.py)."""

import io
import itertools
import random
import re
import struct
import sys
import time
import uuid
import zlib
from xml.etree import ElementTree

import pytest
from PIL import Image, PngImagePlugin

import app.easyread.pdf  # noqa: F401 - loaded by the running app (it brings WeasyPrint, which changes Pillow)
from app.easyread import uploads
from app.easyread.uploads import MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS, MAX_SIDE, UploadRefused, accept

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
NAME = re.compile(r"[0-9a-f]{16}\.(png|jpg|svg)")
_shades = itertools.count(1)

HOSTILE_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100"
     width="100" height="100" onload="alert('svg')">
  <script type="text/javascript">alert(document.cookie)</script>
  <script xlink:href="http://evil.example/script.js"/>
  <style>@import url(http://evil.example/sheet.css); circle { fill: red }</style>
  <defs>
    <linearGradient id="sky">
      <stop offset="0" stop-color="#0000ff"/><stop offset="1" stop-color="#ffffff"/>
    </linearGradient>
    <path id="petal" d="M10 10 L20 20 Z" fill="#00ff00"/>
  </defs>
  <circle cx="50" cy="50" r="40" fill="#ff0000" stroke="#000000" stroke-width="2" onclick="alert('click')"/>
  <rect x="0" y="0" width="10" height="10" fill="url(#sky)" style="fill:url(http://evil.example/fill.svg#p)"/>
  <path d="M0 0 L100 100" stroke="#123456" onmouseover="alert('over')"/>
  <a xlink:href="javascript:alert('link')"><text x="5" y="5">Click me</text></a>
  <use xlink:href="#petal"/>
  <use href="http://evil.example/sprites.svg#bad"/>
  <use xlink:href="http://evil.example/sprites.svg#worse"/>
  <image href="http://evil.example/tracker.png" width="1" height="1"/>
  <image xlink:href="http://evil.example/tracker2.png" width="1" height="1"/>
  <foreignObject width="100" height="100">
    <div xmlns="http://www.w3.org/1999/xhtml"><script>alert('html')</script><iframe src="http://evil.example/"/></div>
  </foreignObject>
  <text x="10" y="90" font-size="12">Hello</text>
</svg>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol4;</text></svg>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="10">&secret;</text></svg>
"""

TOO_COMPLEX = "The SVG picture is too complex. Make it simpler, or save it as a PNG picture."


def _svg(body: str) -> bytes:
    return f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" width="100" height="100">{body}</svg>'.encode()


def _nested(depth: int) -> bytes:
    """``depth`` groups inside each other around a circle."""
    return _svg("<g>" * depth + '<circle r="1"/>' + "</g>" * depth)


# A billion laughs made of drawing rather than entities: each group uses the one before ten times, so nine groups
# of a few lines ask for a thousand million circles.
BILLION_USES = _svg(
    '<defs><circle id="l0" r="1"/><symbol id="s"><circle r="2"/></symbol>'
    + "".join(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 10))
    + '</defs><use href="#l9"/><use xlink:href="#s"/>'
)


def _laughs(tag: str, attribute: str, style: bool = False) -> bytes:
    """The same with masks or clip paths: each is drawn again for every element that uses it."""

    def use(level: int) -> str:
        return f'style="{attribute}:url(#m{level})"' if style else f'{attribute}="url(#m{level})"'

    return _svg(
        f'<defs><{tag} id="m0"><rect width="1" height="1"/></{tag}>'
        + "".join(
            f'<{tag} id="m{i}">' + f'<rect width="1" height="1" {use(i - 1)}/>' * 10 + f"</{tag}>" for i in range(1, 10)
        )
        + f'</defs><rect width="9" height="9" {use(9)}/>'
    )


PLAIN_DOCTYPE = b"""<?xml version="1.0" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>
"""


def _without_namespaces(cleaned: bytes) -> str:
    """The cleaned SVG as text, less the two namespace names (themselves http:// addresses, never fetched)."""
    return cleaned.decode("utf-8").replace(SVG_NS, "").replace(XLINK_NS, "")


def _png(size=(8, 8), colour=None, mode="RGB", **save) -> bytes:
    """A small PNG; each call without a colour gives a different picture (so a different upload name)."""
    if colour is None:
        shade = next(_shades)
        colour = (shade % 256, (shade // 256) % 256, (uuid.uuid4().int % 200) + 20) if mode == "RGB" else 1
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG", **save)
    return out.getvalue()


def _jpeg(**save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(out, "JPEG", **save)
    return out.getvalue()


def _refused(data: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        accept(data)
    return str(refused.value)


# --- SVG ---------------------------------------------------------------------------------------------------------


def test_hostile_svg_loses_scripts_handlers_links_and_outside_references():
    name, media_type, cleaned = accept(HOSTILE_SVG)
    assert media_type == "image/svg+xml" and NAME.fullmatch(name) and name.endswith(".svg")
    text = _without_namespaces(cleaned)
    lowered = text.lower()
    for bad in (
        "script",
        "onload",
        "onclick",
        "onmouseover",
        "javascript",
        "http://",
        "https://",
        "evil.example",
        "foreignobject",
        "@import",
        "iframe",
        "<style",
        "<image",
        "<a ",
        "xhtml",
        "alert",
    ):
        assert bad not in lowered, f"{bad!r} survived cleaning: {text}"


def test_hostile_svg_keeps_its_harmless_drawing_and_is_well_formed():
    _name, _type, cleaned = accept(HOSTILE_SVG)
    root = ElementTree.fromstring(cleaned)  # well-formed XML, or this raises
    assert root.tag == f"{{{SVG_NS}}}svg" and root.get("viewBox") == "0 0 100 100" and root.get("width") == "100"
    circle = root.find(f"{{{SVG_NS}}}circle")
    assert circle is not None
    assert (circle.get("cx"), circle.get("r"), circle.get("fill"), circle.get("stroke")) == (
        "50",
        "40",
        "#ff0000",
        "#000000",
    )
    assert circle.get("onclick") is None
    paths = {p.get("d") for p in root.iter(f"{{{SVG_NS}}}path")}
    assert paths == {"M10 10 L20 20 Z", "M0 0 L100 100"}
    rect = root.find(f"{{{SVG_NS}}}rect")
    assert rect.get("fill") == "url(#sky)", "an internal gradient reference is harmless drawing"
    assert rect.get("style") is None, "a style that fetches an outside file goes"
    stops = [stop.get("stop-color") for stop in root.iter(f"{{{SVG_NS}}}stop")]
    assert stops == ["#0000ff", "#ffffff"]
    assert root.find(f"{{{SVG_NS}}}use") is None, "<use> copies other elements: it goes, even pointing inside"
    texts = [t.text for t in root.iter(f"{{{SVG_NS}}}text")]
    assert "Hello" in texts and "Click me" not in texts, "a link is dropped with what it wrapped"
    assert root.find(f"{{{SVG_NS}}}foreignObject") is None and root.find(f"{{{SVG_NS}}}script") is None


def test_every_element_left_is_an_allowed_svg_element():
    _name, _type, cleaned = accept(HOSTILE_SVG)
    allowed = {f"{{{SVG_NS}}}{name}" for name in uploads._ELEMENTS}
    assert {element.tag for element in ElementTree.fromstring(cleaned).iter()} <= allowed


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "url(http://evil.example/x)",
        "URL( 'https://evil.example/x')",
        "url(//evil.example/x)",
        "expression(alert(1))",
        "@import 'http://evil.example/x.css'",
    ],
)
def test_dangerous_attribute_values_are_dropped(value):
    escaped = value.replace("&", "&amp;").replace('"', "&quot;")
    svg = (
        f'<svg xmlns="{SVG_NS}"><circle r="3" fill="{escaped}" style="{escaped}" clip-path="{escaped}" '
        f'mask="{escaped}"/></svg>'
    ).encode()
    circle = ElementTree.fromstring(accept(svg)[2]).find(f"{{{SVG_NS}}}circle")
    assert circle.get("r") == "3"
    assert {"fill", "style", "clip-path", "mask"}.isdisjoint(circle.attrib)


def test_character_references_do_not_hide_a_javascript_link():
    svg = (
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"><use xlink:href="&#106;avascript:alert(1)"/>'
        f'<rect width="1" height="1" fill="&#x75;rl(http://evil.example/)"/></svg>'
    ).encode()
    text = _without_namespaces(accept(svg)[2]).lower()
    assert "javascript" not in text and "evil.example" not in text and "<rect" in text


def test_comments_processing_instructions_and_a_byte_order_mark_are_dropped():
    svg = (
        b'\xef\xbb\xbf<?xml version="1.0"?><?xml-stylesheet href="http://evil.example/x.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><!-- secret note --><circle r="1"/></svg>'
    )
    _name, media_type, cleaned = accept(svg)
    assert media_type == "image/svg+xml"
    assert b"secret" not in cleaned and b"stylesheet" not in cleaned and b"<?" not in cleaned
    assert cleaned.startswith(b"<svg") and ElementTree.fromstring(cleaned).find(f"{{{SVG_NS}}}circle") is not None


def test_a_quoted_internal_reference_is_kept():
    svg = (
        f'<svg xmlns="{SVG_NS}"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
        f'</linearGradient></defs><circle r="2" fill="url(\'#g\')"/><rect width="1" height="1" '
        f"fill='url(\"#g\")'/></svg>"
    ).encode()
    root = ElementTree.fromstring(accept(svg)[2])
    assert root.find(f"{{{SVG_NS}}}circle").get("fill") == "url('#g')"
    assert root.find(f"{{{SVG_NS}}}rect").get("fill") == 'url("#g")'


@pytest.mark.parametrize(
    "style", [r"fill:u\72l(http://evil.example/a)", "mask-image:image-set('http://evil.example/a.png' 1x)"]
)
def test_css_tricks_do_not_keep_an_outside_reference(style):
    svg = f'<svg xmlns="{SVG_NS}"><circle r="2" style="{style}"/></svg>'.encode()
    assert "evil.example" not in _without_namespaces(accept(svg)[2])


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DOCTYPE], ids=["billion-laughs", "external-entity", "plain-doctype"]
)
def test_svg_with_a_doctype_or_entities_is_refused(data):
    assert "DOCTYPE or entities" in _refused(data)


def test_xml_that_is_not_svg_is_refused():
    assert _refused(b"<html><body><p>Hello</p></body></html>") == "The file is not an SVG picture"
    assert _refused(b'<svg><circle r="1"/></svg>') == "The file is not an SVG picture", (
        "an svg element outside the SVG namespace is not SVG"
    )
    assert _refused(b'<x:svg xmlns:x="http://example.org/not-svg"/>') == "The file is not an SVG picture"


@pytest.mark.parametrize(
    "data",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><circle></svg>",
        b"<",
        b"<<<>>>",
        b"<svg xmlns='http://www.w3.org/2000/svg'>",
        b"<svg/><svg/>",
    ],
)
def test_broken_xml_is_refused(data):
    assert "SVG file is not valid" in _refused(data)


# --- cost to draw --------------------------------------------------------------------------------------------------


def test_an_svg_nested_ten_thousand_deep_is_refused_with_a_plain_message_not_a_crash():
    assert sys.getrecursionlimit() < 10_000, "a recursive walk of this file would raise RecursionError"
    started = time.monotonic()
    assert _refused(_nested(10_000)) == TOO_COMPLEX
    assert _refused(_nested(200_000)) == TOO_COMPLEX, "still within the byte limit: refused while it is read"
    assert time.monotonic() - started < 2


def test_nesting_up_to_the_limit_is_kept():
    root = ElementTree.fromstring(accept(_nested(MAX_DEPTH - 2))[2])  # the svg, the groups and the circle
    assert len(list(root.iter())) == MAX_DEPTH and root.find(f".//{{{SVG_NS}}}circle") is not None
    assert _refused(_nested(MAX_DEPTH - 1)) == TOO_COMPLEX


def test_an_svg_with_too_many_elements_is_refused_even_those_cleaning_would_drop():
    circles = '<circle r="1"/>' * (MAX_ELEMENTS - 1)
    assert len(ElementTree.fromstring(accept(_svg(circles))[2])) == MAX_ELEMENTS - 1
    assert _refused(_svg(circles + '<circle r="1"/>')) == TOO_COMPLEX
    assert _refused(_svg("<script/>" * MAX_ELEMENTS)) == TOO_COMPLEX, "they cost memory while the file is read"


def test_use_is_dropped_so_copies_of_copies_cannot_multiply():
    _name, media_type, cleaned = accept(BILLION_USES)
    root = ElementTree.fromstring(cleaned)
    assert media_type == "image/svg+xml" and root.find(f".//{{{SVG_NS}}}circle") is not None
    tags = {element.tag.rpartition("}")[2] for element in root.iter()}
    assert tags == {"svg", "defs", "circle", "g"}, "no use, and no symbol (only a use draws one)"
    assert len(list(root.iter())) == 12 and b"href" not in cleaned


@pytest.mark.parametrize(
    ("tag", "attribute", "style"),
    [
        ("mask", "mask", False),
        ("clipPath", "clip-path", False),
        ("mask", "mask", True),
        ("clipPath", "clip-path", True),
    ],
    ids=["mask", "clip-path", "mask-in-style", "clip-path-in-style"],
)
def test_masks_or_clip_paths_used_over_and_over_are_refused(tag, attribute, style):
    data = _laughs(tag, attribute, style)
    assert len(data) < 8000 and data.count(b"<rect") < 100, "a small file..."
    assert _refused(data) == TOO_COMPLEX, "... that would draw a thousand million rectangles"


def test_a_mask_and_a_clip_path_used_a_few_times_are_kept():
    rects = '<rect width="5" height="5" mask="url(#m)" style="clip-path:url(#c)"/>' * 20
    data = _svg(
        '<defs><mask id="m"><rect width="9" height="9" fill="#ffffff"/></mask>'
        f'<clipPath id="c"><circle r="4"/></clipPath></defs>{rects}'
    )
    root = ElementTree.fromstring(accept(data)[2])
    drawn = root.findall(f"{{{SVG_NS}}}rect")
    assert len(drawn) == 20 and all(r.get("mask") == "url(#m)" and r.get("style") == "clip-path:url(#c)" for r in drawn)


@pytest.mark.parametrize(
    "body",
    [
        '<mask id="a"><rect mask="url(#b)"/></mask><mask id="b"><rect mask="url(#a)"/></mask><rect mask="url(#a)"/>',
        '<clipPath id="c"><rect clip-path="url(#c)"/></clipPath><rect clip-path="url(#c)"/>',
        '<linearGradient id="a" xlink:href="#b"/><linearGradient id="b" href="#a"/><rect fill="url(#a)"/>',
    ],
    ids=["masks", "clip-path-on-itself", "gradients"],
)
def test_references_that_go_round_in_a_loop_are_refused(body):
    assert _refused(_svg(body)) == TOO_COMPLEX


def test_a_long_chain_of_references_is_refused():
    chain = "".join(f'<linearGradient id="g{i}" xlink:href="#g{i + 1}"/>' for i in range(MAX_DEPTH))
    assert (
        _refused(
            _svg(
                f'<defs>{chain}<linearGradient id="g{MAX_DEPTH}"><stop offset="0"/></linearGradient>'
                '</defs><rect width="1" height="1" fill="url(#g0)"/>'
            )
        )
        == TOO_COMPLEX
    )


def test_a_gradient_may_take_its_stops_from_another_but_nothing_else_keeps_a_link():
    data = _svg(
        '<defs><linearGradient id="a"><stop offset="0" stop-color="red"/></linearGradient>'
        '<linearGradient id="b" xlink:href="#a" x1="0" x2="1"/></defs>'
        '<rect width="5" height="5" fill="url(#b)" href="#a"/><circle r="1" xlink:href="#a"/>'
    )
    root = ElementTree.fromstring(accept(data)[2])
    linked = root.find(f".//{{{SVG_NS}}}linearGradient[@id='b']")
    assert linked.get(f"{{{XLINK_NS}}}href") == "#a", "how Inkscape shares the stops of a gradient"
    rect, circle = root.find(f"{{{SVG_NS}}}rect"), root.find(f"{{{SVG_NS}}}circle")
    assert rect.get("fill") == "url(#b)" and rect.get("href") is None and not circle.attrib.keys() - {"r"}


def test_inherit_cannot_copy_a_mask_onto_every_child():
    children = '<rect width="1" height="1" mask="inherit" style="mask:inherit;fill:#ff0000"/>' * 3
    root = ElementTree.fromstring(accept(_svg(f'<mask id="m"/><g mask="url(#m)">{children}</g>'))[2])
    rects = root.findall(f".//{{{SVG_NS}}}rect")
    assert len(rects) == 3 and all(r.get("mask") is None and r.get("style") == "fill:#ff0000" for r in rects)


def test_each_id_names_one_element_and_is_plain():
    data = _svg('<circle id="dot" r="1"/><circle id="dot" r="2"/><rect id="a&quot;]" width="1" height="1"/>')
    root = ElementTree.fromstring(accept(data)[2])
    assert [c.get("id") for c in root.findall(f"{{{SVG_NS}}}circle")] == ["dot", None]
    assert root.find(f"{{{SVG_NS}}}rect").get("id") is None


# --- size ----------------------------------------------------------------------------------------------------------


def test_a_file_over_the_byte_limit_is_refused_naming_the_limit():
    too_big = b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_BYTES + 1 - 8)
    assert len(too_big) == MAX_BYTES + 1
    message = _refused(too_big)
    assert message == "The picture must be smaller than 2 MB" and f"{MAX_BYTES // (1024 * 1024)} MB" in message
    assert "smaller than 2 MB" in _refused(b"<svg" + b" " * MAX_BYTES + b"/>")


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size (one-bit grey) but holds almost no picture data: what a decompression bomb
    looks like before it is unpacked."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(MAX_SIDE + 1, 1), (1, MAX_SIDE + 1)])
def test_a_picture_with_too_many_pixels_on_a_side_is_refused(size):
    data = _png(size, mode="1", colour=0)
    assert len(data) < 64 * 1024, "a one-bit picture of one colour stays small in bytes"
    assert _refused(data) == f"The picture must be at most {MAX_SIDE} pixels wide and high"


@pytest.mark.parametrize("size", [(MAX_SIDE + 1, MAX_SIDE + 1), (20_000, 20_000), (200_000, 200_000)])
def test_a_huge_picture_is_refused_before_it_is_unpacked(size):
    message = _refused(_png_header_only(*size))
    assert message in (
        f"The picture must be at most {MAX_SIDE} pixels wide and high",
        "The file is damaged or is not really a PNG or JPEG picture",
    )


def test_a_picture_exactly_at_the_side_limit_is_accepted():
    name, media_type, cleaned = accept(_png((MAX_SIDE, 1), mode="1", colour=1))
    assert media_type == "image/png" and name.endswith(".png")
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (MAX_SIDE, 1)


# --- type -----------------------------------------------------------------------------------------------------------


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_gif(), id="gif"),
        pytest.param(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", id="pdf"),
        pytest.param(b"Hello, this is a plain text file that someone named picture.png", id="text"),
        pytest.param(b"RIFF\x24\0\0\0WEBPVP8 ", id="webp"),
        pytest.param(b"\x00\x01\x02\x03", id="binary"),
    ],
)
def test_other_kinds_of_file_are_refused_with_a_plain_message(data):
    assert _refused(data) == "The picture must be a PNG, JPEG or SVG file"


def test_an_empty_file_is_refused():
    assert _refused(b"") == "Select a picture to upload"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"this is not a picture", id="png-signature-then-text"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"this is not a picture", id="jpeg-signature-then-text"),
    ],
)
def test_a_picture_signature_with_nonsense_after_it_is_refused(data):
    assert _refused(data) == "The file is damaged or is not really a PNG or JPEG picture"


def _noise(extension: str) -> bytes:
    """A picture of noise, so that half the file really is half the picture."""
    out = io.BytesIO()
    Image.frombytes("RGB", (120, 120), random.Random(7).randbytes(120 * 120 * 3)).save(out, extension)
    return out.getvalue()


def test_a_png_cut_off_inside_its_header_is_refused():
    data = _noise("PNG")
    assert _refused(data[:30]) == "The file is damaged or is not really a PNG or JPEG picture"


@pytest.mark.parametrize("extension", ["PNG", "JPEG"])
def test_a_truncated_picture_is_refused(extension):
    data = _noise(extension)
    accept(data)  # the whole file is fine
    assert _refused(data[: len(data) // 2]) == "The file is damaged or is not really a PNG or JPEG picture"


# --- re-encoding --------------------------------------------------------------------------------------------------


def test_png_is_re_encoded_without_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret-text-chunk")
    info.add_itxt("Author", "secret-itxt-chunk")
    info.add_text("Description", "secret-ztxt-chunk", zip=True)
    data = _png((10, 10), colour=(200, 10, 10), pnginfo=info)
    with Image.open(io.BytesIO(data)) as original:
        assert original.text.get("Comment") == "secret-text-chunk"
    name, media_type, cleaned = accept(data + b"trailing bytes hidden after IEND")
    assert media_type == "image/png" and NAME.fullmatch(name) and name.endswith(".png")
    assert b"secret" not in cleaned and b"tEXt" not in cleaned and b"iTXt" not in cleaned
    assert b"zTXt" not in cleaned and b"trailing bytes" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "PNG" and image.size == (10, 10) and not getattr(image, "text", {})
        assert image.convert("RGB").getpixel((5, 5)) == (200, 10, 10)


def test_jpeg_is_re_encoded_without_its_exif():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x010E] = "secret description"  # ImageDescription
    data = _jpeg(exif=exif)
    assert b"SecretCameraMaker" in data
    name, media_type, cleaned = accept(data)
    assert media_type == "image/jpeg" and NAME.fullmatch(name) and name.endswith(".jpg")
    assert b"SecretCameraMaker" not in cleaned and b"Exif" not in cleaned and b"secret" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG" and image.size == (16, 16) and not image.getexif()


def test_jpeg_is_re_encoded_without_its_comment():
    data = _jpeg(comment=b"secret jpeg comment")
    assert b"secret jpeg comment" in data
    assert b"secret jpeg comment" not in accept(data)[2]


def test_the_name_is_a_hash_of_the_cleaned_picture():
    png, jpeg, svg = _png(colour=(1, 2, 3)), _jpeg(), HOSTILE_SVG
    for data, extension in ((png, "png"), (jpeg, "jpg"), (svg, "svg")):
        first, second = accept(data), accept(data)
        assert first == second, "the same upload gives the same name and bytes"
        assert NAME.fullmatch(first[0]) and first[0].endswith(f".{extension}")
    assert accept(_png(colour=(1, 2, 3)))[0] != accept(_png(colour=(3, 2, 1)))[0]
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "only metadata differs")
    assert accept(_png(colour=(1, 2, 3), pnginfo=info))[0] == accept(png)[0], (
        "pictures that differ only in dropped metadata are the same picture"
    )


def test_png_modes_and_transparency_survive():
    for mode, colour in (("RGBA", (10, 20, 30, 0)), ("L", 128), ("P", 3), ("1", 1), ("LA", (50, 128))):
        _name, media_type, cleaned = accept(_png((6, 6), mode=mode, colour=colour))
        with Image.open(io.BytesIO(cleaned)) as image:
            assert media_type == "image/png" and image.size == (6, 6)
            if mode == "RGBA":
                assert image.convert("RGBA").getpixel((0, 0))[3] == 0
