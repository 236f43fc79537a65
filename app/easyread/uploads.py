"""Pictures staff upload: checked by their content (never their file name), PNG and JPEG re-encoded (which drops
anything hidden in them), SVG rebuilt from a list of allowed drawing elements (so it cannot carry script)."""

import hashlib
import io
import re
import threading
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from PIL import Image, ImageFile, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_ELEMENTS = frozenset("""svg g path rect circle ellipse line polyline polygon text tspan defs linearGradient
    radialGradient stop clipPath mask title desc use symbol""".split())
_ATTRIBUTES = frozenset("""id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry d points transform fill
    fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray
    stroke-opacity opacity offset stop-color stop-opacity gradientUnits gradientTransform clip-path clip-rule mask
    font-family font-size font-weight text-anchor preserveAspectRatio href version style""".split())
_BAD_VALUE = re.compile(r"javascript:|data:|expression\(|url\(\s*(?!['\"]?#)|@import|\\", re.IGNORECASE)
# A style declaration we keep: a presentation property, and a value of colours, numbers, keywords and references
# inside the picture (url(#id)) only — no escapes, quotes or other functions that could name an outside file.
_STYLE_VALUE = re.compile(r"(?:[#\w\s.,%+-]|(?:rgba?|hsla?)\([\d\s.,%]+\)|url\(\s*(['\"]?)#[\w-]+\1\s*\))+")
_STRICT_LOADING = threading.Lock()


class UploadRefused(ValueError):
    """The file cannot be used; the message says why in plain words."""


def _name(data: bytes, extension: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{extension}"


def _decoded(data: bytes) -> tuple[str, Image.Image]:
    """The picture's format and pixels. A damaged file is refused even though WeasyPrint asks Pillow, for the
    whole process, to accept truncated pictures: that is switched off while this one is read."""
    with _STRICT_LOADING, Image.open(io.BytesIO(data)) as image:
        if image.width > MAX_SIDE or image.height > MAX_SIDE:
            raise UploadRefused(f"The picture must be at most {MAX_SIDE} pixels wide and high")
        tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        mode = "RGB" if image.format == "JPEG" else "RGBA" if image.mode not in ("RGB", "RGBA", "L", "LA") \
            else image.mode
        # Only the pixels go on: no comments, text chunks, EXIF or colour profiles from the file.
        return image.format, Image.frombytes(mode, image.size, image.convert(mode).tobytes())


def _bitmap(data: bytes) -> tuple[str, str, bytes]:
    try:
        image_format, image = _decoded(data)
        out = io.BytesIO()
        if image_format == "JPEG":
            image.save(out, "JPEG", quality=90)
            return "image/jpeg", "jpg", out.getvalue()
        image.save(out, "PNG", optimize=True)
        return "image/png", "png", out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        if isinstance(exc, UploadRefused):
            raise
        raise UploadRefused("The file is damaged or is not really a PNG or JPEG picture") from exc


def _local(tag: str) -> tuple[str, str]:
    namespace, _, name = tag.rpartition("}")
    return namespace.lstrip("{"), name


def _clean(element: ElementTree.Element) -> ElementTree.Element | None:
    namespace, name = _local(element.tag) if isinstance(element.tag, str) else ("", "")
    if namespace != SVG or name not in _ELEMENTS:
        return None
    kept = ElementTree.Element(f"{{{SVG}}}{name}")
    for key, value in element.attrib.items():
        attr_namespace, attr = _local(key)
        if attr == "style":
            value = _clean_style(value)
        if attr_namespace not in ("", XLINK) or attr not in _ATTRIBUTES or _BAD_VALUE.search(value) or not value:
            continue
        if attr == "href" and not value.startswith("#"):
            continue  # only references inside the picture: no outside files, no links
        kept.set(attr if attr_namespace == "" else f"{{{XLINK}}}{attr}", value)
    kept.text = element.text if name in ("text", "tspan", "title", "desc", "style") else None
    for child in element:
        cleaned = _clean(child)
        if cleaned is not None:
            cleaned.tail = child.tail if name in ("text", "tspan") else None
            kept.append(cleaned)
    return kept


def _clean_style(style: str) -> str:
    kept = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name in _ATTRIBUTES and name != "style" and _STYLE_VALUE.fullmatch(value):
            kept.append(f"{name}:{value}")
    return ";".join(kept)


def _svg(data: bytes) -> bytes:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise UploadRefused("The SVG file is not valid, or it uses features we do not allow "
                            "(a DOCTYPE or entities)") from exc
    if _local(root.tag) != (SVG, "svg"):
        raise UploadRefused("The file is not an SVG picture")
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    return ElementTree.tostring(_clean(root), encoding="utf-8", xml_declaration=False)


def accept(data: bytes) -> tuple[str, str, bytes]:
    """(name, media type, cleaned bytes) for an uploaded picture; raises :class:`UploadRefused`."""
    if not data:
        raise UploadRefused("Select a picture to upload")
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"The picture must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        media_type, extension, cleaned = _bitmap(data)
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        media_type, extension, cleaned = "image/svg+xml", "svg", _svg(data)
    else:
        raise UploadRefused("The picture must be a PNG, JPEG or SVG file")
    return _name(cleaned, extension), media_type, cleaned
