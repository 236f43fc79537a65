"""Draft → published → history → restore → unpublish, through the staff pages, checked on the public site."""

import pytest
from sqlmodel import Session

from app.publishing import history
from tests.conftest import search_caught_up
from tests.staff.forms_data import FORMS, unique_slug

UNIQUE_WORDS = {"services": "Quillwort", "activities": "Bramblecot", "hubs": "Fennelby", "guides": "Marigoldia"}
PUBLIC = {
    "services": "/en/services/{}",
    "activities": "/en/services/{}",
    "hubs": "/en/hubs/{}",
    "guides": "/en/guides/{}",
}


def _create(editor, plural: str, slug: str, **changes):
    response = editor.post(f"/staff/{plural}/new", FORMS[plural](slug, **changes))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/staff/{plural}/{slug}?done=created"
    return response


def _base(editor, plural, slug) -> str:
    import re

    page = editor.get(f"/staff/{plural}/{slug}/edit").text
    return re.search(r'name="base" value="(\d+)"', page).group(1)


@pytest.mark.parametrize("plural", ["services", "activities", "hubs", "guides"])
def test_a_new_page_is_a_draft_until_published_then_public_and_searchable(app, client, signed_in, plural):
    editor = signed_in("editor")
    slug = unique_slug(f"staff-{plural}")
    title = f"{UNIQUE_WORDS[plural]} meeting place"
    _create(editor, plural, slug, **{"title" if plural == "guides" else "name": title})
    public = PUBLIC[plural].format(slug)
    assert client.get(public).status_code == 404, "the public never sees a draft"
    page = editor.get(f"/staff/{plural}/{slug}?done=created")
    assert "Draft created" in page.text and "Draft" in page.text

    response = editor.post(f"/staff/{plural}/{slug}/publish", {"base": _base(editor, plural, slug)})
    assert response.status_code == 303 and response.headers["location"].endswith("?done=published")
    shown = client.get(public)
    assert shown.status_code == 200
    assert title in shown.text
    search_caught_up(app)  # what every process does each second: the change log feeds search
    found = client.get("/api/search", params={"q": title, "per_page": 50}).json()
    assert slug in [hit["slug"] for hit in found["results"]]

    editor.post(f"/staff/{plural}/{slug}/archive", {"base": _base(editor, plural, slug)})
    assert client.get(public).status_code == 404
    search_caught_up(app)
    found = client.get("/api/search", params={"q": title, "per_page": 50}).json()
    assert slug not in [hit["slug"] for hit in found["results"]]


def test_edits_stay_drafts_until_published_and_history_can_restore(client, signed_in, engine):
    editor = signed_in("editor")
    slug = unique_slug("staff-history")
    _create(editor, "services", slug, summary="The first summary.")
    editor.post(f"/staff/services/{slug}/publish", {"base": _base(editor, "services", slug)})
    assert "The first summary." in client.get(f"/en/services/{slug}").text

    form = FORMS["services"](slug, summary="A second summary, not yet public.")
    response = editor.post(f"/staff/services/{slug}/edit", {**form, "base": _base(editor, "services", slug)})
    assert response.status_code == 303 and response.headers["location"].endswith("?done=saved")
    assert "The first summary." in client.get(f"/en/services/{slug}").text, "a saved draft is not public"
    item_page = editor.get(f"/staff/services/{slug}").text
    assert "Changes not published" in item_page and "A second summary" in item_page

    form = FORMS["services"](slug, summary="A third summary.")
    response = editor.post(
        f"/staff/services/{slug}/edit", {**form, "base": _base(editor, "services", slug), "then": "publish"}
    )
    assert response.headers["location"].endswith("?done=published")
    assert "A third summary." in client.get(f"/en/services/{slug}").text

    history_page = editor.get(f"/staff/services/{slug}/history").text
    for what in ("Draft saved", "Published", "Test Editor", "Version 5", "On the public site"):
        assert what in history_page
    version = editor.get(f"/staff/services/{slug}/versions/3").text
    assert "A second summary" in version and "<del>" in version and "<ins>" in version

    response = editor.post(f"/staff/services/{slug}/versions/2/restore", {"base": _base(editor, "services", slug)})
    assert response.headers["location"].endswith("?done=restored")
    assert "A third summary." in client.get(f"/en/services/{slug}").text, "restoring makes a draft only"
    editor.post(f"/staff/services/{slug}/publish", {"base": _base(editor, "services", slug)})
    assert "The first summary." in client.get(f"/en/services/{slug}").text
    with Session(engine) as db:
        item = history.get_item(db, "service", slug)
        actions = [r.action for r in reversed(history.revisions(db, item))]
    assert actions == ["draft", "publish", "draft", "draft", "publish", "restore", "publish"]

    editor.post(f"/staff/services/{slug}/unpublish", {"base": _base(editor, "services", slug)})
    assert client.get(f"/en/services/{slug}").status_code == 404
    assert client.get(f"/api/oruk/services?search={slug}").json()["total_items"] == 0
    assert "Unpublished" in editor.get(f"/staff/services/{slug}").text
    editor.post(f"/staff/services/{slug}/archive", {"base": _base(editor, "services", slug)})
    assert f'/staff/services/{slug}"' not in editor.get("/staff/services", params={"q": slug}).text
    assert f'/staff/services/{slug}"' in editor.get("/staff/services", params={"q": slug, "state": "archived"}).text


def test_a_second_editor_cannot_overwrite_newer_work(client, signed_in, app, staff_users, engine):
    from tests.staff.conftest import Staff, sign_in

    first = signed_in("editor")
    second = Staff(sign_in(app, staff_users["admin"]), staff_users["admin"])
    slug = unique_slug("staff-conflict")
    _create(first, "services", slug)
    base_first, base_second = _base(first, "services", slug), _base(second, "services", slug)
    mine = FORMS["services"](slug, summary="The first editor's words.")
    theirs = FORMS["services"](slug, summary="The second editor's words.")
    assert first.post(f"/staff/services/{slug}/edit", {**mine, "base": base_first}).status_code == 303
    refused = second.post(f"/staff/services/{slug}/edit", {**theirs, "base": base_second})
    assert refused.status_code == 409
    assert "Your changes have not been saved" in refused.text
    assert "The first editor&#39;s words." in refused.text and "The second editor&#39;s words." in refused.text
    assert "test-editor saved version" in refused.text
    with Session(engine) as db:
        item = history.get_item(db, "service", slug)
        assert history.revision(db, item, item.latest).data["summary"] == "The first editor's words."
    # the refused form now carries the newer version: saving again is a deliberate overwrite
    again = second.post(f"/staff/services/{slug}/edit", {**theirs, "base": str(int(base_second) + 1)})
    assert again.status_code == 303


def test_publishing_a_stale_page_is_refused(signed_in):
    editor = signed_in("editor")
    slug = unique_slug("staff-stale")
    _create(editor, "services", slug)
    stale = _base(editor, "services", slug)
    editor.post(f"/staff/services/{slug}/edit", {**FORMS["services"](slug, summary="Changed."), "base": stale})
    response = editor.post(f"/staff/services/{slug}/publish", {"base": stale})
    assert response.status_code == 409 and "newer version" in response.text


def test_a_hub_with_activities_cannot_be_unpublished(signed_in):
    editor = signed_in("editor")
    response = editor.post(
        "/staff/hubs/ashfield-community-hub/unpublish", {"base": _base(editor, "hubs", "ashfield-community-hub")}
    )
    assert response.status_code == 409 and "still held here" in response.text


def test_the_web_address_is_unique_across_services_and_activities(signed_in):
    editor = signed_in("editor")
    response = editor.post("/staff/activities/new", FORMS["activities"]("befriending-older-people"))
    assert response.status_code == 400 and "already used" in response.text


def test_dashboard_lists_drafts_and_pages_not_checked_for_a_year(signed_in):
    editor = signed_in("editor")
    slug = unique_slug("staff-dashboard")
    _create(editor, "guides", slug, title="A guide waiting for review", last_checked="2020-01-01")
    page = editor.get("/staff/").text
    assert "A guide waiting for review" in page
    assert "Not checked for 12 months" in page
    listed = editor.get("/staff/services", params={"state": "unchecked"})
    assert listed.status_code == 200


def test_saving_without_changes_makes_no_new_version(signed_in):
    editor = signed_in("editor")
    slug = unique_slug("staff-same")
    _create(editor, "guides", slug)
    response = editor.post(f"/staff/guides/{slug}/edit", {**FORMS["guides"](slug), "base": "1"})
    assert response.headers["location"].endswith("?done=unchanged")
    assert "You did not change anything" in editor.get(response.headers["location"]).text
    assert _base(editor, "guides", slug) == "1"


def test_lists_search_filter_and_page(signed_in):
    editor = signed_in("editor")
    found = editor.get("/staff/services", params={"q": "carers"})
    assert found.status_code == 200 and "Carers" in found.text
    assert editor.get("/staff/services", params={"page": "999"}).status_code == 404
    assert editor.get("/staff/services", params={"page": "x"}).status_code == 404
    assert editor.get("/staff/services", params={"state": "nonsense"}).status_code == 200
    assert editor.get("/staff/nonsense").status_code == 404
    assert editor.get("/staff/services/no-such-page").status_code == 404
    assert editor.get("/staff/services/Bad Slug").status_code == 404
