"""Every staff route × anonymous and each role: allowed or denied, read from the app's route table so a new
route fails this test until someone decides who may use it. And every state-changing request needs the CSRF
token."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import User
from app.insights.models import HelpRequest
from app.publishing.models import ContentItem
from app.web.routing import iter_routes
from tests.staff.conftest import _TOKEN, ROLES, sign_in

EVERYONE = {"anonymous", *ROLES}
STAFF = set(ROLES)
EDITORS = {"admin", "editor"}
ADMINS = {"admin"}
POLICY = {
    ("GET", "/staff/login"): EVERYONE,
    ("POST", "/staff/login"): EVERYONE,
    ("POST", "/staff/logout"): STAFF,
    ("GET", "/staff/"): STAFF,
    ("GET", "/staff/{plural}"): STAFF,
    ("GET", "/staff/{plural}/{slug}"): STAFF,
    ("GET", "/staff/{plural}/{slug}/history"): STAFF,
    ("GET", "/staff/{plural}/{slug}/versions/{number}"): STAFF,
    ("GET", "/staff/{plural}/new"): EDITORS,
    ("POST", "/staff/{plural}/new"): EDITORS,
    ("GET", "/staff/{plural}/{slug}/edit"): EDITORS,
    ("POST", "/staff/{plural}/{slug}/edit"): EDITORS,
    ("POST", "/staff/{plural}/{slug}/publish"): EDITORS,
    ("POST", "/staff/{plural}/{slug}/unpublish"): EDITORS,
    ("POST", "/staff/{plural}/{slug}/archive"): EDITORS,
    ("POST", "/staff/{plural}/{slug}/versions/{number}/restore"): EDITORS,
    ("GET", "/staff/import"): EDITORS,
    ("POST", "/staff/import"): EDITORS,
    ("GET", "/staff/import/template.csv"): EDITORS,
    ("GET", "/staff/import/services.csv"): EDITORS,
    ("GET", "/staff/import/oruk"): EDITORS,
    ("POST", "/staff/import/oruk"): EDITORS,
    ("GET", "/staff/users"): ADMINS,
    ("GET", "/staff/users/new"): ADMINS,
    ("POST", "/staff/users/new"): ADMINS,
    ("GET", "/staff/users/{user_id}"): ADMINS,
    ("POST", "/staff/users/{user_id}"): ADMINS,
    ("GET", "/staff/audit"): ADMINS,
    ("GET", "/staff/help"): STAFF,
    ("GET", "/staff/help/{request_id}"): STAFF,
    ("POST", "/staff/help/{request_id}"): STAFF,
    ("GET", "/staff/help/{request_id}/export.json"): STAFF,
    ("POST", "/staff/help/{request_id}/delete"): ADMINS,
    ("GET", "/staff/insights"): STAFF,
    ("GET", "/staff/insights/{name}.csv"): STAFF,
    ("GET", "/staff/{plural}/{slug}/translations"): STAFF,
    ("POST", "/staff/{plural}/{slug}/translations/machine"): EDITORS,
    ("GET", "/staff/{plural}/{slug}/translations/{code}"): STAFF,
    ("POST", "/staff/{plural}/{slug}/translations/{code}"): {"admin", "translator", "reviewer"},  # for "ar"
    ("GET", "/staff/pictures"): STAFF,
    ("POST", "/staff/pictures"): EDITORS,
    ("POST", "/staff/pictures/{name}/delete"): EDITORS,
}


# Signing out would end the session the matrix uses; deleting would remove the request it reads; machine
# translation would change a demo page other tests read; deleting a picture needs one to delete. All are checked by
# their own tests (here, tests/staff/test_help_inbox.py, tests/translation/test_staff_pages.py and
# tests/easyread/test_upload_page.py).
CHECKED_ON_THEIR_OWN = {
    "/staff/logout",
    "/staff/help/{request_id}/delete",
    "/staff/{plural}/{slug}/translations/machine",
    "/staff/pictures/{name}/delete",
}


def staff_routes(app) -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, route in iter_routes(app)
        if path.startswith("/staff")
        for method in getattr(route, "methods", ())
        if method != "HEAD"
    }


def test_every_staff_route_has_a_policy(app):
    routes = staff_routes(app)
    assert routes - POLICY.keys() == set(), "decide who may use these new routes, in POLICY"
    assert POLICY.keys() - routes == set(), "these routes no longer exist"


@pytest.fixture(scope="module")
def path_values(engine, staff_users):
    with Session(engine) as db:
        slug = db.exec(select(ContentItem.slug).where(ContentItem.kind == "service").order_by(ContentItem.slug)).first()
        user_id = db.exec(select(User.id).where(User.username == staff_users["editor"])).one()
        request = HelpRequest(locale="ar", contact_method="phone", contact_detail="020 7946 0555", language="ar")
        db.add(request)
        db.commit()
        request_id = request.id
    return {
        "plural": "services",
        "slug": slug,
        "number": "1",
        "user_id": str(user_id),
        "request_id": str(request_id),
        "name": "reach",
        "code": "ar",
    }


@pytest.fixture(scope="module")
def clients(app, staff_users):
    made = {role: sign_in(app, username) for role, username in staff_users.items()}
    anonymous = TestClient(app, raise_server_exceptions=False)
    anonymous.get("/staff/login")  # it has the sign-in form's CSRF cookie, like a real visitor
    made["anonymous"] = anonymous
    return made


def _token(client) -> str:
    page = client.get("/staff/", follow_redirects=True)
    return _TOKEN.search(page.text).group(1)


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_authorisation_matrix(app, clients, path_values, role, staff_users):
    client = clients[role]
    token = _token(client)
    checked = 0
    for (method, template), allowed in sorted(POLICY.items()):
        if template in CHECKED_ON_THEIR_OWN:
            continue
        path = template.format(**path_values)
        if method == "GET":
            response = client.get(path, follow_redirects=False)
        else:  # no "base" version and no valid data: an allowed request is refused as bad input, never run
            response = client.post(path, data={"csrf_token": token}, follow_redirects=False)
        denied_to_anonymous = response.status_code == 303 and response.headers["location"].startswith("/staff/login")
        if role in allowed:
            assert response.status_code not in (403, 500) and not denied_to_anonymous, (method, path, role)
        elif role == "anonymous":
            assert denied_to_anonymous, (method, path, response.status_code)
        else:
            assert response.status_code == 403, (method, path, role, response.status_code)
            assert "You cannot do this" in response.text
        checked += 1
    assert checked == len(POLICY) - len(CHECKED_ON_THEIR_OWN)


@pytest.mark.parametrize("role", sorted(STAFF))
def test_every_role_can_sign_out(app, staff_users, role):
    client = sign_in(app, staff_users[role])
    response = client.post("/staff/logout", data={"csrf_token": _token(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/staff/", follow_redirects=False).status_code == 303


def test_state_changing_requests_need_the_csrf_token(app, clients, path_values):
    admin = clients["admin"]
    unsafe = [(method, template) for method, template in POLICY if method not in ("GET", "HEAD")]
    assert len(unsafe) >= 10
    for method, template in unsafe:
        path = template.format(**path_values)
        for data in ({}, {"csrf_token": "forged"}, {"csrf_token": _token(clients["editor"])}):
            response = admin.request(method, path, data=data, follow_redirects=False)
            assert response.status_code == 403, (method, path, data)
            assert "did not come from this site" in response.text
    assert admin.get("/staff/", follow_redirects=False).status_code == 200, "still signed in"


def test_the_sign_in_form_needs_its_token_too(app, staff_users):
    from tests.staff.conftest import PASSWORD

    client = TestClient(app)
    response = client.post(
        "/staff/login", data={"username": staff_users["admin"], "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403


def test_the_token_also_works_as_a_header(clients):
    editor = clients["editor"]
    response = editor.post("/staff/import", headers={"X-CSRF-Token": _token(editor)}, follow_redirects=False)
    assert response.status_code == 400 and "Select a CSV file" in response.text


def test_oversized_posts_are_refused_before_reading(clients):
    response = clients["editor"].post(
        "/staff/import",
        content=b"x" * 10,
        headers={"content-length": str(6 * 1024 * 1024), "content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_the_token_is_masked_afresh_on_every_page(clients):
    """Pages are compressed: a token that were the same bytes on every page could be read out by its effect on
    the compressed length (BREACH). Each page carries it under a new mask, and every mask works."""
    editor = clients["editor"]
    first, second = _token(editor), _token(editor)
    assert first != second
    for token in (first, second):
        response = editor.post("/staff/import", data={"csrf_token": token}, follow_redirects=False)
        assert response.status_code == 400 and "Select a CSV file" in response.text
    unmasked_guess = editor.post("/staff/import", data={"csrf_token": first[: len(first) // 2]})
    assert unmasked_guess.status_code == 403
