"""Every form, public and staff, shows its errors in the GOV.UK pattern through the one set of field macros
(_partials/fields.html): each link in the error summary lands on a form control (the first input of a group of radios
or checkboxes, never its wrapper), whose description (or its fieldset's) names the error message, which starts with a
visually hidden "Error:". Ids are unique and every label names a control."""

import re
from html.parser import HTMLParser

import pytest

from app.insights import routes as insight_routes
from tests.staff.conftest import new_user, sign_in, signed_in, staff_users  # noqa: F401 (fixtures)

CONTROLS = {"input", "select", "textarea"}


class _Page(HTMLParser):
    """Ids, with their tag, attributes, the description of the fieldset around them and their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: dict[str, dict] = {}
        self.duplicates: list[str] = []
        self.label_targets: list[str] = []
        self._fieldsets: list[str] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "fieldset":
            self._fieldsets.append(attributes.get("aria-describedby") or "")
        element_id = attributes.get("id")
        if element_id:
            if element_id in self.elements:
                self.duplicates.append(element_id)
            self.elements[element_id] = {
                "tag": tag,
                "attrs": attributes,
                "fieldset": self._fieldsets[-1] if self._fieldsets and tag != "fieldset" else "",
                "text": "",
            }
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])
        if tag not in ("input", "img", "br", "meta", "link"):
            self._open.append((tag, element_id))

    def handle_endtag(self, tag):
        if tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _tag, element_id in self._open:
            if element_id:
                self.elements[element_id]["text"] += data


def _summary_links(html: str) -> list[str]:
    summaries = re.findall(r'<div class="error-summary".*?</div>', html, re.S)
    return [href for summary in summaries for href in re.findall(r'<a href="(#[^"]*)"', summary)]


def _check(html: str, expected_fields: set[str] | None = None) -> _Page:
    page = _Page()
    page.feed(html)
    summary_links = _summary_links(html)
    assert not page.duplicates, f"ids used twice: {page.duplicates}"
    missing = [target for target in page.label_targets if target not in page.elements]
    assert not missing, f"labels for nothing: {missing}"
    assert summary_links, "an error summary with links"
    for href in summary_links:
        target = href.removeprefix("#")
        if target == "main-content":
            continue
        element = page.elements.get(target)
        assert element is not None, f"the summary links to #{target}, which is not on the page"
        assert element["tag"] in CONTROLS, f"#{target} is a {element['tag']}, not a form control"
        described = element["attrs"].get("aria-describedby", "") + " " + element["fieldset"]
        error_id = f"{target}-error" if f"{target}-error" in page.elements else None
        assert error_id, f"no error message for #{target}"
        assert error_id in described.split(), f"#{target} is not described by its error message"
        error = page.elements[error_id]
        assert error["attrs"].get("class") == "error-message" and error["text"].strip(), error
        assert re.match(r"\s*\S+:", error["text"]), f"the message starts with the hidden prefix: {error['text']!r}"
    if expected_fields is not None:
        linked = {href.removeprefix("#") for href in summary_links}
        assert expected_fields <= linked, expected_fields - linked
    return page


HELP = {
    "contact_method": "email",
    "contact_detail": "amina.test@example.org",
    "language": "so",
    "interpreter": "yes",
    "needs": ["bsl-interpreter", "easy-read"],
    "consent": "yes",
}


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_public_forms_with_errors(client, locale):
    insight_routes.help_limit.clear()
    empty = client.post(f"/{locale}/help", data={})
    assert empty.status_code == 400
    _check(empty.text, {"field-contact_method", "field-consent", "field-language"})
    wrong = client.post(
        f"/{locale}/help", data={**HELP, "needs": ["telepathy"], "message": "x" * 2001, "large_print_size": "x" * 30}
    )
    _check(wrong.text, {"field-needs", "field-message"})
    about = client.post(f"/{locale}/about-you", data={"age_band": "200", "carer": "maybe"})
    _check(about.text, {"field-age_band", "field-carer"})
    feedback = client.post(f"/{locale}/feedback/missing", data={"page": "/hubs", "text": "x" * 5000})
    assert feedback.status_code == 400
    _check(feedback.text, {"field-text"})
    whats_on = client.get(f"/{locale}/whats-on", params={"day": "XX", "hub": "nope"})
    _check(whats_on.text, {"filter-day", "filter-hub"})
    search = client.get(f"/{locale}/search", params={"q": "carers", "kind": "nope"})
    _check(search.text, {"facet-kind"})


def test_the_help_form_keeps_each_group_of_needs_apart(client):
    page = _Page()
    page.feed(client.get("/en/help").text)
    assert not page.duplicates
    firsts = [page.elements[i] for i in ("field-needs", "field-needs-formats", "field-needs-support")]
    assert all(first["tag"] == "input" and first["attrs"]["name"] == "needs" for first in firsts)


def test_staff_forms_with_errors(app, client, signed_in):  # noqa: F811 (the fixture)
    editor, admin = signed_in("editor"), signed_in("admin")
    service = editor.post(
        "/staff/services/new",
        {"name": "", "slug": "form-fields-test", "cost-free": "", "areas": ["atlantis"], "languages-other": "xx-no"},
    )
    assert service.status_code == 400
    _check(service.text, {"field-name", "field-cost-free", "field-areas", "field-languages"})
    person = {"username": "form.fields", "display_name": "Form Fields", "password": "a long and unusual passphrase"}
    for changes, field in [
        ({"username": "Bad Name"}, "field-username"),
        ({"password": "short", "roles": "editor"}, "field-password"),
        ({}, "field-roles"),
        ({"roles": "translator"}, "field-locales"),
    ]:
        user = admin.post("/staff/users/new", {**person, **changes})
        assert user.status_code == 400
        _check(user.text, {field})
    pictures = editor.post("/staff/pictures", {"description": ""})
    _check(pictures.text, {"field-file", "field-description"})
    imported = editor.post("/staff/import", {"then": "preview"})
    _check(imported.text, {"field-file"})

    insight_routes.help_limit.clear()
    client.post("/en/help", data=HELP, follow_redirects=False)
    request_id = re.search(r'href="/staff/help/([0-9a-f-]+)"', editor.get("/staff/help").text).group(1)
    help_item = editor.post(f"/staff/help/{request_id}", {"status": "nope", "assigned_to": "nobody"})
    assert help_item.status_code == 400
    _check(help_item.text, {"field-status"})


def test_the_sign_in_form_with_errors(app, staff_users):  # noqa: F811 (the fixture)
    from fastapi.testclient import TestClient

    anonymous = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', anonymous.get("/staff/login").text).group(1)
    refused = anonymous.post("/staff/login", data={"csrf_token": token, "username": "", "password": ""})
    assert refused.status_code == 400
    _check(refused.text)
