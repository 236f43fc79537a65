"""Signing in and out: passwords, rate limits, session rotation, time-outs, and cookies a browser keeps safe."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.accounts import passwords, sessions
from app.accounts.models import AuditEvent, StaffSession
from app.timeutil import utcnow
from tests.staff.conftest import _TOKEN, PASSWORD, new_user, sign_in, user_row
from tests.staff.forms_data import unique_slug


def _login_page(client):
    page = client.get("/staff/login")
    return _TOKEN.search(page.text).group(1)


def _try(client, username, password):
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "csrf_token": _login_page(client)},
        follow_redirects=False,
    )


@pytest.mark.parametrize(
    "password, problem",
    [
        ("", "Enter a password"),
        ("short", "12 characters or more"),
        ("password1234", "too common"),
        ("qwertyuiop123", "too common"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("abcabcabcabcabc", "too common"),
        ("x" * 1025, "1024 characters or fewer"),
        ("the-staffer-likes-tea", "must not contain the username"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, problem):
    assert problem in passwords.password_problem(password, username="staffer")


COUNCIL = "built on the name of the council, the site or the person"


@pytest.mark.parametrize(
    "password, problem",
    [
        ("1234567890123", "only numbers"),
        ("1987-06-05 1987", "only numbers"),
        ("Kingsmead2024!", COUNCIL),
        ("kingsmeadcouncil1", COUNCIL),
        ("kingsmead-council-2024", COUNCIL),  # zxcvbn alone scores this strong: the rest, "--2024", is not
        ("Signpost2024!!", COUNCIL),
        ("RosaParks1955!", COUNCIL),
        ("my-name-is-r.parks!", "must not contain the email address"),
        ("r.parks@kingsmead.example", "must not contain the email address"),
        ("i-am-rparks-at-work", "must not contain the username"),
        ("abcdefghijklmnop", "Sequences, repeats, keyboard patterns and dates"),
        ("poiuytrewqlkjh", "Sequences, repeats, keyboard patterns and dates"),
    ],
)
def test_passwords_easy_to_guess_for_someone_who_knows_the_site_are_refused(settings, password, problem):
    person = {"username": "rparks", "email": "r.parks@kingsmead.example", "display_name": "Rosa Parks"}
    assert problem in passwords.password_problem(password, council_name=settings.council_name, **person)


@pytest.mark.parametrize("password", [PASSWORD, "purple lantern orbit velvet", "Kingsmead is lovely in spring"])
def test_a_strong_passphrase_passes_even_with_the_full_context(settings, password):
    assert (
        passwords.password_problem(
            password,
            username="rparks",
            email="r.parks@kingsmead.example",
            display_name="Rosa Parks",
            council_name=settings.council_name,
        )
        is None
    )


def test_the_admin_pages_and_the_command_line_judge_passwords_with_the_council_and_the_person(
    signed_in, engine, settings, monkeypatch
):
    from tests.staff.test_admin import _cli

    admin = signed_in("admin")
    form = {
        "username": unique_slug("guessable"),
        "display_name": "Guess Able",
        "roles": ["editor"],
        "email": "guess.able@kingsmead.example",
    }
    for password, problem in (("Kingsmead2024!", COUNCIL), ("guess.able-rocks!", "must not contain the email")):
        response = admin.post("/staff/users/new", {**form, "password": password})
        assert response.status_code == 400 and problem in response.text, password
    username = new_user(engine)
    page = f"/staff/users/{user_row(engine, username).id}"
    response = admin.post(page, {"roles": ["editor"], "password": f"{settings.council_name}!2024"})
    assert response.status_code == 400 and COUNCIL in response.text
    weak = _cli(settings, monkeypatch, ["users", "reset-password", username], stdin="Kingsmead2024!\n" * 2)
    assert weak.exit_code == 1 and COUNCIL in weak.output


def test_a_long_passphrase_is_accepted_and_hashed_with_argon2id():
    assert passwords.password_problem("purple lantern orbit velvet", username="sam") is None
    hashed = passwords.hash_password("purple lantern orbit velvet")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "purple lantern orbit velvet")
    assert not passwords.verify_password(hashed, "purple lantern orbit velvet ")
    assert not passwords.verify_password(None, "anything at all here")


def test_anonymous_visitors_are_sent_to_sign_in_and_back(app):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    response = client.get("/staff/services", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login?next=/staff/services"


def test_sign_in_page_allows_paste_and_password_managers(client):
    page = client.get("/staff/login")
    assert 'autocomplete="username"' in page.text and 'autocomplete="current-password"' in page.text
    assert "onpaste" not in page.text
    assert 'name="robots" content="noindex' in page.text


def test_wrong_password_is_a_clear_message_that_keeps_the_username(app, engine):
    from fastapi.testclient import TestClient

    username = new_user(engine)
    client = TestClient(app)
    response = _try(client, username, "not the right password at all")
    assert response.status_code == 400
    assert "There is a problem" in response.text and "The username or password is not right" in response.text
    assert f'value="{username}"' in response.text
    assert "<title>Error:" in response.text
    unknown = _try(client, "nobody-by-this-name", "not the right password at all")
    assert "The username or password is not right" in unknown.text  # no hint whether the account exists


def test_repeated_failures_from_one_address_make_it_wait_even_with_the_right_password(app, engine, settings):
    from fastapi.testclient import TestClient

    username = new_user(engine)
    client = TestClient(app)
    failures = settings.login_free_failures + 1  # the first that costs a wait
    for _ in range(failures):
        assert _try(client, username, "wrong wrong wrong wrong").status_code == 400
    blocked = _try(client, username, PASSWORD)
    assert blocked.status_code == 429 and "too many attempts" in blocked.text
    with Session(engine) as db:
        actions = db.exec(select(AuditEvent.action).where(AuditEvent.actor == username)).all()
    assert actions.count("sign-in-failed") == failures + 1


@pytest.mark.slow
def test_too_many_failures_from_one_address_block_that_address(app, engine, settings):
    from fastapi.testclient import TestClient

    client = TestClient(app, client=("192.0.2.77", 50000))
    for number in range(settings.login_max_failures_per_client):
        _try(client, f"guess-{number}", "wrong wrong wrong wrong")
    username = new_user(engine)
    assert "too many attempts" in _try(client, username, PASSWORD).text
    elsewhere = TestClient(app, client=("192.0.2.78", 50000))
    assert _try(elsewhere, username, PASSWORD).status_code == 303


def test_sign_in_sets_a_new_safe_session_cookie_and_sign_out_ends_it(app, engine):
    from fastapi.testclient import TestClient

    username = new_user(engine)
    client = TestClient(app)
    response = _try(client, username, PASSWORD)
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    value = client.cookies.get(sessions.COOKIE)
    assert value
    second = _try(client, username, PASSWORD)
    assert second.status_code == 303
    assert client.cookies.get(sessions.COOKIE) != value, "a new session at every sign-in"
    old = TestClient(app, cookies={sessions.COOKIE: value})
    assert old.get("/staff/", follow_redirects=False).status_code == 303, "the old session ended"

    token = _TOKEN.search(client.get("/staff/").text).group(1)
    kept = client.cookies.get(sessions.COOKIE)
    assert client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    replay = TestClient(app, cookies={sessions.COOKIE: kept})
    assert replay.get("/staff/", follow_redirects=False).status_code == 303, "a copied cookie is worthless"


def test_secure_cookie_over_https(app, engine):
    from fastapi.testclient import TestClient

    username = new_user(engine)
    client = TestClient(app, base_url="https://testserver")
    response = _try(client, username, PASSWORD)
    assert "Secure" in response.headers["set-cookie"]
    assert "max-age=31536000" in client.get("/staff/").headers["strict-transport-security"]


@pytest.mark.parametrize("field, age", [("last_seen_at", timedelta(hours=2)), ("created_at", timedelta(days=2))])
def test_idle_and_absolute_time_outs_end_the_session(app, engine, field, age):
    username = new_user(engine)
    client = sign_in(app, username)
    assert client.get("/staff/", follow_redirects=False).status_code == 200
    with Session(engine) as db:
        from app.accounts.users import find

        user = find(db, username)
        row = db.exec(
            select(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        ).one()
        setattr(row, field, utcnow() - age)
        db.add(row)
        db.commit()
    assert client.get("/staff/", follow_redirects=False).status_code == 303


def test_a_tampered_cookie_is_ignored(app, engine):
    from fastapi.testclient import TestClient

    client = sign_in(app, new_user(engine))
    value = client.cookies.get(sessions.COOKIE)
    forged = TestClient(app, cookies={sessions.COOKIE: value[:-1] + ("0" if value[-1] != "0" else "1")})
    assert forged.get("/staff/", follow_redirects=False).status_code == 303


def test_disabled_users_cannot_sign_in_and_lose_their_sessions(app, engine):
    from fastapi.testclient import TestClient

    from app.accounts.users import find, set_disabled

    username = new_user(engine)
    client = sign_in(app, username)
    with Session(engine) as db:
        set_disabled(db, find(db, username), disabled=True, actor="test")
        db.commit()
    assert client.get("/staff/", follow_redirects=False).status_code == 303
    assert _try(TestClient(app), username, PASSWORD).status_code == 400


def test_staff_pages_are_never_cached_and_sign_in_only_returns_inside_the_staff_area(app, engine):
    client = sign_in(app, new_user(engine))
    assert client.get("/staff/").headers["cache-control"] == "private, no-store"
    assert "no-store" not in client.get("/en/").headers.get("cache-control", "")
    from fastapi.testclient import TestClient

    for target, landing in (
        ("https://evil.example/", "/staff/"),
        ("//evil.example/staff/", "/staff/"),
        ("/staff/guides", "/staff/guides"),
        ("/en/", "/staff/"),
    ):
        anonymous = TestClient(app)
        token = _login_page(anonymous)
        response = anonymous.post(
            "/staff/login",
            data={"username": new_user(engine), "password": PASSWORD, "next": target, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.headers["location"] == landing, target
