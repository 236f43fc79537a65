"""A tiny reverse proxy for tests, doing what nginx does with ``proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for`` and ``X-Forwarded-Proto https``: it adds the address of whoever connected to it, says
the request came over https, and forwards it to the app from its own address (``127.0.0.5``, not the app's)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

PROXY_ADDRESS = "127.0.0.5"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def _handler(upstream: str, client: httpx.Client) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = [(name, value) for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP]
            before = self.headers.get("x-forwarded-for")
            headers = [(name, value) for name, value in headers if name.lower() != "x-forwarded-for"]
            headers += [
                ("X-Forwarded-For", f"{before}, {self.client_address[0]}" if before else self.client_address[0]),
                ("X-Forwarded-Proto", "https"),
                ("Host", self.headers.get("host", "")),
            ]
            answer = client.request(self.command, f"{upstream}{self.path}", headers=headers, content=body)
            self.send_response(answer.status_code)
            for name, value in answer.headers.multi_items():
                if name.lower() not in HOP_BY_HOP | {"content-encoding"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = _forward  # noqa: N815 - the names http.server dispatches to

        def log_message(self, format, *args) -> None:  # noqa: A002 - quiet in tests
            pass

    return Forward


@contextmanager
def forwarding_proxy(upstream: str) -> Iterator[str]:
    """Serve the proxy on 127.0.0.1 in a thread; yields its base URL."""
    with httpx.Client(
        transport=httpx.HTTPTransport(local_address=PROXY_ADDRESS), follow_redirects=False, timeout=30
    ) as client:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream, client))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
