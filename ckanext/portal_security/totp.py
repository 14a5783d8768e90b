"""Time-based one-time passwords (RFC 6238) and recovery codes; no CKAN.

The codes are what every authenticator app (FreeOTP, Aegis, andOTP, the
apps of the big vendors) shows for an ``otpauth://`` key: HMAC-SHA1, six
digits, a new one every 30 seconds. A code is accepted in its own 30-second
step and the neighbouring ones (clock drift) and only once: the step of the
last accepted code is kept, earlier and equal steps are refused (replay).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

import segno

STEP = 30
DIGITS = 6
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def portal_security_new_secret() -> str:
    """A new random key (160 bits, base32 as authenticator apps take it)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _hotp(secret: str, counter: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def portal_security_totp(secret: str, at: float | None = None) -> str:
    """The code of ``secret`` at time ``at`` (default: now)."""
    return _hotp(secret, int((time.time() if at is None else at) // STEP))


def portal_security_totp_step(
    secret: str,
    code: str,
    *,
    last_step: int | None = None,
    at: float | None = None,
    window: int = 1,
) -> int | None:
    """The time step ``code`` belongs to, if it is valid and new.

    :param code: what the person typed (spaces are ignored)
    :param last_step: the step of the last accepted code (replay guard)
    :param window: neighbouring steps accepted on either side
    :returns: the step to remember as ``last_step``, or ``None``
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = int((time.time() if at is None else at) // STEP)
    for step in range(now - window, now + window + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(_hotp(secret, step), code):
            return step
    return None


def portal_security_otpauth_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/…`` URI an authenticator app reads from the QR code."""
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "digits": DIGITS})
    return f"otpauth://totp/{label}?{query}"


def portal_security_qr_svg(uri: str, title: str) -> str:
    """The QR code of ``uri`` as inline SVG, drawn here (no service asked).

    :param title: the accessible name of the image
    """
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=2, title=title, svgclass="portal-security-qr"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def portal_security_recovery_codes(count: int = 10) -> list[str]:
    """Fresh one-time recovery codes such as ``k7mq-x3tp-9hrw``."""
    return [
        "-".join(
            "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(4))
            for _ in range(3)
        )
        for _ in range(count)
    ]


def portal_security_code_hash(code: str) -> str:
    """How a recovery code is stored (SHA-256 of its normalised form: the
    codes are random, 60 bits each, so a plain hash suffices)."""
    normal = "".join(c for c in code.lower() if c.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()
