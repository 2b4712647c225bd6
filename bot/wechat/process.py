"""Start the WeChat front end as a child process (for the launcher and the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.startup.processes import Server, _spawn
from bot.startup.settings import Settings
from bot.wechat.config import port_from_env


def start_wechat(settings: Settings, log: Path | None = None, extra_env: dict[str, str] | None = None) -> Server:
    """`python -m bot.wechat` against this Rasa server (ready when its /healthz answers).

    Needs WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN in the environment (or `extra_env`).
    """
    env = {
        "RASA_PORT": str(settings.rasa_port),
        "RASA_URLS": ",".join(settings.rasa_replicas),
        "RASA_API_TOKEN": settings.rasa_api_token,
        **(extra_env or {}),
    }
    ready = f"http://127.0.0.1:{port_from_env({**settings.process_env(), **env})}/healthz"
    return _spawn("wechat", [sys.executable, "-m", "bot.wechat"], settings, ready, log, env)
