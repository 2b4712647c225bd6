"""The Telegram settings from the environment: what runs, what is refused with a clear reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.startup.settings import Settings
from bot.telegram.config import DEFAULT_API_BASE_URL, ConfigError, Webhook, load_config
from bot.telegram.process import start_telegram

TOKEN = "123:abc"


@pytest.fixture(autouse=True)
def rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_PORT", "5999")
    monkeypatch.setenv("RASA_API_TOKEN", "t")  # so no development token is generated


def test_polling_defaults() -> None:
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert config.webhook is None and config.port == 8081
    assert config.bot_api_url == f"{DEFAULT_API_BASE_URL}/bot"
    assert config.file_api_url == f"{DEFAULT_API_BASE_URL}/file/bot"
    assert config.rasa_urls == ("http://127.0.0.1:5999",)


def test_replicas_each_chat_to_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URLS", "http://127.0.0.1:5999, http://127.0.0.1:6000/")
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert config.rasa_urls == ("http://127.0.0.1:5999", "http://127.0.0.1:6000")


def test_another_bot_api_server() -> None:
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9000/"})
    assert config.bot_api_url == "http://127.0.0.1:9000/bot"
    assert config.file_api_url == "http://127.0.0.1:9000/file/bot"


def test_webhook_mode() -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": "abc_DEF-123",
        "TELEGRAM_PORT": "9100",
    }
    config = load_config(env)
    assert config.webhook == Webhook("https://bot.example.org/telegram/webhook", "abc_DEF-123")
    assert config.port == 9100


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),  # no token
        ({"TELEGRAM_BOT_TOKEN": "  "}, "TELEGRAM_BOT_TOKEN"),  # blank token
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://x.org/t"}, "both"),  # no secret
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "abc"}, "both"),  # no URL
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "http://x.org/t", "TELEGRAM_WEBHOOK_SECRET": "a"},
         "https"),  # Telegram calls only HTTPS
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://x.org/t", "TELEGRAM_WEBHOOK_SECRET": "a b"},
         "letters"),  # a character Telegram refuses
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://x.org/t",
          "TELEGRAM_WEBHOOK_SECRET": "a" * 257}, "1-256"),  # too long
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_PORT": "http"}, "TELEGRAM_PORT"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_PORT": "70000"}, "TELEGRAM_PORT"),
    ],
)  # fmt: skip
def test_refused(env: dict[str, str], reason: str) -> None:
    with pytest.raises(ConfigError, match=reason):
        load_config(env)


def test_start_telegram_waits_for_healthz_only_in_webhook_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spawned: list[tuple[Any, ...]] = []

    def spawn(*args: Any) -> None:
        spawned.append(args)

    monkeypatch.setattr("bot.telegram.process._spawn", spawn)
    settings = Settings(5005, 5055, 8000, "127.0.0.1", tmp_path, tmp_path / "t.db", tmp_path, "tok")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    start_telegram(settings, None, {"TELEGRAM_BOT_TOKEN": TOKEN})
    webhook = {"TELEGRAM_WEBHOOK_URL": "https://x.org/t", "TELEGRAM_WEBHOOK_SECRET": "s", "TELEGRAM_PORT": "9101"}
    start_telegram(settings, None, {"TELEGRAM_BOT_TOKEN": TOKEN, **webhook})
    (name, command, _, polling_ready, _, polling_env), (*_, webhook_ready, _, _) = spawned
    assert name == "telegram" and command[-2:] == ["-m", "bot.telegram"]
    assert polling_ready == "" and webhook_ready == "http://127.0.0.1:9101/healthz"
    assert polling_env["RASA_PORT"] == "5005" and polling_env["TELEGRAM_BOT_TOKEN"] == TOKEN
