"""Issue 15 on Telegram, end to end (real Rasa behind the fake Bot API): the user's language_code starts
the chat in Chinese, /start names both languages, and "English" / "中文" switch at any time keeping answers."""

from __future__ import annotations

import pytest

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.telegram.rasa_client import sender_id
from bot.telegram.texts import load_all
from tests.e2e.chat import Patient
from tests.telegram.conftest import new_chat_id
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.patient import TelegramPatient

pytestmark = pytest.mark.e2e

TEXTS = load_all()


def patient_in(fake: FakeBotApi, language_code: str | None) -> TelegramPatient:
    chat_id = new_chat_id()
    if language_code:
        fake.language_codes[chat_id] = language_code
    return TelegramPatient(fake, chat_id)


def test_a_chinese_telegram_user_starts_in_chinese_and_can_switch(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi
) -> None:
    patient = patient_in(fake_api, "zh-hans")
    rasa = Patient(settings, sender=sender_id(patient.chat_id))
    said = patient.say("/start")
    assert rasa.slots()["language"] == "zh"
    assert said[-1] == TEXTS.get("zh", TEXTS["en"]).languages  # both languages, and how to switch
    said = patient.say("English")
    assert said[0] == 'OK, I will use English from now on. Your answers so far are kept. To use Chinese, send "中文".'
    assert "automated assistant" in " ".join(said)  # the welcome again, in English
    assert rasa.slots()["language"] == "en" and rasa.slots()["phase"] == "consent"


def test_a_switch_mid_questions_keeps_the_answers_and_asks_the_same_question(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi
) -> None:
    patient = patient_in(fake_api, "en-US")
    rasa = Patient(settings, sender=sender_id(patient.chat_id))
    patient.say("/start")
    patient.press("Yes, for myself")
    patient.press("1+")
    asked = rasa.slots()["requested_slot"]
    assert rasa.slots()["her2_ihc"] == "1+" and asked not in (None, "her2_ihc")
    said = patient.say("说中文")
    assert said[0].startswith("好的，接下来我用中文和您交流。")
    assert rasa.slots()["language"] == "zh"
    assert rasa.slots()["her2_ihc"] == "1+" and rasa.slots()["requested_slot"] == asked  # kept, asked again
    said = patient.say("switch to English")
    assert said[0].startswith("OK, I will use English from now on.")
    assert any("Question 2 of" in text for text in said)  # the same question, not the first
    assert rasa.slots()["her2_ihc"] == "1+" and rasa.slots()["requested_slot"] == asked
    patient.say("HER2 1+")  # Latin words never switch by themselves
    assert rasa.slots()["language"] == "en"


def test_a_user_without_a_language_who_writes_chinese_is_answered_in_chinese(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi
) -> None:
    patient = patient_in(fake_api, None)
    rasa = Patient(settings, sender=sender_id(patient.chat_id))
    patient.say("/start")
    assert rasa.slots()["language"] == "en"
    said = patient.say("中文")
    assert any("好的，接下来我用中文和您交流。" in text for text in said)
    assert rasa.slots()["language"] == "zh"
    assert rasa.slots()["phase"] == "consent"  # nothing else changed: the welcome and the consent again
