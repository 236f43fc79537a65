"""Two app processes (as on two machines: each its own data folder and search index) on one database: a publish
in one is on the other's pages within a second, and in its search soon after, through the change log."""

import os
import re
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from app.accounts import users
from tests.conftest import _free_port, load_demo
from tests.faults.cluster import wait_until
from tests.staff.conftest import PASSWORD
from tests.staff.forms_data import guide_form
from tests.test_migrations import empty_database_url  # noqa: F401 (a fixture)

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def two_processes(empty_database_url, tmp_path):  # noqa: F811
    load_demo(
        empty_database_url,
        then=lambda db: users.create(
            db, username="process-editor", display_name="Editor", password=PASSWORD, roles=["editor"], scoped_locales=[]
        ),
    )
    started, bases = [], []
    for name in ("a", "b"):
        port = _free_port()
        env = {
            **os.environ,
            "SIGNPOST_DATABASE_URL": empty_database_url,
            "SIGNPOST_ENVIRONMENT": "test",
            "SIGNPOST_DATA_DIR": str(tmp_path / name),
        }
        started.append(
            subprocess.Popen(
                [sys.executable, "-c", "from app.cli import main; main()", "serve", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            assert wait_until(lambda base=base: _ok(f"{base}/en/search?q=carers"), timeout=90), f"{base} did not start"
        yield bases
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=30)


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=10).status_code == 200
    except httpx.HTTPError:
        return False


def _token(client: httpx.Client, path: str) -> str:
    return TOKEN.search(client.get(path).text).group(1)


def test_a_publish_in_one_process_is_seen_by_the_other(two_processes):
    first, second = two_processes
    word = f"heron{uuid.uuid4().hex[:6]}"
    slug = f"two-processes-{word}"
    with httpx.Client(base_url=first, timeout=30) as staff:
        staff.post(
            "/staff/login",
            data={"username": "process-editor", "password": PASSWORD, "csrf_token": _token(staff, "/staff/login")},
        )
        created = staff.post("/staff/guides/new", data={**guide_form(slug), "csrf_token": _token(staff, "/staff/")})
        assert created.status_code == 303
        staff.post(f"/staff/guides/{slug}/publish", data={"base": "1", "csrf_token": _token(staff, "/staff/")})
        first_view = httpx.get(f"{second}/en/guides/{slug}")
        assert "Getting a carer" in first_view.text  # now cached by the second
        assert "server" not in first_view.headers, "the server does not say what software it runs"
        staff.post(
            f"/staff/guides/{slug}/edit",
            data={**guide_form(slug, title=f"About the {word}"), "base": "2", "csrf_token": _token(staff, "/staff/")},
        )
        published = staff.post(
            f"/staff/guides/{slug}/publish", data={"base": "3", "csrf_token": _token(staff, "/staff/")}
        )
        assert published.status_code == 303
    done = time.monotonic()
    seen = wait_until(
        lambda: f"About the {word}" in httpx.get(f"{second}/en/guides/{slug}").text, timeout=10, every=0.02
    )
    page_after = time.monotonic() - done
    found = wait_until(lambda: slug in httpx.get(f"{second}/en/search", params={"q": word}).text, timeout=20, every=0.1)
    search_after = time.monotonic() - done
    assert seen and page_after <= 1.0, f"the other process showed the change after {page_after:.2f} s"
    assert found and search_after <= 5.0, f"the other process's search found it after {search_after:.2f} s"
