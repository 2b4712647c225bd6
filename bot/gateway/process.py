"""Start the gateway as a child process (for the launcher and the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.startup.processes import Server, _spawn
from bot.startup.settings import Settings


def start_gateway(settings: Settings, log: Path | None = None, extra_env: dict[str, str] | None = None) -> Server:
    """`python -m bot.gateway` on the gateway port; ready when /livez answers."""
    ready = f"http://127.0.0.1:{settings.gateway_port}/livez"
    env = {
        "GATEWAY_PORT": str(settings.gateway_port),
        "RASA_PORT": str(settings.rasa_port),
        "RASA_URLS": ",".join(settings.rasa_replicas),
        "RASA_API_TOKEN": settings.rasa_api_token,
    }
    return _spawn("gateway", [sys.executable, "-m", "bot.gateway"], settings, ready, log, {**env, **(extra_env or {})})
