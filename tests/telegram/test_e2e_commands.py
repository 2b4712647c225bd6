"""Commands, old buttons and non-text messages on Telegram, end to end (real Rasa behind the fake Bot API)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.telegram.rasa_client import sender_id
from bot.telegram.texts import load_texts
from tests.e2e.chat import Patient
from tests.telegram.conftest import log_text, new_chat_id
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.patient import TelegramPatient

pytestmark = pytest.mark.e2e

TEXTS = load_texts()


def started(fake: FakeBotApi) -> TelegramPatient:
    """A patient at Question 2 (HER2 answered 1+)."""
    patient = TelegramPatient(fake, new_chat_id())
    patient.say("/start")
    patient.press("Yes, for myself")
    patient.press("1+")
    assert "Question 2 of 12" in patient.last_texts[-1]
    return patient


def test_help_is_local_and_names_the_commands(polling_bot: Server, fake_api: FakeBotApi) -> None:
    patient = TelegramPatient(fake_api, new_chat_id())
    assert patient.say("/help") == [TEXTS.help]
    for words in ("automated assistant", "/start", "/restart", "/delete", "emergency"):
        assert words in TEXTS.help
    assert patient.say("/nonsense") == [TEXTS.help]  # an unknown command gets the help too
    assert not patient.calls("sendChatAction")  # Rasa was not asked


def test_restart_clears_the_answers(settings: Settings, polling_bot: Server, fake_api: FakeBotApi) -> None:
    patient = started(fake_api)
    rasa = Patient(settings, sender=sender_id(patient.chat_id))
    assert rasa.slots()["her2_ihc"] == "1+"
    patient.say("/restart")
    assert "let's start over" in patient.all_text
    assert rasa.slots()["her2_ihc"] is None


def test_delete_asks_then_erases(settings: Settings, polling_bot: Server, fake_api: FakeBotApi) -> None:
    patient = started(fake_api)
    patient.say("/delete")
    assert "delete everything you told me" in patient.all_text
    assert patient.last_buttons() == ["Yes, delete everything", "No, keep it"]
    patient.press("Yes, delete everything")
    assert "I have deleted your answers" in patient.all_text
    assert Patient(settings, sender=sender_id(patient.chat_id)).slots()["her2_ihc"] is None


def test_a_button_of_an_older_message_answers_nothing(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi
) -> None:
    patient = started(fake_api)
    question_one = next(m for m in patient.bot_messages() if "Question 1 of 12" in m["text"])
    # The same press again, on the message as it was before (an old client still showing the keyboard).
    old = {**question_one, "reply_markup": {"inline_keyboard": [[{"text": "0 (zero)", "callback_data": "stale"}]]}}
    for data in ('/answer{"choice": "0"}', "b:3", "anything"):
        assert patient.press_data(old, data) == [TEXTS.older_button]  # and nothing else
        removed = [c for c in patient.turns[-1] if c.method == "editMessageReplyMarkup"]
        assert [int(c.params["message_id"]) for c in removed] == [question_one["message_id"]]
    answered = {c.params["callback_query_id"] for c in fake_api.calls_of("answerCallbackQuery")}
    assert set(patient.callback_ids) <= answered
    assert Patient(settings, sender=sender_id(patient.chat_id)).slots()["her2_ihc"] == "1+"  # unchanged


def test_a_pressed_keyboard_cannot_be_pressed_twice(polling_bot: Server, fake_api: FakeBotApi) -> None:
    patient = TelegramPatient(fake_api, new_chat_id())
    patient.say("/start")
    consent, data = patient.keyboard_message("Yes, for myself")
    patient.press("Yes, for myself")
    assert "Question 1 of 12" in patient.all_text
    assert patient.press_data(consent, data) == [TEXTS.older_button]  # a second tap on the same button


def test_something_other_than_text(polling_bot: Server, fake_api: FakeBotApi, bot_log: Path) -> None:
    patient = TelegramPatient(fake_api, new_chat_id())
    assert patient.send_location() == [TEXTS.text_only]
    assert "31.2" not in log_text(bot_log)
