"""The navigator pages' settings: where the store and the conversations are, and the log-in limits."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.startup.settings import load_settings


@dataclass(frozen=True)
class NavigatorConfig:
    """Databases, the key's folder, cookie and log-in rules."""

    store_url: str
    tracker_url: str
    var_dir: Path
    secure_cookies: bool = False  # Secure cookies even on plain HTTP (set it behind a TLS proxy)
    session_hours: float = 8.0  # a log-in ends after this long, whatever happens
    idle_minutes: float = 30.0  # ... or after this long without a request
    max_failed_logins: int = 5  # this many wrong passwords in a row lock the account
    lockout_minutes: float = 15.0  # ... for this long


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def load_navigator_config() -> NavigatorConfig:
    """The configuration from the environment (DATABASE_URL, TRACKER_STORE_URL, VAR_DIR, NAVIGATOR_*)."""
    settings = load_settings()
    env = os.environ
    return NavigatorConfig(
        store_url=settings.store_url,
        tracker_url=settings.tracker_url,
        var_dir=settings.var_dir,
        secure_cookies=_flag(env.get("NAVIGATOR_SECURE_COOKIES")),
        session_hours=float(env.get("NAVIGATOR_SESSION_HOURS", "8")),
        idle_minutes=float(env.get("NAVIGATOR_IDLE_MINUTES", "30")),
    )
