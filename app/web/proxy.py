"""Behind a reverse proxy: believe ``X-Forwarded-For``, ``-Proto`` and ``-Host`` only from the proxies named in
``SIGNPOST_FORWARDED_ALLOW_IPS``, so that rate limits see each resident's address, https is known (secure cookies,
HSTS, the Origin check of forms) and nobody else can pretend to be someone they are not.

The client address is the right-most address in ``X-Forwarded-For`` that is not a trusted proxy: each proxy appends
the address it saw, so everything to the left of the last untrusted hop may have been written by the client."""

from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.types import ASGIApp, Receive, Scope, Send

Network = IPv4Network | IPv6Network


def _address(text: str) -> str | None:
    """The address in one ``X-Forwarded-For`` entry (``1.2.3.4``, ``1.2.3.4:567``, ``[::1]:80``), or None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ip_address(text))
    except ValueError:
        return None


class ForwardedHeadersMiddleware:
    def __init__(self, app: ASGIApp, trusted: list[Network]) -> None:
        self.app = app
        self.trusted = trusted

    def _is_trusted(self, host: str | None) -> bool:
        try:
            address = ip_address(host or "")
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    def _client(self, forwarded_for: str) -> str | None:
        hops = [_address(entry) for entry in forwarded_for.split(",")]
        for hop in reversed(hops):
            if hop is None:
                return None  # a garbled hop: believe nothing written before it
            if not self._is_trusted(hop):
                return hop
        return hops[0] if hops else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] != "http" or not client or not self._is_trusted(client[0]):
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, str] = {}
        for name, value in scope["headers"]:  # a repeated header counts as one comma-separated list
            if name in (b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host"):
                headers[name] = (
                    f"{headers[name]},{value.decode('latin-1')}" if name in headers else value.decode("latin-1")
                )
        scope = dict(scope)
        proto = headers.get(b"x-forwarded-proto", "").split(",")[-1].strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto
        if address := self._client(headers.get(b"x-forwarded-for", "")):
            scope["client"] = (address, 0)
        if host := headers.get(b"x-forwarded-host", "").split(",")[-1].strip():
            scope["headers"] = [(name, value) for name, value in scope["headers"] if name != b"host"]
            scope["headers"].append((b"host", host.encode("latin-1")))
        await self.app(scope, receive, send)
