"""Fixtures for the Telegram tests: a fake Bot API server and the Telegram process against it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.store.crypto import Cipher, load_cipher, log_tag
from bot.telegram import logs
from bot.telegram.process import start_telegram
from bot.telegram.rasa_client import sender_id
from tests.running import ready
from tests.telegram.fake_bot_api import FakeBotApi, running_fake

TOKEN = "123456789:AAfake-token-for-the-tests_0123456789"
# The store key the in-process tests tag chats with (the Telegram processes get their own).
DATA_KEY = b"ZmFrZS1rZXktZm9yLXRoZS10ZWxlZ3JhbS10ZXN0cyE="
_chat_ids = itertools.count(555000001)


@pytest.fixture(autouse=True)
def data_key(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Cipher]:
    """A known SCREENING_DATA_KEY for the chat tags logged in this process (no development key file).

    Not for the end-to-end tests: their Telegram process keeps the key it was started with (logged_tag).
    """
    if request.node.get_closest_marker("e2e") is None:
        monkeypatch.setenv("SCREENING_DATA_KEY", DATA_KEY.decode("ascii"))
    logs._cipher.cache_clear()
    yield Cipher(DATA_KEY)
    logs._cipher.cache_clear()


def logged_tag(settings: Settings, chat_id: int) -> str:
    """The tag a Telegram process started with these settings logs for the chat (never the chat id)."""
    return log_tag(load_cipher(settings.var_dir), sender_id(chat_id))


def new_chat_id() -> int:
    """A chat id no other test uses."""
    return next(_chat_ids)


def start_bot(settings: Settings, fake: FakeBotApi, log: Path, env: dict[str, str] | None = None) -> Server:
    """The Telegram process against the fake Bot API (polling unless `env` sets up a webhook)."""
    base = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "TELEGRAM_WEBHOOK_URL": "",
        "TELEGRAM_WEBHOOK_SECRET": "",
        "LOG_LEVEL": "INFO",
    }
    return ready(start_telegram(settings, log, {**base, **(env or {})}))


def log_text(path: Path) -> str:
    """The process's log so far."""
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    """A fake Bot API server for this module."""
    yield from running_fake(TOKEN)


@pytest.fixture(scope="module")
def bot_log(settings: Settings, request: pytest.FixtureRequest) -> Path:
    """The log file of this module's Telegram process."""
    return settings.var_dir / f"telegram-{request.module.__name__.rsplit('.', 1)[-1]}.log"


@pytest.fixture(scope="module")
def polling_bot(
    settings: Settings, servers: dict[str, Server], fake_api: FakeBotApi, bot_log: Path
) -> Iterator[Server]:
    """The Telegram process, long polling the fake, with the real Rasa behind it."""
    server = start_bot(settings, fake_api, bot_log)
    try:
        fake_api.wait_for(lambda: bool(fake_api.calls_of("getUpdates")), timeout=60)
        yield server
    finally:
        server.stop()
