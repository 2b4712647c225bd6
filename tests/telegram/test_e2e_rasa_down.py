"""Rasa cannot be reached: the patient gets a kind message, never an error's text; the bot keeps running."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.startup.processes import Server, free_port
from bot.startup.settings import Settings
from bot.telegram.texts import load_texts
from tests.telegram.conftest import TOKEN, log_text, logged_tag, new_chat_id, start_bot
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.patient import TelegramPatient

pytestmark = pytest.mark.e2e

TEXTS = load_texts()


@pytest.fixture(scope="module")
def bot_without_rasa(settings: Settings, fake_api: FakeBotApi, bot_log: Path) -> Iterator[Server]:
    """A Telegram process whose Rasa port is closed."""
    nowhere = dataclasses.replace(settings, rasa_port=free_port())
    server = start_bot(nowhere, fake_api, bot_log)
    try:
        fake_api.wait_for(lambda: bool(fake_api.calls_of("getUpdates")), timeout=60)
        yield server
    finally:
        server.stop()


def test_patient_is_told_to_try_later(
    settings: Settings, bot_without_rasa: Server, fake_api: FakeBotApi, bot_log: Path
) -> None:
    patient = TelegramPatient(fake_api, new_chat_id())
    assert patient.say("/start") == [TEXTS.unavailable]
    assert patient.say("my HER2 was 2+ but FISH negative") == [TEXTS.unavailable]
    assert patient.say("/help") == [TEXTS.help]  # what needs no Rasa still works
    assert len(patient.calls("sendChatAction")) >= 2
    assert bot_without_rasa.process.poll() is None  # still running
    log = log_text(bot_log)
    assert f"chat {logged_tag(settings, patient.chat_id)}" in log and "Rasa unavailable" in log
    assert str(patient.chat_id) not in log
    assert "Traceback" not in log and "FISH negative" not in log and TOKEN not in log
    for text in patient.all_text.splitlines():
        assert "Error" not in text and "Traceback" not in text and "127.0.0.1" not in text
