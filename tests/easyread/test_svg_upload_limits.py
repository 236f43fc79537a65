"""The staff upload form and SVG pictures that would be too costly to draw: refused by the field with a plain
message (never a server error), nothing stored; an SVG whose ``<use>`` elements could multiply is stored without
them."""

import re
import uuid
from xml.etree import ElementTree

import pytest

from app.easyread.uploads import accept
from tests.easyread.test_upload_page import _pictures_count, _stored, _upload
from tests.easyread.test_uploads import BILLION_USES, SVG_NS, TOO_COMPLEX, _laughs, _nested


@pytest.mark.parametrize("case", ["nested-10000-deep", "masks-used-over-and-over"])
def test_a_too_complex_svg_is_answered_by_the_field_and_nothing_is_stored(signed_in, engine, case):
    data = {"nested-10000-deep": _nested(10_000), "masks-used-over-and-over": _laughs("mask", "mask")}[case]
    before = _pictures_count(engine)
    response = _upload(signed_in("editor"), data, "drawing.svg", "image/svg+xml", description="A drawing")
    assert response.status_code == 400
    html = response.text
    assert "There is a problem" in html and 'href="#field-file"' in html
    error = re.search(r'<p class="error-message" id="field-file-error">(.*?)</p>', html, re.S)
    assert error and TOO_COMPLEX in error.group(1)
    assert 'value="A drawing"' in html, "what was typed is kept"
    assert _pictures_count(engine) == before


def test_an_svg_built_to_multiply_with_use_is_stored_without_its_use_elements(signed_in, client, engine):
    unique = BILLION_USES.replace(
        b'<circle id="l0" r="1"/>', f'<circle id="l0" r="1"/><title>{uuid.uuid4().hex}</title>'.encode()
    )
    name, _type, cleaned = accept(unique)
    response = _upload(signed_in("editor"), unique, "laughs.svg", "image/svg+xml", description="Many circles")
    assert response.status_code == 303
    stored = _stored(engine, name)
    assert stored is not None and stored.data == cleaned
    assert ElementTree.fromstring(stored.data).find(f".//{{{SVG_NS}}}use") is None
    assert client.get(f"/pictures/upload/{name}").content == cleaned
