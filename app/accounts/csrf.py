"""CSRF protection: every POST, PUT, PATCH or DELETE under a protected router must carry the synchronizer token.

Signed-in staff get the token stored with their session. The sign-in form, used before there is a session, gets a
token derived from a random, signed ``signpost_login`` cookie, so a third-party page cannot sign someone in either.
"""

import base64
import binascii
import hmac
import secrets

from fastapi import HTTPException, Request, Response

from app.accounts.signing import sign, unsign

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
LOGIN_COOKIE = "signpost_login"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def masked(token: str) -> str:
    """The token as a page carries it: XORed with a fresh random pad and sent with the pad, so the bytes differ on
    every response and a compressed page cannot leak the token by its length (BREACH)."""
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(pad + bytes(a ^ b for a, b in zip(pad, raw, strict=True))).decode()


def unmasked(value: str) -> str | None:
    """The token inside a masked value, or None when the value is not one."""
    try:
        data = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, binascii.Error):
        return None
    half = len(data) // 2
    if not half or len(data) % 2:
        return None
    return bytes(a ^ b for a, b in zip(data[:half], data[half:], strict=True)).decode("latin-1")


def _secret(request: Request) -> str:
    return request.app.state.settings.secret_key.get_secret_value()


def login_token(request: Request) -> str:
    """The sign-in form's token, setting the cookie it is derived from when there is none yet."""
    nonce = unsign(_secret(request), request.cookies.get(LOGIN_COOKIE), purpose="login-nonce")
    if nonce is None:
        nonce = secrets.token_urlsafe(16)
        request.state.new_login_cookie = sign(_secret(request), nonce, purpose="login-nonce")
    return sign(_secret(request), nonce, purpose="login-csrf").rsplit(".", 1)[1]


def set_login_cookie(request: Request, response: Response) -> None:
    cookie = getattr(request.state, "new_login_cookie", None)
    if cookie:
        response.set_cookie(
            LOGIN_COOKIE, cookie, httponly=True, samesite="lax", path="/staff", secure=request.url.scheme == "https"
        )


def expected_token(request: Request) -> str | None:
    staff = getattr(request.state, "staff", None)
    if staff is not None:
        return staff[0].csrf_token
    nonce = unsign(_secret(request), request.cookies.get(LOGIN_COOKIE), purpose="login-nonce")
    return sign(_secret(request), nonce, purpose="login-csrf").rsplit(".", 1)[1] if nonce else None


async def protect(request: Request) -> None:
    """Router dependency: refuse unsafe requests without the right token. Without a session or sign-in cookie there
    is no token to match, so such a request is refused before its body is read (an upload costs us nothing)."""
    if request.method in SAFE_METHODS:
        return
    expected = expected_token(request)
    submitted = request.headers.get(HEADER)
    if submitted is None and expected:
        form = await request.form()
        value = form.get(FIELD)
        submitted = value if isinstance(value, str) else None
    token = unmasked(submitted) if submitted else None
    if not token or not expected or not hmac.compare_digest(token.encode("latin-1"), expected.encode()):
        raise HTTPException(
            status_code=403,
            detail=("This form has expired or did not come from this site. Go back, reload the page and try again."),
        )
