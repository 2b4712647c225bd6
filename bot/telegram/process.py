"""Start the Telegram front end as a child process (for the launcher and the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.startup.processes import Server, _spawn
from bot.startup.settings import Settings
from bot.telegram.config import port_from_env, webhook_from_env


def start_telegram(settings: Settings, log: Path | None = None, extra_env: dict[str, str] | None = None) -> Server:
    """`python -m bot.telegram` against this Rasa server; needs TELEGRAM_BOT_TOKEN in the environment.

    Each chat goes to its own Rasa replica when there are several (RASA_URLS).
    Polling mode has no port, so nothing to poll for readiness (ready_url ""); webhook mode
    (TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET) is ready when its /healthz answers.
    """
    env = {
        "RASA_PORT": str(settings.rasa_port),
        "RASA_URLS": ",".join(settings.rasa_replicas),
        "RASA_API_TOKEN": settings.rasa_api_token,
        **(extra_env or {}),
    }
    merged = {**settings.process_env(), **env}
    ready = f"http://127.0.0.1:{port_from_env(merged)}/healthz" if webhook_from_env(merged) else ""
    return _spawn("telegram", [sys.executable, "-m", "bot.telegram"], settings, ready, log, env)
