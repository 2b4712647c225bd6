"""The Telegram process's settings, read from the environment.

TELEGRAM_BOT_TOKEN       the bot's token (required to run)
TELEGRAM_API_BASE_URL    the Bot API server (default https://api.telegram.org; tests use a fake)
TELEGRAM_WEBHOOK_URL     public URL Telegram posts updates to (the gateway's /telegram/webhook);
TELEGRAM_WEBHOOK_SECRET  with the URL, turns on webhook mode: Telegram sends it in a header
TELEGRAM_PORT            internal port of the webhook listener on 127.0.0.1 (default 8081)
RASA_PORT, RASA_URLS     the Rasa server, or its replicas: each chat goes to its own (bot/startup/replicas.py)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_BASE_URL = "https://api.telegram.org"
DEFAULT_PORT = 8081
# Telegram accepts 1-256 characters: letters, digits, "_" and "-" (Bot API, setWebhook).
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(ValueError):
    """The environment does not describe a Telegram process that can run."""


@dataclass(frozen=True)
class Webhook:
    """Webhook mode: the public URL Telegram calls and the secret it sends back."""

    url: str
    secret: str


@dataclass(frozen=True)
class TelegramConfig:
    """Everything the Telegram process needs to start."""

    token: str
    api_base_url: str
    rasa_urls: tuple[str, ...]
    port: int
    webhook: Webhook | None = None
    language: str = "en"

    @property
    def bot_api_url(self) -> str:
        """Base URL of the Bot API methods (the token is appended by python-telegram-bot)."""
        return f"{self.api_base_url}/bot"

    @property
    def file_api_url(self) -> str:
        """Base URL of file downloads (the token is appended by python-telegram-bot)."""
        return f"{self.api_base_url}/file/bot"


def webhook_from_env(env: Mapping[str, str]) -> Webhook | None:
    """Webhook settings when both TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET are set, else None."""
    url = env.get("TELEGRAM_WEBHOOK_URL", "").strip()
    secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not url and not secret:
        return None
    if not (url and secret):
        raise ConfigError("set both TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET for webhook mode, or neither")
    if not url.startswith("https://"):
        raise ConfigError("TELEGRAM_WEBHOOK_URL must be an https:// URL (Telegram calls only HTTPS webhooks)")
    if not SECRET_PATTERN.fullmatch(secret):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters: letters, digits, '_' or '-'")
    return Webhook(url=url, secret=secret)


def port_from_env(env: Mapping[str, str]) -> int:
    """TELEGRAM_PORT, the internal webhook listener's port (default 8081)."""
    raw = env.get("TELEGRAM_PORT", "").strip() or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError("TELEGRAM_PORT must be a TCP port number")
    return int(raw)


def load_config(env: Mapping[str, str] | None = None) -> TelegramConfig:
    """Read the Telegram settings (and the Rasa URLs) from the environment."""
    from bot.startup.settings import load_settings

    env = os.environ if env is None else env
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and set its token")
    webhook, port = webhook_from_env(env), port_from_env(env)  # refuse a bad setting before anything else
    return TelegramConfig(
        token=token,
        api_base_url=(env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL).rstrip("/"),
        rasa_urls=load_settings().rasa_urls,
        port=port,
        webhook=webhook,
    )
