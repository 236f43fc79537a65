"""Security headers on every response (a Content-Security-Policy without inline script, and friends), and the
same-origin check for public forms."""

from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
HSTS = "max-age=31536000; includeSubDomains"
PRIVATE_PREFIX = "/staff/"  # staff pages carry CSRF tokens and unpublished work: never stored by any cache


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        private = scope["path"].startswith(PRIVATE_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _same_origin(request: Request) -> None:
    """Public forms have no session to bind a token to, so a POST from another site is refused by its Origin (or
    Referer) header instead. Browsers send one on every cross-site form post."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if not sent:
        return
    parts = urlsplit(sent)
    if (parts.scheme, parts.netloc) != (request.url.scheme, request.url.netloc):
        raise HTTPException(status_code=403, detail="This form did not come from this site.")


same_origin = Depends(_same_origin)
