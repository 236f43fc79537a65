"""Pictures staff upload: checked by their content (never their file name), PNG and JPEG re-encoded (which drops
anything hidden in them), SVG rebuilt from a list of allowed drawing elements (so it cannot carry script).

An SVG must also stay cheap to draw: at most ``MAX_ELEMENTS`` elements nested at most ``MAX_DEPTH`` deep (checked
while the file is read), no ``<use>`` (which copies other elements, so that a few lines can ask for a billion
copies), and the masks and clip paths it refers to, which are drawn again each time, may not add up to more than
``MAX_DRAWN`` elements drawn or go round in a loop.
"""

import hashlib
import io
import re
import threading
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from PIL import Image, ImageFile, UnidentifiedImageError

from app.i18n.context import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
MAX_DEPTH = 50  # elements inside elements, counting the masks, clip paths and gradients an element refers to
MAX_ELEMENTS = 5_000  # elements in the file
MAX_DRAWN = 20_000  # elements drawn, counting a mask or clip path again each time it is used
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "title",
        "desc",
    ]
)
_LINKING = frozenset({"linearGradient", "radialGradient"})  # the only elements that keep an href (to a gradient)
_DRAWN_AGAIN = frozenset({"clip-path", "mask"})  # references whose target is drawn again at each use
_REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")
_ID = re.compile(r"[\w.:-]{1,100}")
_ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "transform",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-opacity",
        "opacity",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "clip-path",
        "clip-rule",
        "mask",
        "font-family",
        "font-size",
        "font-weight",
        "text-anchor",
        "preserveAspectRatio",
        "href",
        "version",
        "style",
    ]
)
_BAD_VALUE = re.compile(r"javascript:|data:|expression\(|url\(\s*(?!['\"]?#)|@import|\\", re.IGNORECASE)
# A style declaration we keep: a presentation property, and a value of colours, numbers, keywords and references
# inside the picture (url(#id)) only — no escapes, quotes or other functions that could name an outside file.
_STYLE_VALUE = re.compile(r"(?:[#\w\s.,%+-]|(?:rgba?|hsla?)\([\d\s.,%]+\)|url\(\s*(['\"]?)#[\w-]+\1\s*\))+")
_STRICT_LOADING = threading.Lock()


class UploadRefused(ValueError):
    """The file cannot be used; the message says why in plain words."""


def _too_complex() -> UploadRefused:
    return UploadRefused(_("The SVG picture is too complex. Make it simpler, or save it as a PNG picture."))


class _Bounded(ElementTree.TreeBuilder):
    """Builds the tree, and stops reading as soon as it is nested too deeply or has too many elements: a hostile
    file costs neither memory nor, later, Python's recursion limit."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.elements = 0

    def start(self, tag, attrs):
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH or self.elements > MAX_ELEMENTS:
            raise _too_complex()
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)


def _name(data: bytes, extension: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()[:16]}.{extension}"


def _decoded(data: bytes) -> tuple[str | None, Image.Image]:
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
        mode = (
            "RGB" if image.format == "JPEG" else "RGBA" if image.mode not in ("RGB", "RGBA", "L", "LA") else image.mode
        )
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


def _clean(element: ElementTree.Element, ids: set[str]) -> ElementTree.Element | None:
    """The element rebuilt from what is allowed (recursive: the file is at most ``MAX_DEPTH`` deep); ``ids``
    collects the ids kept, so that each names one element only."""
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
        if value.strip().lower() == "inherit":
            continue  # would copy the parent's mask or clip path onto every child
        if attr == "href" and (name not in _LINKING or not value.startswith("#")):
            continue  # only a gradient's reference to another inside the picture: no outside files, no links
        if attr == "id":
            if not _ID.fullmatch(value) or value in ids:
                continue
            ids.add(value)
        kept.set(attr if attr_namespace == "" else f"{{{XLINK}}}{attr}", value)
    kept.text = element.text if name in ("text", "tspan", "title", "desc", "style") else None
    for child in element:
        cleaned = _clean(child, ids)
        if cleaned is not None:
            cleaned.tail = child.tail if name in ("text", "tspan") else None
            kept.append(cleaned)
    return kept


def _references(element: ElementTree.Element, by_id: dict) -> tuple[list, list]:
    """The elements this one refers to: (drawn again for it: masks and clip paths; only read: gradients)."""
    drawn: set[str] = set()
    read: set[str] = set()
    for key, value in element.attrib.items():
        attr = _local(key)[1]
        if attr == "href":
            read.add(value[1:])
        elif attr == "style":
            for declaration in value.split(";"):
                name, _colon, style_value = declaration.partition(":")
                (drawn if name in _DRAWN_AGAIN else read).update(_REFERENCE.findall(style_value))
        else:
            (drawn if attr in _DRAWN_AGAIN else read).update(_REFERENCE.findall(value))
    return [by_id[ref] for ref in drawn if ref in by_id], [by_id[ref] for ref in read if ref in by_id]


def _check_drawing(root: ElementTree.Element) -> None:
    """Refuses a picture whose references would make the drawing much bigger or deeper than the file (each use
    of a mask or clip path draws it again, and those may use others), or go round in a loop. A walk with its own
    stack, not recursion: a chain of references can be as long as the file."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_now: set[int] = set()  # the elements whose parts are being measured: meeting one again is a loop
    stack = [(root, False)]
    while stack:
        element, measured = stack.pop()
        key = id(element)
        if key in size:
            continue
        drawn, read = _references(element, by_id)
        if measured:
            open_now.discard(key)
            size[key] = 1 + sum(size[id(part)] for part in (*element, *drawn))
            depth[key] = 1 + max((depth[id(part)] for part in (*element, *drawn, *read)), default=0)
            if size[key] > MAX_DRAWN or depth[key] > MAX_DEPTH:
                raise _too_complex()
            continue
        open_now.add(key)
        stack.append((element, True))
        for part in (*element, *drawn, *read):
            if id(part) in open_now:
                raise _too_complex()
            if id(part) not in size:
                stack.append((part, False))


def _clean_style(style: str) -> str:
    kept = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name in _ATTRIBUTES and name != "style" and _STYLE_VALUE.fullmatch(value) and value.lower() != "inherit":
            kept.append(f"{name}:{value}")
    return ";".join(kept)


def _svg(data: bytes) -> bytes:
    parser = DefusedXMLParser(target=_Bounded(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except UploadRefused:
        raise
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise UploadRefused(
            "The SVG file is not valid, or it uses features we do not allow (a DOCTYPE or entities)"
        ) from exc
    if _local(root.tag) != (SVG, "svg"):
        raise UploadRefused("The file is not an SVG picture")
    cleaned = _clean(root, set())
    assert cleaned is not None, "the root is an <svg> element, which _clean always keeps"
    _check_drawing(cleaned)
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    return ElementTree.tostring(cleaned, encoding="utf-8", xml_declaration=False)


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
