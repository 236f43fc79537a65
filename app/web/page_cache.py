"""A cache of rendered public pages, per (host, path, query, content version, compression), bounded in bytes.

The content version goes up with every publish and import (:mod:`app.publishing.version`) and each process reads
it at most twice a second, so a cached page is never older than the content it shows for longer than that, in any
process. Every cached page carries an ``ETag``; a browser or proxy that already has it gets a ``304``.

Only successful public HTML pages are kept, and never one that depends on the person asking (:mod:`app.ui.privacy`):
a response that sets a cookie, says ``Cache-Control: private`` or ``no-store``, or whose route marked it personal
passes straight through. A page that read a person's cookie without finding it is kept, remembering the cookie's
name: a request that carries that cookie is never answered from the cache. Other cookies (the language chosen in
the switcher) do not matter. Searches are not kept either: each one is counted.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n.negotiate import split_prefix
from app.ui import privacy

REVALIDATE = "public, no-cache"  # may be stored, but checked with us (cheaply, by ETag) before each use
NOT_CACHED = ("/search",)  # each search is counted (app/insights), so each must reach the app


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    cookies: frozenset[str] = frozenset()  # the page is for requests without these cookies only


class PageCache:
    """Least-recently-used entries, dropped when the total size passes ``max_bytes``."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.size -= len(old.body) if old else 0
            self._entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes:
                _key, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.body)


def _cacheable(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    locale, rest = split_prefix(scope["path"])
    return locale is not None and not rest.startswith(NOT_CACHED)


class PageCacheMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        watch = state.content_version
        version = watch.current() if not watch.stale else await run_in_threadpool(watch.current)
        headers = Headers(scope=scope)
        gzip = "gzip" in headers.get("accept-encoding", "")
        # Absolute links in pages (hreflang alternates) come from SIGNPOST_SITE_URL, not the request's Host, so
        # neither host nor scheme is part of the key.
        key = (scope["method"], scope["path"], scope.get("query_string", b""), version, gzip)
        entry = state.page_cache.get(key)
        if entry is not None and entry.cookies and not entry.cookies.isdisjoint(_cookie_names(headers)):
            entry = None  # the page reads a cookie this request carries: the route decides, afresh
        if entry is None:
            entry = await self._render(scope, receive, send, key)
            if entry is None:
                return
        await self._answer(entry, headers, send, head=scope["method"] == "HEAD")

    async def _render(self, scope: Scope, receive: Receive, send: Send, key: tuple) -> Entry | None:
        """Run the app and keep the page when it may be cached; otherwise pass the response on as it is."""
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        privacy.state(scope)  # made before the route runs, so that what it marks there is seen below
        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        headers = [(name, value) for name, value in start.get("headers", []) if name.lower() != b"content-length"]
        names = {name.lower() for name, _value in headers}
        values = {name.lower(): value for name, value in headers}
        content_type = values.get(b"content-type", b"")
        if (
            start.get("status") != 200
            or b"set-cookie" in names
            or not content_type.startswith(b"text/html")
            or privacy.is_private(values.get(b"cache-control"))
            or privacy.marked_personal(scope)
        ):
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return None
        etag = b'"' + hashlib.sha256(body).hexdigest()[:20].encode() + b'"'
        headers = [(n, v) for n, v in headers if n.lower() not in (b"cache-control", b"etag")]
        cookies = privacy.cookies_read(scope)
        if cookies:
            headers.append((b"vary", b"Cookie"))  # other caches: this copy is not for a request with the cookie
        entry = Entry(200, [*headers, (b"etag", etag), (b"cache-control", REVALIDATE.encode())], body, etag, cookies)
        scope["app"].state.page_cache.put(key, entry)
        return entry

    @staticmethod
    async def _answer(entry: Entry, request_headers: Headers, send: Send, head: bool) -> None:
        wanted = [tag.strip() for tag in request_headers.get("if-none-match", "").split(",")]
        if entry.etag.decode() in wanted or "*" in wanted:
            keep = {b"etag", b"cache-control", b"vary", b"content-language"}
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(n, v) for n, v in entry.headers if n.lower() in keep],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {
                "type": "http.response.start",
                "status": entry.status,
                "headers": [*entry.headers, (b"content-length", str(len(entry.body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": b"" if head else entry.body})


def _cookie_names(headers: Headers) -> set[str]:
    return {name for header in headers.getlist("cookie") for name in cookie_parser(header)}
