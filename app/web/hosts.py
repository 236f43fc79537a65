"""Answer only to the host names in ``SIGNPOST_ALLOWED_HOSTS``: a request naming any other ``Host`` is a 400, so no
page, cache entry or link is ever made for an address an attacker chose."""

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def host_name(header: str) -> str:
    """``Example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def allowed(host: str, patterns: list[str]) -> bool:
    """True when ``host`` is one of ``patterns``; ``*.example.org`` allows its sub-domains, ``*`` anything."""
    return any(
        pattern == "*" or host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
        for pattern in patterns
    )


class AllowedHostsMiddleware:
    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), "")
            if not allowed(host_name(header), self.hosts):
                response = PlainTextResponse("Bad request: this site does not answer to that host name.", 400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
