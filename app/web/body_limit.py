"""A limit on the size of every request body, counted as the bytes arrive (a chunked body has no length to check
beforehand), so that nothing larger than a form or an upload can fill memory or the disk.

Public forms are small (``SIGNPOST_PUBLIC_FORM_MAX_KILOBYTES``); staff pages take uploads
(``SIGNPOST_STAFF_UPLOAD_MAX_MEGABYTES``). Past the limit the request is answered with a friendly 413 page, in the
reader's language, by the app's error pages."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STAFF_PREFIX = "/staff/"


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"The request body is larger than {limit} bytes.")
        self.limit = limit


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, public: int, staff: int) -> None:
        self.app = app
        self.public = public
        self.staff = staff

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.staff if scope["path"].startswith(STAFF_PREFIX) else self.public
        declared = next((value for name, value in scope["headers"] if name == b"content-length"), b"")
        too_large = declared.isdigit() and int(declared) > limit
        received = 0

        async def counted() -> Message:
            nonlocal received
            if too_large:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
