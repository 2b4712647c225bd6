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
    patient.press(patient.last_buttons()[0])  # "Yes, for myself", in whatever words
    patient.press("1+")
    assert rasa.slots()["her2_ihc"] == "1+"
    said = patient.say("English")
    assert any("OK, I will use English from now on." in text for text in said)
    assert rasa.slots()["language"] == "en"
    assert rasa.slots()["her2_ihc"] == "1+"  # kept
    assert rasa.slots()["requested_slot"] not in (None, "her2_ihc")  # the same next question, asked again
    said = patient.say("HER2 1+")  # Latin words alone never switch back
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
