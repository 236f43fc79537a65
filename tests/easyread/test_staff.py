"""Staff write a leaflet with findings and suggestions as they go; only a reviewer publishes it, never with
errors, and only after reading its warnings."""

import itertools
import re

from sqlmodel import Session, select

from app.accounts.models import AuditEvent
from app.publishing import history
from tests.easyread.conftest import latest

_numbers = itertools.count()
GOOD_ROWS = [
    ("You can phone us for help.", "openmoji:1F4DE", "A telephone"),
    ("We will visit you at home.", "openmoji:1F3E0", "A house"),
    ("We will write to you.", "openmoji:2709", "An envelope"),
]


def form(slug: str, rows=GOOD_ROWS, **extra) -> dict:
    data = {
        "title": "Help at home",
        "slug": slug,
        "summary": "How we help you at home.",
        "cover": "openmoji:1F3E0",
        "cover_alt": "A house",
        "links": "guide:making-a-complaint",
    }
    for index, (text, picture, alt) in enumerate(rows):
        data |= {
            f"rows-{index}-position": str(index + 1),
            f"rows-{index}-text": text,
            f"rows-{index}-picture": picture,
            f"rows-{index}-alt": alt,
        }
    return data | extra


def create(staff, rows=GOOD_ROWS, **extra) -> str:
    slug = f"staff-leaflet-{next(_numbers)}"
    response = staff.post("/staff/leaflets/new", form(slug, rows, **extra))
    assert response.status_code == 303, response.text[-2000:]
    return slug


def base(engine, slug: str) -> str:
    with Session(engine) as db:
        return str(history.get_item(db, "leaflet", slug).latest)


def test_an_editor_writes_a_leaflet_and_sees_the_checkers_findings(signed_in, engine):
    editor = signed_in("editor")
    slug = create(editor, rows=GOOD_ROWS[:2] + [("We will visit you and we will talk about what you need.", "", "")])
    page = editor.get(f"/staff/leaflets/{slug}").text
    assert "Easy-read check" in page and 'Error, <a href="/staff/leaflets/' in page
    assert "No picture" in page and "More than one idea" in page
    assert "Approve and publish" not in page and "A reviewer must approve this leaflet" in page
    edit = editor.get(f"/staff/leaflets/{slug}/edit").text
    assert "No picture" in edit and 'name="rows-2-picture-pick"' in edit  # suggestions for the row's words
    assert "Save and publish" not in edit and 'href="/staff/pictures"' in edit


def test_rows_are_reordered_by_their_numbers_and_removed_when_emptied(signed_in, engine):
    editor = signed_in("editor")
    slug = create(editor)
    data = form(slug, base=base(engine, slug))
    data |= {"rows-0-position": "3", "rows-2-position": "1"}
    data |= {"rows-1-text": "", "rows-1-picture": "", "rows-1-alt": ""}  # emptied: removed
    data |= {"rows-3-position": "", "rows-3-text": "", "rows-3-picture": "", "rows-3-alt": ""}  # the spare row
    response = editor.post(f"/staff/leaflets/{slug}/edit", data)
    assert response.status_code == 303, response.text[-2000:]
    assert [row["text"] for row in latest(engine, slug)["rows"]] == [
        "We will write to you.",
        "You can phone us for help.",
    ]


def test_bad_input_is_shown_again_with_messages_and_nothing_saved(signed_in, engine):
    editor = signed_in("editor")
    slug = create(editor)
    before = latest(engine, slug)
    data = form(slug, base=base(engine, slug)) | {
        "title": "",
        "rows-0-picture": "http://evil.example/x.png",
        "links": "page:nowhere",
    }
    response = editor.post(f"/staff/leaflets/{slug}/edit", data)
    assert response.status_code == 400
    assert "There is a problem" in response.text and "Enter title" in response.text
    assert "is not a picture" in response.text and "not a page" in response.text
    assert latest(engine, slug) == before


def test_only_a_reviewer_publishes_and_never_with_errors(signed_in, engine, client):
    editor, reviewer = signed_in("editor"), signed_in("reviewer")
    slug = create(editor, rows=GOOD_ROWS + [("We help. We visit. We call.", "openmoji:1F4DE", "A telephone")])
    assert editor.post(f"/staff/leaflets/{slug}/publish", {"base": base(engine, slug)}).status_code == 403
    refused = reviewer.post(f"/staff/leaflets/{slug}/publish", {"base": base(engine, slug)})
    assert refused.status_code == 409 and "The easy-read check found 1 errors" in refused.text
    assert client.get(f"/en/easy-read/{slug}").status_code == 404
    fixed = form(slug, base=base(engine, slug)) | {
        "rows-3-text": "We can help you. Call us.",
        "rows-3-picture": "openmoji:1F4DE",
        "rows-3-alt": "A phone",
        "rows-3-position": "4",
    }
    assert editor.post(f"/staff/leaflets/{slug}/edit", fixed).status_code == 303
    published = reviewer.post(f"/staff/leaflets/{slug}/publish", {"base": base(engine, slug)})
    assert published.status_code == 303, published.text[-1500:]
    assert "We can help you." in client.get(f"/en/easy-read/{slug}").text
    with Session(engine) as db:
        assert db.exec(
            select(AuditEvent).where(AuditEvent.action == "publish", AuditEvent.target == f"leaflet:{slug}")
        ).first()


def test_a_reviewer_of_another_language_cannot_approve_a_leaflet(app, signed_in, engine, client):
    """Leaflets are written in English: a reviewer of Arabic approves Arabic translations, not the English page."""
    from tests.staff.conftest import Staff, new_user, sign_in

    editor = signed_in("editor")
    arabic_only = new_user(engine, roles=("reviewer",), scoped=("ar",))
    arabic_reviewer = Staff(sign_in(app, arabic_only), arabic_only)
    slug = create(editor)
    assert f"/staff/leaflets/{slug}/publish" in signed_in("reviewer").get(f"/staff/leaflets/{slug}").text
    assert f"/staff/leaflets/{slug}/publish" not in arabic_reviewer.get(f"/staff/leaflets/{slug}").text
    refused = arabic_reviewer.post(f"/staff/leaflets/{slug}/publish", {"base": base(engine, slug)})
    assert refused.status_code == 403
    assert client.get(f"/en/easy-read/{slug}").status_code == 404


def test_warnings_need_the_reviewer_to_say_they_read_them(signed_in, engine, client):
    editor, reviewer = signed_in("editor"), signed_in("reviewer")
    slug = create(editor, rows=GOOD_ROWS + [("We can't visit you on Sundays.", "openmoji:1F4C5", "A calendar")])
    page = reviewer.get(f"/staff/leaflets/{slug}").text
    assert re.search(r"I have read the 1 warnings", page) and "Shortened words" in page
    refused = reviewer.post(f"/staff/leaflets/{slug}/publish", {"base": base(engine, slug)})
    assert refused.status_code == 409 and "Tick the box to confirm you have read the warnings" in refused.text
    done = reviewer.post(f"/staff/leaflets/{slug}/publish", {"base": base(engine, slug), "acknowledge": "yes"})
    assert done.status_code == 303
    assert client.get(f"/en/easy-read/{slug}").status_code == 200


def test_a_leaflets_rows_are_on_its_translation_page(signed_in, engine):
    reviewer = signed_in("reviewer")
    page = reviewer.get("/staff/leaflets/staying-safe/translations/ar").text
    assert "You have the right to live safely." in page
    assert "Easy-read check" in page and "No problems found." in page  # the checker reads the Arabic
    assert reviewer.get("/staff/leaflets/staying-safe/translations").status_code == 200
