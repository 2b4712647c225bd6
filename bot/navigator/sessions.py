"""Log-in sessions: a random token in a signed cookie, the session itself kept in the store.

The cookie holds `<token>.<signature>` (HMAC-SHA256 with a key derived from the gateway's
secret); the store keeps only the token's SHA-256, when the session began and was last
used, and its CSRF token. Log-out deletes the row, so a copied cookie stops working.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.navigation import Navigator, NavigatorSession

SESSION_COOKIE = "navigator_session"
COOKIE_PATH = "/navigator"


def cookie_key(secret: bytes) -> bytes:
    """The key that signs navigator cookies, derived from the gateway's secret."""
    return hmac.new(secret, b"navigator-cookie-key", hashlib.sha256).digest()


def sign(key: bytes, purpose: str, value: str) -> str:
    """`value.signature`, the signature bound to the purpose (a session cookie is no CSRF cookie)."""
    digest = hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return f"{value}.{base64.urlsafe_b64encode(digest).decode().rstrip('=')}"


def unsign(key: bytes, purpose: str, signed: str | None) -> str | None:
    """The value of a signed string, or None when it was not signed by us for this purpose."""
    if not signed or signed.count(".") != 1:
        return None
    value = signed.split(".")[0]
    return value if hmac.compare_digest(sign(key, purpose, value), signed) else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Login:
    """The navigator behind a request: their account, name, the session's CSRF token, the pages' language chosen."""

    navigator_id: int
    username: str
    csrf_token: str
    language: str | None = None


def start_session(session: Session, *, navigator: Navigator, now: dt.datetime) -> str:
    """A new session for the navigator; returns the token for the cookie (to be signed)."""
    token = secrets.token_urlsafe(32)
    session.add(
        NavigatorSession(
            token_hash=_hash(token),
            navigator_id=navigator.id,
            created_at=now,
            last_seen_at=now,
            csrf_token=secrets.token_urlsafe(32),
        )
    )
    return token


def resume_session(
    session: Session, *, token: str, now: dt.datetime, max_age: dt.timedelta, idle: dt.timedelta
) -> Login | None:
    """The login of a live session (and its last use moved to now), or None when it ended or never was."""
    row = session.execute(
        select(NavigatorSession, Navigator)
        .join(Navigator, Navigator.id == NavigatorSession.navigator_id)
        .where(NavigatorSession.token_hash == _hash(token))
    ).one_or_none()
    if row is None:
        return None
    live, navigator = row
    if live.created_at + max_age < now or live.last_seen_at + idle < now:
        session.delete(live)
        return None
    live.last_seen_at = now
    return Login(
        navigator_id=navigator.id, username=navigator.username, csrf_token=live.csrf_token, language=navigator.language
    )


def end_session(session: Session, *, token: str) -> None:
    """Forget the session (log-out)."""
    session.execute(delete(NavigatorSession).where(NavigatorSession.token_hash == _hash(token)))


def end_stale_sessions(session: Session, *, now: dt.datetime, max_age: dt.timedelta, idle: dt.timedelta) -> None:
    """Delete sessions that have expired, by age or by idleness."""
    session.execute(
        delete(NavigatorSession).where(
            (NavigatorSession.created_at < now - max_age) | (NavigatorSession.last_seen_at < now - idle)
        )
    )
