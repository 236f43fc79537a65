"""Every request is bounded before a route sees it: body size (counted as it arrives, chunked included), the Host
it names, and characters no address has. Each answer is clear, in the reader's language, and never a 500."""

import select
import socket
import time
from urllib.parse import urlsplit

import pytest

from tests.staff.conftest import Staff, new_user, sign_in

CHUNK = b"x" * 65536


def chunked_post(base: str, path: str, *, most: int, headers: str = "") -> tuple[bytes, int]:
    """POST a chunked body of up to ``most`` bytes over a raw socket, stopping as soon as the server answers or
    stops reading; returns (the response's first bytes, how many body bytes were sent)."""
    parts = urlsplit(base)
    sent = 0
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {parts.hostname}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n{headers}\r\n".encode()
        )
        sock.settimeout(2)
        try:
            while sent < most and not select.select([sock], [], [], 0)[0]:
                sock.sendall(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
                sent += len(CHUNK)
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed the connection while we were still sending
        sock.settimeout(10)
        deadline, answer = time.monotonic() + 10, b""
        while b"\r\n" not in answer and time.monotonic() < deadline:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return answer, sent


def test_a_public_form_refuses_a_large_chunked_body_while_it_arrives(live_server):
    answer, sent = chunked_post(live_server, "/en/help", most=50 * 1024 * 1024)
    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < 20 * 1024 * 1024, f"the server read on to {sent} bytes"


def test_a_staff_upload_without_a_session_is_refused_before_it_is_read(live_server):
    answer, sent = chunked_post(live_server, "/staff/pictures", most=50 * 1024 * 1024)
    assert answer.startswith(b"HTTP/1.1 403")
    assert sent < 20 * 1024 * 1024, f"the server read on to {sent} bytes"


@pytest.mark.parametrize("code, words", [("en", "What you sent is too long"), ("ar", "64")])
def test_a_long_public_form_gets_a_friendly_page_in_the_readers_language(client, code, words):
    response = client.post(f"/{code}/help", data={"message": "x" * 100_000})
    assert response.status_code == 413
    assert f'<html lang="{code}"' in response.text and words in response.text
    assert "020 7946 0100" in response.text  # a way to a person


def test_a_staff_upload_over_the_limit_is_refused_with_the_limit(app, engine):
    editor = Staff(sign_in(app, new_user(engine)), "")
    token = editor.token()
    response = editor.client.post(
        "/staff/pictures",
        data={"csrf_token": token, "description": "Big"},
        files={"file": ("big.png", b"\x89PNG" + b"0" * (6 * 1024 * 1024), "image/png")},
    )
    assert response.status_code == 413 and "5 megabytes" in response.text


def test_other_host_names_are_refused(client):
    response = client.get("/en/", headers={"Host": "attacker.example"})
    assert response.status_code == 400 and "host name" in response.text


@pytest.mark.parametrize("path", ["/pictures/upload/%00x", "/en/services/%00", "/staff/pictures/%00x/delete"])
def test_a_nul_in_the_address_is_a_friendly_404(client, path):
    response = client.get(path) if "delete" not in path else client.post(path)
    assert response.status_code == 404 and "<html" in response.text


def test_a_nul_in_an_api_address_is_a_json_error(client):
    response = client.get("/api/services/%00")
    assert response.status_code == 400 and response.json()["error"] == 400
