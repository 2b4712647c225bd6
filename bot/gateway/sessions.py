"""Web sessions the gateway issues: a random token signed with the gateway's secret.

The widget keeps `<token>.<signature>` in localStorage. Only sessions the gateway
issued are accepted, so a browser can never name another channel's sender id
(a Telegram chat, say); the Rasa sender id is `web:<token>`. The token starts with the
time it was issued (8 hex digits of Unix seconds), so that a gateway started again can
tell a patient who was already chatting before it started (bot/gateway/admission.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def _signature(secret: bytes, token: str) -> str:
    digest = hmac.new(secret, b"web-session:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


_ISSUED = re.compile(r"^([0-9a-f]{8})[A-Za-z0-9_-]{24}$")


def new_session(secret: bytes, clock: Callable[[], float] = time.time) -> str:
    """A new session string for the widget: the time it was issued, then 18 random bytes."""
    token = f"{int(clock()):08x}{secrets.token_urlsafe(18)}"
    return f"{token}.{_signature(secret, token)}"


def issued_at(session: str) -> float | None:
    """When a session string was issued (Unix seconds), or None for a session from before times were kept."""
    match = _ISSUED.match(session.partition(".")[0])
    return float(int(match.group(1), 16)) if match else None


def sender_of(secret: bytes, session: object) -> str | None:
    """The Rasa sender id of a session string, or None when the gateway did not issue it."""
    if not isinstance(session, str) or session.count(".") != 1:
        return None
    token, signature = session.split(".")
    if not _TOKEN.match(token) or not hmac.compare_digest(signature, _signature(secret, token)):
        return None
    return f"web:{token}"
