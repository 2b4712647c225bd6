"""CSRF tokens: every form carries one, and a POST without the right one is refused.

A logged-in navigator's forms carry their session's token (kept in the store). The log-in
form, before there is a session, carries a random token that must match a signed cookie
set with the form (the double-submit pattern).
"""

from __future__ import annotations

import hmac
import secrets

from bot.navigator.sessions import sign, unsign

FIELD = "csrf"
LOGIN_COOKIE = "navigator_login_csrf"
LOGIN_PURPOSE = "login-csrf"


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Whether the form's token is the expected one (constant time; missing tokens never match)."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def new_login_token(key: bytes) -> tuple[str, str]:
    """A token for the log-in form and the signed cookie value that goes with it."""
    token = secrets.token_urlsafe(24)
    return token, sign(key, LOGIN_PURPOSE, token)


def login_token_of(key: bytes, cookie: str | None) -> str | None:
    """The token the log-in cookie vouches for, if it is ours."""
    return unsign(key, LOGIN_PURPOSE, cookie)
