"""Fixtures for the Telegram tests: a fake Bot API server and the Telegram process against it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.telegram.process import start_telegram
from tests.telegram.fake_bot_api import FakeBotApi, running_fake

TOKEN = "123456789:AAfake-token-for-the-tests_0123456789"
_chat_ids = itertools.count(555000001)


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
    server = start_telegram(settings, log, {**base, **(env or {})})
    try:
        server.wait_ready(timeout=60)
    except BaseException:
        server.stop()
        raise
    return server


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
