"""Pictures staff upload: SVG rebuilt without anything that could run or fetch, PNG and JPEG re-encoded, every
other kind of file refused with a plain message (the upload form itself: test_upload_page.py)."""

import io
import itertools
import random
import re
import struct
import uuid
import zlib
from xml.etree import ElementTree

import pytest
from PIL import Image, PngImagePlugin

import app.easyread.pdf  # noqa: F401 - loaded by the running app (it brings WeasyPrint, which changes Pillow)
from app.easyread import uploads
from app.easyread.uploads import MAX_BYTES, MAX_SIDE, UploadRefused, accept

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
    for bad in ("script", "onload", "onclick", "onmouseover", "javascript", "http://", "https://", "evil.example",
                "foreignobject", "@import", "iframe", "<style", "<image", "<a ", "xhtml", "alert"):
        assert bad not in lowered, f"{bad!r} survived cleaning: {text}"


def test_hostile_svg_keeps_its_harmless_drawing_and_is_well_formed():
    _name, _type, cleaned = accept(HOSTILE_SVG)
    root = ElementTree.fromstring(cleaned)  # well-formed XML, or this raises
    assert root.tag == f"{{{SVG_NS}}}svg" and root.get("viewBox") == "0 0 100 100" and root.get("width") == "100"
    circle = root.find(f"{{{SVG_NS}}}circle")
    assert circle is not None
    assert (circle.get("cx"), circle.get("r"), circle.get("fill"), circle.get("stroke")) == ("50", "40", "#ff0000",
                                                                                            "#000000")
    assert circle.get("onclick") is None
    paths = {p.get("d") for p in root.iter(f"{{{SVG_NS}}}path")}
    assert paths == {"M10 10 L20 20 Z", "M0 0 L100 100"}
    rect = root.find(f"{{{SVG_NS}}}rect")
    assert rect.get("fill") == "url(#sky)", "an internal gradient reference is harmless drawing"
    assert rect.get("style") is None, "a style that fetches an outside file goes"
    stops = [stop.get("stop-color") for stop in root.iter(f"{{{SVG_NS}}}stop")]
    assert stops == ["#0000ff", "#ffffff"]
    uses = root.findall(f"{{{SVG_NS}}}use")
    internal = [use.get(f"{{{XLINK_NS}}}href") or use.get("href") for use in uses]
    assert "#petal" in internal and all(ref in (None, "#petal") for ref in internal)
    texts = [t.text for t in root.iter(f"{{{SVG_NS}}}text")]
    assert "Hello" in texts and "Click me" not in texts, "a link is dropped with what it wrapped"
    assert root.find(f"{{{SVG_NS}}}foreignObject") is None and root.find(f"{{{SVG_NS}}}script") is None


def test_every_element_left_is_an_allowed_svg_element():
    _name, _type, cleaned = accept(HOSTILE_SVG)
    allowed = {f"{{{SVG_NS}}}{name}" for name in uploads._ELEMENTS}
    assert {element.tag for element in ElementTree.fromstring(cleaned).iter()} <= allowed


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:image/svg+xml;base64,PHN2Zz4=",
    "url(http://evil.example/x)", "URL( 'https://evil.example/x')", "url(//evil.example/x)",
    "expression(alert(1))", "@import 'http://evil.example/x.css'",
])
def test_dangerous_attribute_values_are_dropped(value):
    escaped = value.replace("&", "&amp;").replace('"', "&quot;")
    svg = (f'<svg xmlns="{SVG_NS}"><circle r="3" fill="{escaped}" style="{escaped}" clip-path="{escaped}" '
           f'mask="{escaped}"/></svg>').encode()
    circle = ElementTree.fromstring(accept(svg)[2]).find(f"{{{SVG_NS}}}circle")
    assert circle.get("r") == "3"
    assert {"fill", "style", "clip-path", "mask"}.isdisjoint(circle.attrib)


def test_character_references_do_not_hide_a_javascript_link():
    svg = (f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"><use xlink:href="&#106;avascript:alert(1)"/>'
           f'<rect width="1" height="1" fill="&#x75;rl(http://evil.example/)"/></svg>').encode()
    text = _without_namespaces(accept(svg)[2]).lower()
    assert "javascript" not in text and "evil.example" not in text and "<rect" in text


def test_comments_processing_instructions_and_a_byte_order_mark_are_dropped():
    svg = (b'\xef\xbb\xbf<?xml version="1.0"?><?xml-stylesheet href="http://evil.example/x.css"?>'
           b'<svg xmlns="http://www.w3.org/2000/svg"><!-- secret note --><circle r="1"/></svg>')
    _name, media_type, cleaned = accept(svg)
    assert media_type == "image/svg+xml"
    assert b"secret" not in cleaned and b"stylesheet" not in cleaned and b"<?" not in cleaned
    assert cleaned.startswith(b"<svg") and ElementTree.fromstring(cleaned).find(f"{{{SVG_NS}}}circle") is not None


def test_a_quoted_internal_reference_is_kept():
    svg = (f'<svg xmlns="{SVG_NS}"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
           f'</linearGradient></defs><circle r="2" fill="url(\'#g\')"/><rect width="1" height="1" '
           f'fill=\'url("#g")\'/></svg>').encode()
    root = ElementTree.fromstring(accept(svg)[2])
    assert root.find(f"{{{SVG_NS}}}circle").get("fill") == "url('#g')"
    assert root.find(f"{{{SVG_NS}}}rect").get("fill") == 'url("#g")'


@pytest.mark.parametrize("style", [r"fill:u\72l(http://evil.example/a)",
                                   "mask-image:image-set('http://evil.example/a.png' 1x)"])
def test_css_tricks_do_not_keep_an_outside_reference(style):
    svg = f'<svg xmlns="{SVG_NS}"><circle r="2" style="{style}"/></svg>'.encode()
    assert "evil.example" not in _without_namespaces(accept(svg)[2])


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, PLAIN_DOCTYPE],
                         ids=["billion-laughs", "external-entity", "plain-doctype"])
def test_svg_with_a_doctype_or_entities_is_refused(data):
    assert "DOCTYPE or entities" in _refused(data)


def test_xml_that_is_not_svg_is_refused():
    assert _refused(b"<html><body><p>Hello</p></body></html>") == "The file is not an SVG picture"
    assert _refused(b'<svg><circle r="1"/></svg>') == "The file is not an SVG picture", \
        "an svg element outside the SVG namespace is not SVG"
    assert _refused(b'<x:svg xmlns:x="http://example.org/not-svg"/>') == "The file is not an SVG picture"


@pytest.mark.parametrize("data", [b"<svg xmlns='http://www.w3.org/2000/svg'><circle></svg>", b"<", b"<<<>>>",
                                  b"<svg xmlns='http://www.w3.org/2000/svg'>", b"<svg/><svg/>"])
def test_broken_xml_is_refused(data):
    assert "SVG file is not valid" in _refused(data)


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
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(MAX_SIDE + 1, 1), (1, MAX_SIDE + 1)])
def test_a_picture_with_too_many_pixels_on_a_side_is_refused(size):
    data = _png(size, mode="1", colour=0)
    assert len(data) < 64 * 1024, "a one-bit picture of one colour stays small in bytes"
    assert _refused(data) == f"The picture must be at most {MAX_SIDE} pixels wide and high"


@pytest.mark.parametrize("size", [(MAX_SIDE + 1, MAX_SIDE + 1), (20_000, 20_000), (200_000, 200_000)])
def test_a_huge_picture_is_refused_before_it_is_unpacked(size):
    message = _refused(_png_header_only(*size))
    assert message in (f"The picture must be at most {MAX_SIDE} pixels wide and high",
                       "The file is damaged or is not really a PNG or JPEG picture")


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


@pytest.mark.parametrize("data", [
    pytest.param(_gif(), id="gif"),
    pytest.param(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", id="pdf"),
    pytest.param(b"Hello, this is a plain text file that someone named picture.png", id="text"),
    pytest.param(b"RIFF\x24\0\0\0WEBPVP8 ", id="webp"),
    pytest.param(b"\x00\x01\x02\x03", id="binary"),
])
def test_other_kinds_of_file_are_refused_with_a_plain_message(data):
    assert _refused(data) == "The picture must be a PNG, JPEG or SVG file"


def test_an_empty_file_is_refused():
    assert _refused(b"") == "Select a picture to upload"


@pytest.mark.parametrize("data", [
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"this is not a picture", id="png-signature-then-text"),
    pytest.param(b"\xff\xd8\xff\xe0" + b"this is not a picture", id="jpeg-signature-then-text"),
])
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
    assert accept(_png(colour=(1, 2, 3), pnginfo=info))[0] == accept(png)[0], \
        "pictures that differ only in dropped metadata are the same picture"


def test_png_modes_and_transparency_survive():
    for mode, colour in (("RGBA", (10, 20, 30, 0)), ("L", 128), ("P", 3), ("1", 1), ("LA", (50, 128))):
        _name, media_type, cleaned = accept(_png((6, 6), mode=mode, colour=colour))
        with Image.open(io.BytesIO(cleaned)) as image:
            assert media_type == "image/png" and image.size == (6, 6)
            if mode == "RGBA":
                assert image.convert("RGBA").getpixel((0, 0))[3] == 0
