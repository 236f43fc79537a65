"""Staff fixtures: one user per role, and signed-in clients (each its own cookie jar)."""

import itertools
import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts import users
from app.accounts.models import User

PASSWORD = "a long and unusual staff passphrase"
ROLES = {
    "admin": (["admin"], []),
    "editor": (["editor"], []),
    "translator": (["translator"], ["ar"]),
    "reviewer": (["reviewer"], ["ur", "ar", "en"]),
}  # English: approves easy-read leaflets
_numbers = itertools.count()
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def staff_users(engine) -> dict[str, str]:
    """Role -> username, created once for the run."""
    names = {}
    with Session(engine) as db:
        for role, (roles, scoped) in ROLES.items():
            username = f"test-{role}"
            if users.find(db, username) is None:
                users.create(
                    db,
                    username=username,
                    display_name=f"Test {role.title()}",
                    password=PASSWORD,
                    roles=roles,
                    scoped_locales=scoped,
                )
            names[role] = username
        db.commit()
    return names


def new_user(engine, *, roles=("editor",), scoped=(), password=PASSWORD) -> str:
    """A user of its own for a test that changes the account (rate limits, disabling, resets)."""
    username = f"user-{next(_numbers)}-{id(engine) % 1000}"
    with Session(engine) as db:
        users.create(
            db,
            username=username,
            display_name="Someone",
            password=password,
            roles=list(roles),
            scoped_locales=list(scoped),
        )
        db.commit()
    return username


@dataclass
class Staff:
    client: TestClient
    username: str

    def token(self, path: str = "/staff/") -> str:
        match = _TOKEN.search(self.client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data=None, token: str | None = None, **kwargs):
        """POST with the session's CSRF token (read from the dashboard) unless one is given."""
        data = dict(data or {})
        data.setdefault("csrf_token", token if token is not None else self.token())
        return self.client.post(path, data=data, follow_redirects=False, **kwargs)


def sign_in(app, username: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/staff/login")
    token = _TOKEN.search(page.text).group(1)
    response = client.post(
        "/staff/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def signed_in(app, staff_users):
    """signed_in("editor") -> a Staff client signed in with that role."""

    def make(role: str) -> Staff:
        return Staff(sign_in(app, staff_users[role]), staff_users[role])

    return make


def user_row(engine, username: str) -> User:
    with Session(engine) as db:
        return users.find(db, username)
