"""Navigator accounts: scrypt password hashes, log-in checks, and the lock-out after repeated failures."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.navigation import Navigator

# scrypt (memory-hard): N=2^15, r=8 needs 32 MiB per hash and about 0.1 s here.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2**15, 8, 1, 32
MAX_MEMORY = 64 * 1024 * 1024
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


class AccountError(ValueError):
    """A username or password that cannot be used (the message says why)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=KEY_BYTES)


def hash_password(password: str) -> str:
    """The password's scrypt hash with its parameters and a random salt: `scrypt$N$r$p$salt$key`."""
    salt = os.urandom(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches the stored hash (compared in constant time)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = _scrypt(password[:MAX_PASSWORD], base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(key))


# Checked when the username is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def check_new_password(password: str) -> None:
    """Refuse passwords that are too short or too long (AccountError)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password must have at most {MAX_PASSWORD} characters")


def navigator_named(session: Session, username: str) -> Navigator | None:
    """The account with this username, if any."""
    return session.execute(select(Navigator).where(Navigator.username == username)).scalar_one_or_none()


def create_navigator(session: Session, *, username: str, password: str) -> Navigator:
    """A new account (AccountError when the name is taken or malformed, or the password too short)."""
    if not USERNAME.match(username):
        raise AccountError("the username must be 2 to 64 lower-case letters, digits, dots, dashes or underscores")
    check_new_password(password)
    if navigator_named(session, username) is not None:
        raise AccountError(f"there is already a navigator called {username!r}")
    navigator = Navigator(username=username, password_hash=hash_password(password), failed_logins=0)
    session.add(navigator)
    session.flush()
    return navigator


def set_password(session: Session, *, username: str, password: str) -> Navigator:
    """A new password for an account; it also lifts a lock-out."""
    navigator = navigator_named(session, username)
    if navigator is None:
        raise AccountError(f"there is no navigator called {username!r}")
    check_new_password(password)
    navigator.password_hash = hash_password(password)
    navigator.failed_logins = 0
    navigator.locked_until = None
    return navigator


@dataclass(frozen=True)
class LoginCheck:
    """The result of a log-in attempt: the account when it succeeded, and what happened."""

    navigator: Navigator | None
    outcome: str  # ok | wrong | locked (already locked) | now_locked (this failure locked it)
    known: bool = True  # whether the username belongs to an account


def check_login(
    session: Session,
    *,
    username: str,
    password: str,
    now: dt.datetime,
    max_failures: int,
    lockout: dt.timedelta,
) -> LoginCheck:
    """Check a username and password, counting failures and locking the account after `max_failures`."""
    navigator = navigator_named(session, username)
    if navigator is None:
        verify_password(password, _DUMMY_HASH)
        return LoginCheck(None, "wrong", known=False)
    if navigator.locked_until is not None and navigator.locked_until > now:
        return LoginCheck(None, "locked")
    if not verify_password(password, navigator.password_hash):
        navigator.failed_logins = (navigator.failed_logins or 0) + 1
        if navigator.failed_logins >= max_failures:
            navigator.failed_logins = 0
            navigator.locked_until = now + lockout
            return LoginCheck(None, "now_locked")
        return LoginCheck(None, "wrong")
    navigator.failed_logins = 0
    navigator.locked_until = None
    navigator.last_login_at = now
    return LoginCheck(navigator, "ok")
