"""Sign-in throttling: failures slow down one address at one account, never lock the account itself."""

import itertools
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import AuditEvent, LoginAttempt
from app.timeutil import aware, utcnow
from tests.staff.conftest import _TOKEN, PASSWORD, new_user

WRONG = "not the right password at all"
_hosts = itertools.count(1)


def _address() -> str:
    """A documentation address (RFC 5737) no other test uses."""
    return f"203.0.113.{next(_hosts)}"


def _from(app, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def _try(client: TestClient, username: str, password: str):
    token = _TOKEN.search(client.get("/staff/login").text).group(1)
    return client.post(
        "/staff/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
    )


def _failures_in_the_past(engine, username: str, address: str, count: int, age: timedelta) -> None:
    with Session(engine) as db:
        db.add_all(LoginAttempt(username=username, client=address, at=utcnow() - age) for _ in range(count))
        db.commit()


def _let_time_pass(engine, username: str, seconds: int) -> None:
    """As if ``seconds`` had gone by: every failure at the account moves that far into the past."""
    with Session(engine) as db:
        for row in db.exec(select(LoginAttempt).where(LoginAttempt.username == username)):
            row.at = aware(row.at) - timedelta(seconds=seconds)
            db.add(row)
        db.commit()


def test_failures_from_one_address_do_not_stop_the_owner_signing_in_from_another(app, engine, settings):
    admin = new_user(engine, roles=("admin",))
    attacker, owner = _from(app, _address()), _from(app, _address())
    for _ in range(settings.login_max_failures):
        _try(attacker, admin, WRONG)
    assert _try(attacker, admin, PASSWORD).status_code == 429, "the guessing address must wait"
    assert _try(owner, admin, PASSWORD).status_code == 303
    assert _try(attacker, admin, PASSWORD).status_code == 429, "signing in elsewhere does not clear its failures"


def test_repeated_failures_from_one_address_wait_longer_each_time_with_a_clear_message(app, engine, settings):
    username = new_user(engine)
    client = _from(app, _address())
    for _ in range(settings.login_free_failures):
        assert "The username or password is not right" in _try(client, username, WRONG).text
    waits = []
    for _ in range(4):
        assert _try(client, username, WRONG).status_code == 400, "allowed once the wait is over"
        refused = _try(client, username, PASSWORD)
        assert refused.status_code == 429, "the right password is not even checked while it must wait"
        waits.append(int(refused.headers["retry-after"]))
        assert f"There have been too many attempts to sign in. Wait {waits[-1]} seconds and try again" in refused.text
        _let_time_pass(engine, username, waits[-1])
    assert waits == [2, 4, 8, 16]
    assert _try(client, username, PASSWORD).status_code == 303
    with Session(engine) as db:
        details = db.exec(select(AuditEvent.detail).where(AuditEvent.actor == username)).all()
    assert details.count("blocked: too many attempts, 2 s to wait") == 1, "a refused attempt is audited"


def test_the_wait_grows_to_the_longest_delay_and_no_further(app, engine, settings):
    username, address = new_user(engine), _address()
    _failures_in_the_past(engine, username, address, 40, timedelta(seconds=1))
    refused = _try(_from(app, address), username, PASSWORD)
    minutes = settings.login_max_delay_minutes
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) <= minutes * 60
    assert f"Wait {minutes} minutes and try again" in refused.text


def test_the_wait_counts_from_the_last_failure_and_old_failures_expire(app, engine, settings):
    username, address = new_user(engine), _address()
    client = _from(app, address)
    _failures_in_the_past(engine, username, address, 10, timedelta(seconds=8))  # 10 failures: wait 2^7 s
    refused = _try(client, username, PASSWORD)
    assert refused.status_code == 429 and "Wait 2 minutes and try again" in refused.text  # 120 s, rounded up
    _let_time_pass(engine, username, 121)
    assert _try(client, username, PASSWORD).status_code == 303

    older = new_user(engine)
    _failures_in_the_past(engine, older, address, 30, timedelta(hours=settings.login_delay_window_hours, minutes=1))
    assert _try(client, older, PASSWORD).status_code == 303, "failures outside the window do not count"


def test_guessing_from_many_addresses_adds_a_short_wait_but_never_locks_the_account(app, engine, settings):
    admin = new_user(engine, roles=("admin",))
    for _ in range(settings.login_max_failures):
        _try(_from(app, _address()), admin, WRONG)
    owner = _from(app, _address())
    assert _try(owner, admin, WRONG).status_code == 400, "an address that has not failed may always try"
    slowed = _try(owner, admin, PASSWORD)
    assert slowed.status_code == 429 and slowed.headers["retry-after"] == "2", "no free failures under attack"
    _let_time_pass(engine, admin, 2)
    assert _try(owner, admin, PASSWORD).status_code == 303
    assert _try(_from(app, _address()), admin, PASSWORD).status_code == 303


def test_an_address_over_the_cap_waits_until_its_failures_leave_the_window(app, engine, settings):
    address, window = _address(), timedelta(minutes=settings.login_window_minutes)
    cap = settings.login_max_failures_per_client
    _failures_in_the_past(engine, "someone-else", address, cap, window - timedelta(minutes=5))
    username = new_user(engine)
    refused = _try(_from(app, address), username, PASSWORD)
    assert refused.status_code == 429 and 240 < int(refused.headers["retry-after"]) <= 300
    assert "Wait 5 minutes and try again" in refused.text
    assert _try(_from(app, _address()), username, PASSWORD).status_code == 303, "other addresses are not affected"
    _let_time_pass(engine, "someone-else", 301)
    assert _try(_from(app, address), username, PASSWORD).status_code == 303
