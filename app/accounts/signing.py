"""HMAC signatures for cookie values, keyed by the app's secret key."""

import hashlib
import hmac


def sign(secret: str, value: str, *, purpose: str) -> str:
    mac = hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsign(secret: str, signed: str | None, *, purpose: str) -> str | None:
    """The value inside a signed string, or None when it is missing or was tampered with."""
    if not signed or "." not in signed or len(signed) > 200:
        return None
    value = signed.rsplit(".", 1)[0]
    return value if hmac.compare_digest(sign(secret, value, purpose=purpose), signed) else None


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
