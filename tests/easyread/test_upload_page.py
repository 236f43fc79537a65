"""The staff upload form and the public address of an uploaded picture: stored cleaned, served with headers that
keep it inert, and every bad upload answered by the field with nothing stored."""

import contextlib
import re
import uuid

import pytest
from sqlmodel import Session, func, select

from app.easyread.models import Picture
from app.easyread.uploads import MAX_BYTES, UploadRefused, accept
from tests.easyread.test_uploads import EXTERNAL_ENTITY, HOSTILE_SVG, _gif, _png


def _pictures_count(engine) -> int:
    with Session(engine) as db:
        return db.exec(select(func.count()).select_from(Picture)).one()


def _stored(engine, name: str) -> Picture | None:
    with Session(engine) as db:
        return db.get(Picture, name)


def _upload(staff, data: bytes | None, filename="picture.png", content_type="image/png", **form):
    files = {"file": (filename, data, content_type)} if data is not None else None
    return staff.post("/staff/pictures", form, files=files)


def test_an_editor_uploads_a_png_and_residents_can_see_it(signed_in, client, engine):
    editor = signed_in("editor")
    data = _png((20, 12))
    name, _type, cleaned = accept(data)
    description = f"A smiling nurse {uuid.uuid4().hex[:6]}"
    response = _upload(editor, data, description=description, keywords="nurse, health")
    assert response.status_code == 303 and response.headers["location"] == "/staff/pictures?done=uploaded"

    stored = _stored(engine, name)
    assert stored is not None and stored.media_type == "image/png" and stored.data == cleaned
    assert (stored.description, stored.keywords, stored.uploaded_by) == (description, "nurse, health", editor.username)
    page = editor.get("/staff/pictures?done=uploaded")
    assert page.status_code == 200 and "Picture uploaded." in page.text
    assert f"<code>upload:{name}</code>" in page.text and description in page.text
    assert f'src="/pictures/upload/{name}"' in page.text
    found = editor.get("/staff/pictures", params={"q": description[-6:]})
    assert f"upload:{name}" in found.text, "uploads are found by their description"

    served = client.get(f"/pictures/upload/{name}")
    assert served.status_code == 200 and served.content == cleaned
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in served.headers["cache-control"]


def test_an_editor_uploads_an_svg_which_is_served_cleaned_and_sandboxed(signed_in, client, engine):
    editor = signed_in("editor")
    unique = HOSTILE_SVG.replace(b">Hello<", f">Hello {uuid.uuid4().hex}<".encode())
    name, _type, cleaned = accept(unique)
    response = _upload(editor, unique, filename="drawing.svg", content_type="image/svg+xml", description="A red circle")
    assert response.status_code == 303
    stored = _stored(engine, name)
    assert stored is not None and stored.media_type == "image/svg+xml" and stored.data == cleaned
    assert f"<code>upload:{name}</code>" in editor.get("/staff/pictures").text

    served = client.get(f"/pictures/upload/{name}")
    assert served.status_code == 200 and served.content == cleaned and b"script" not in served.content
    assert served.headers["content-type"].startswith("image/svg+xml")
    assert served.headers["x-content-type-options"] == "nosniff"
    policy = served.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_uploading_the_same_picture_twice_keeps_one_row(signed_in, engine):
    editor = signed_in("editor")
    data = _png()
    name = accept(data)[0]
    assert _upload(editor, data, description="First description").status_code == 303
    before = _pictures_count(engine)
    assert _upload(editor, data, description="Second description").status_code == 303
    assert _pictures_count(engine) == before
    assert _stored(engine, name).description == "First description"


def test_an_unknown_upload_is_not_found(client):
    assert client.get("/pictures/upload/0123456789abcdef.png").status_code == 404
    assert client.get("/pictures/upload/" + "a" * 300).status_code == 404


def _big_png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES


@pytest.mark.parametrize(
    "case",
    [
        "no-file",
        "empty-file-name",
        "no-description",
        "gif",
        "text-named-png",
        "too-big",
        "doctype",
        "description-too-long",
    ],
)
def test_bad_uploads_show_the_problem_by_the_field_and_store_nothing(signed_in, engine, case):
    editor = signed_in("editor")
    good = {"description": "A picture"}
    data, filename, content_type, form = {
        "no-file": (None, "", "", good),
        "empty-file-name": (b"", "", "application/octet-stream", good),
        "no-description": (_png(), "picture.png", "image/png", {"description": "   "}),
        "gif": (_gif(), "picture.gif", "image/gif", good),
        "text-named-png": (b"I am only text, whatever my name says", "photo.png", "image/png", good),
        "too-big": (_big_png(), "huge.png", "image/png", good),
        "doctype": (EXTERNAL_ENTITY, "drawing.svg", "image/svg+xml", good),
        "description-too-long": (_png(), "picture.png", "image/png", {"description": "x" * 301}),
    }[case]
    field, message = {
        "no-file": ("file", "Select a picture to upload"),
        "empty-file-name": ("file", "Select a picture to upload"),
        "no-description": ("description", "Enter what the picture shows"),
        "gif": ("file", "The picture must be a PNG, JPEG or SVG file"),
        "text-named-png": ("file", "The picture must be a PNG, JPEG or SVG file"),
        "too-big": ("file", "The picture must be smaller than 2 MB"),
        "doctype": ("file", "(a DOCTYPE or entities)"),
        "description-too-long": ("description", "This must be 300 characters or fewer"),
    }[case]
    before = _pictures_count(engine)
    response = _upload(editor, data, filename, content_type, **form)
    assert response.status_code == 400
    html = response.text
    assert "There is a problem" in html and "<title>Error:" in html
    assert f'href="#field-{field}"' in html, "the summary links to the field"
    error = re.search(rf'<p class="error-message" id="field-{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert f'aria-describedby="field-{field}-hint field-{field}-error"' in html
    assert _pictures_count(engine) == before
    if data and case != "too-big":
        with contextlib.suppress(UploadRefused):
            assert _stored(engine, accept(data)[0]) is None


def test_a_refused_upload_keeps_what_was_typed(signed_in):
    response = _upload(
        signed_in("editor"), _gif(), "a.gif", "image/gif", description="A <b>bold</b> cat", keywords="cat, pet"
    )
    assert response.status_code == 400
    assert 'value="A &lt;b&gt;bold&lt;/b&gt; cat"' in response.text and 'value="cat, pet"' in response.text


def test_both_problems_are_shown_together(signed_in, engine):
    before = _pictures_count(engine)
    response = _upload(signed_in("editor"), None, description="")
    assert response.status_code == 400
    assert 'id="field-file-error"' in response.text and 'id="field-description-error"' in response.text
    assert _pictures_count(engine) == before


def test_a_translator_cannot_upload(signed_in, engine):
    translator = signed_in("translator")
    page = translator.get("/staff/pictures")
    assert page.status_code == 200 and "Upload a picture" not in page.text
    data = _png()
    before = _pictures_count(engine)
    response = _upload(translator, data, description="Not allowed")
    assert response.status_code == 403
    assert _pictures_count(engine) == before and _stored(engine, accept(data)[0]) is None


def test_an_upload_without_the_csrf_token_is_refused(signed_in, engine):
    data = _png()
    response = signed_in("editor").post(
        "/staff/pictures", {"description": "No token"}, token="wrong", files={"file": ("p.png", data, "image/png")}
    )
    assert response.status_code in (400, 403)
    assert _stored(engine, accept(data)[0]) is None


def test_an_unused_picture_can_be_deleted_but_one_a_leaflet_shows_cannot(signed_in, client, engine):
    editor = signed_in("editor")
    used, spare = _png((14, 9)), _png((9, 14))
    for data in (used, spare):
        assert _upload(editor, data, description="A picture to delete").status_code == 303
    used_name, spare_name = accept(used)[0], accept(spare)[0]
    slug = f"uses-an-upload-{uuid.uuid4().hex[:8]}"
    assert (
        editor.post(
            "/staff/leaflets/new",
            {
                "title": "Uses an upload",
                "slug": slug,
                "summary": "A leaflet with an uploaded picture.",
                "rows-0-position": "1",
                "rows-0-text": "You can phone us.",
                "rows-0-picture": f"upload:{used_name}",
                "rows-0-alt": "A nurse",
            },
        ).status_code
        == 303
    )
    refused = editor.post(f"/staff/pictures/{used_name}/delete")
    assert refused.status_code == 409 and "There is a problem" in refused.text
    assert "This picture is used in: Uses an upload" in refused.text and _stored(engine, used_name) is not None
    assert signed_in("translator").post(f"/staff/pictures/{spare_name}/delete").status_code == 403
    done = editor.post(f"/staff/pictures/{spare_name}/delete")
    assert done.status_code == 303 and done.headers["location"] == "/staff/pictures?done=deleted"
    assert _stored(engine, spare_name) is None and client.get(f"/pictures/upload/{spare_name}").status_code == 404
    assert editor.post(f"/staff/pictures/{spare_name}/delete").status_code == 404
