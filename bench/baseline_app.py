"""The benchmark's baseline: a bare ASGI app answering every request with the same static 20 KB HTML page."""

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>Baseline</title></head><body>'
    + "<p>Signpost baseline page, the same bytes every time.</p>" * 330
    + "</body></html>"
).encode()[: 20 * 1024]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(PAGE)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": PAGE})
