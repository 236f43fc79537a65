"""Administrators manage users and read the audit log; the CLI manages users too."""

import csv
import io

from sqlmodel import Session, select
from typer.testing import CliRunner

from app.accounts import users
from app.accounts.models import AuditEvent
from tests.staff.conftest import PASSWORD, new_user, sign_in, user_row
from tests.staff.forms_data import unique_slug


def test_admin_creates_a_user_who_can_then_sign_in(app, signed_in, engine):
    admin = signed_in("admin")
    username = unique_slug("newcomer")
    form = {
        "username": username,
        "display_name": "New Comer",
        "email": "new@kingsmead.example",
        "password": "a perfectly fine passphrase",
        "roles": ["translator"],
        "locales": ["so"],
    }
    response = admin.post("/staff/users/new", form)
    assert response.status_code == 303
    assert username in admin.get("/staff/users").text
    person = user_row(engine, username)
    assert person.roles == ["translator"] and person.locales == ["so"]
    assert sign_in(app, username, "a perfectly fine passphrase").get("/staff/").status_code == 200


def test_a_name_loses_the_controls_that_could_make_it_read_as_another(signed_in, engine):
    admin = signed_in("admin")
    username = unique_slug("bidi")
    form = {
        "username": username,
        "display_name": "Sam\u202e Okafor\u2069",
        "password": "a perfectly fine passphrase",
        "roles": ["editor"],
    }
    assert admin.post("/staff/users/new", form).status_code == 303
    assert user_row(engine, username).display_name == "Sam Okafor"


def test_user_form_errors_are_clear_and_keep_what_was_typed(signed_in):
    admin = signed_in("admin")
    cases = [
        ({"username": "Bad Name!"}, "Enter a username of 2 to 80"),
        ({"password": "password1234"}, "too common"),
        ({"roles": []}, "Choose at least one role"),
        ({"roles": ["reviewer"], "locales": []}, "Choose at least one language"),
        ({"roles": ["wizard"]}, "Choose roles from"),
        ({"email": "nope"}, "Enter an email address in the correct format"),
        ({"username": "test-admin"}, "There is already a user called test-admin"),
    ]
    for change, message in cases:
        form = {
            "username": unique_slug("person"),
            "display_name": "Kept Name",
            "password": "a fine passphrase",
            "roles": ["editor"],
            **change,
        }
        response = admin.post("/staff/users/new", form)
        assert response.status_code == 400, message
        assert message in response.text and "There is a problem" in response.text
        assert 'value="Kept Name"' in response.text
        assert "a fine passphrase" not in response.text, "a password is never shown back"


def test_admin_changes_roles_disables_and_resets_passwords(app, signed_in, engine):
    admin = signed_in("admin")
    username = new_user(engine)
    person = user_row(engine, username)
    victim = sign_in(app, username)
    page = f"/staff/users/{person.id}"
    assert admin.post(page, {"roles": ["editor", "reviewer"], "locales": ["bn"]}).status_code == 303
    assert user_row(engine, username).roles == ["editor", "reviewer"]
    assert victim.get("/staff/", follow_redirects=False).status_code == 200, "role changes apply at once"
    assert admin.post(page, {"roles": ["editor"], "password": "another fine passphrase"}).status_code == 303
    assert victim.get("/staff/", follow_redirects=False).status_code == 303, "a reset signs them out"
    assert admin.post(page, {"roles": ["editor"], "disabled": "yes"}).status_code == 303
    assert user_row(engine, username).disabled
    assert admin.get("/staff/users/999999").status_code == 404
    assert admin.get("/staff/users/abc").status_code == 404


def test_the_last_administrator_cannot_be_removed(engine):
    with Session(engine) as db:
        admins = [u for u in db.exec(select(users.User)).all() if "admin" in u.roles and not u.disabled]
        for extra in admins[1:]:
            extra.disabled = True
            db.add(extra)
        db.flush()
        try:
            users.set_roles(db, admins[0], roles=["editor"], scoped_locales=[], actor="test")
            raise AssertionError("the last admin lost the role")
        except users.AccountError as error:
            assert "always be an active administrator" in error.message
        db.rollback()


def test_audit_log_records_sign_ins_publishing_and_exports(signed_in, app, engine):
    editor = signed_in("editor")
    admin = signed_in("admin")
    page = admin.get("/staff/audit", params={"actor": editor.username, "action": "sign-in"})
    assert page.status_code == 200 and "sign-in" in page.text and editor.username in page.text
    download = admin.get("/staff/audit", params={"format": "csv", "action": "sign-in"})
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["time (UTC)", "who", "action"] and all(row[2] == "sign-in" for row in rows[1:])
    with Session(engine) as db:
        exports = db.exec(
            select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.actor == admin.username)
        ).all()
    assert exports, "an export is itself audited"
    assert admin.get("/staff/audit", params={"format": "xml"}).status_code == 400
    assert admin.get("/staff/audit", params={"page": "0"}).status_code == 404


def _cli(settings, monkeypatch, args, stdin=""):
    from app.cli import cli
    from app.config import get_settings

    monkeypatch.setenv("SIGNPOST_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, args, input=stdin)
    finally:
        get_settings.cache_clear()


def test_cli_creates_lists_changes_and_disables_users(app, settings, monkeypatch, engine):
    username = unique_slug("cli-admin")
    created = _cli(
        settings,
        monkeypatch,
        ["users", "create", username, "--name", "First Admin", "--admin"],
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    assert user_row(engine, username).roles == ["admin"]
    assert sign_in(app, username).get("/staff/users").status_code == 200
    listed = _cli(settings, monkeypatch, ["users", "list"])
    assert username in listed.output and "admin" in listed.output
    roles = _cli(settings, monkeypatch, ["users", "set-roles", username, "--role", "reviewer", "--locale", "fa"])
    assert roles.exit_code == 0 and user_row(engine, username).locales == ["fa"]
    weak = _cli(settings, monkeypatch, ["users", "reset-password", username], stdin="password1234\npassword1234\n")
    assert weak.exit_code == 1 and "too common" in weak.output
    reset = _cli(
        settings,
        monkeypatch,
        ["users", "reset-password", username],
        stdin="a brand new passphrase\na brand new passphrase\n",
    )
    assert reset.exit_code == 0
    assert _cli(settings, monkeypatch, ["users", "disable", username]).exit_code == 0
    assert user_row(engine, username).disabled
    assert _cli(settings, monkeypatch, ["users", "disable", username, "--enable"]).exit_code == 0
    missing = _cli(settings, monkeypatch, ["users", "disable", "nobody-at-all"])
    assert missing.exit_code == 1 and "There is no user called nobody-at-all" in missing.output
    bad = _cli(settings, monkeypatch, ["users", "create", "x y", "--name", "X"], stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert bad.exit_code == 1 and "Enter a username" in bad.output
