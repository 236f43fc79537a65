"""Counts views of public pages: the path without its language prefix, the language and the day. Nothing about
the visitor (no cookie, address or browser) is looked at or kept."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n.negotiate import split_prefix


class PageViewMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        locale, rest = split_prefix(scope["path"])
        if locale is None:
            await self.app(scope, receive, send)
            return

        async def count(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = dict(message.get("headers") or [])
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html or message["status"] == 304:  # a 304 is a page the browser already had: still a view
                    scope["app"].state.page_views.add(rest or "/", locale.code)
            await send(message)

        await self.app(scope, receive, count)
