"""Issue 15 on Telegram, end to end (real Rasa behind the fake Bot API): the user's language_code starts
the chat in Chinese, /start names both languages, "English" / "中文" switch at any time keeping answers,
and a Chinese user goes from /start to a referral number without an English sentence."""

from __future__ import annotations

import pytest

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.telegram.rasa_client import sender_id
from bot.telegram.texts import load_all
from tests.e2e import chinese_referral as journey
from tests.e2e.chat import Patient
from tests.languages.english import leftovers
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


def started(settings: Settings, fake: FakeBotApi, language_code: str) -> tuple[TelegramPatient, Patient]:
    """A user with this language_code after /start, and the same chat as Rasa's tracker holds it."""
    patient = patient_in(fake, language_code)
    patient.say("/start")
    return patient, Patient(settings, sender=sender_id(patient.chat_id))


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


def test_a_chinese_telegram_user_reaches_a_referral_number_without_english(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi
) -> None:
    patient, rasa = started(settings, fake_api, "zh-hans")
    assert all(words in patient.all_text for words in journey.GREETING), patient.all_text
    assert patient.last_buttons() == journey.CONSENT
    patient.press(journey.CONSENT[0])
    answered: list[tuple[str, str]] = []
    for _ in range(len(journey.ANSWERS) + 2):  # each question once; bounded
        if journey.SUMMARY in patient.all_text:
            break
        question = str(rasa.slots()["requested_slot"])
        how, words = journey.ANSWERS[question]
        if how == "press":
            patient.press(journey.button_title(question, words))
        else:
            patient.say(words)
        answered.append((question, how))
    assert [q for q, _ in answered] == list(journey.ANSWERS), answered
    assert {how for _, how in answered} == {"press", "type"}
    assert patient.last_buttons() == journey.SUMMARY_BUTTONS
    patient.press(journey.SUMMARY_BUTTONS[0])
    assert journey.LIKELY in patient.all_text and patient.last_buttons() == journey.CONTACT_OFFER
    patient.press(journey.CONTACT_OFFER[0])
    patient.say(journey.NAME)
    patient.say(journey.PHONE)
    patient.press(journey.TIME)
    assert journey.NAME in patient.last_texts[-1] and journey.PHONE in patient.last_texts[-1]  # the read-back
    assert patient.last_buttons() == journey.READ_BACK_BUTTONS
    patient.press(journey.READ_BACK_BUTTONS[0])
    found = journey.REFERRAL_NUMBER.search(patient.last_texts[-1])
    assert found and rasa.slots()["referral_number"] == found.group(1)
    # Nothing the bot sent was English: every message as it stands now (pressed ones edited), every button.
    shown = [m["text"] for m in patient.bot_messages()]
    shown += [b["text"] for c in patient.calls("sendMessage") for row in c.params.get("reply_markup", {}).get(
        "inline_keyboard", []) for b in row]  # fmt: skip
    assert TEXTS["zh"].chosen_line(journey.CONSENT[0]) in "\n".join(shown)  # a pressed button's message, as edited
    assert {text: english for text in shown if (english := leftovers(text))} == {}
    assert rasa.slots()["language"] == "zh"
