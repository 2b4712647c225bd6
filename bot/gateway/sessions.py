"""Web sessions the gateway issues: a random token signed with the gateway's secret.

The widget keeps `<token>.<signature>` in localStorage. Only sessions the gateway
issued are accepted, so a browser can never name another channel's sender id
(a Telegram chat, say); the Rasa sender id is `web:<token>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def _signature(secret: bytes, token: str) -> str:
    digest = hmac.new(secret, b"web-session:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def new_session(secret: bytes) -> str:
    """A new session string for the widget."""
    token = secrets.token_urlsafe(18)
    return f"{token}.{_signature(secret, token)}"


def sender_of(secret: bytes, session: object) -> str | None:
    """The Rasa sender id of a session string, or None when the gateway did not issue it."""
    if not isinstance(session, str) or session.count(".") != 1:
        return None
    token, signature = session.split(".")
    if not _TOKEN.match(token) or not hmac.compare_digest(signature, _signature(secret, token)):
        return None
    return f"web:{token}"
