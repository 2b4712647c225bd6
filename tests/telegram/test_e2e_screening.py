"""A patient on Telegram screened end to end: fake Bot API, real Telegram process, real Rasa."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.telegram.keyboards import MAX_CALLBACK_BYTES
from bot.telegram.rasa_client import sender_id
from bot.telegram.texts import load_texts
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE, LIKELY, NEEDS, NOT_A_MATCH
from tests.telegram.conftest import TOKEN, log_text, logged_tag, new_chat_id
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.patient import TelegramPatient

pytestmark = pytest.mark.e2e

TEXTS = load_texts()


def typed(question: str) -> str:
    """The free-text answer of tests/e2e/patients.py's eligible patient to this question."""
    answer = ELIGIBLE[question]
    assert isinstance(answer, str)
    return answer


# Buttons ("[words]") and free text mixed; the answers are those of tests/e2e/patients.py.
ELIGIBLE_MIXED = [
    "[2+]",
    "[Negative (not amplified)]",
    "nope never",
    "[Only for early cancer, before or after surgery]",
    typed("hormone_receptor"),
    "[It is in the breast area, and surgery cannot remove it]",
    typed("progression"),
    typed("age"),
    "[I do all my usual things]",
    "[None of these]",
    typed("heart_lung"),
    "[None of these]",
    typed("allergies"),
]
NOT_ELIGIBLE = ["[1+]", "I had Herceptin in 2019"]
NEEDS_REVIEW = ["[Not sure]", *(typed(question) for question in ELIGIBLE if question != "her2_ihc")]


def outcome_slot(settings: Settings, chat_id: int) -> str | None:
    """The outcome Rasa recorded for this chat."""
    outcome: str | None = Patient(settings, sender=sender_id(chat_id)).slots()["screening_outcome"]
    return outcome


def begin(fake: FakeBotApi) -> TelegramPatient:
    """/start, then consent with the button."""
    patient = TelegramPatient(fake, new_chat_id())
    patient.say("/start")
    assert "automated assistant" in patient.all_text
    assert "emergency" in patient.all_text
    assert patient.last_buttons() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    patient.press("Yes, for myself")
    assert "Question 1 of 12" in patient.all_text
    return patient


def screen(fake: FakeBotApi, steps: list[str]) -> TelegramPatient:
    """A whole screening: start, the steps, then confirm the summary with its button."""
    patient = begin(fake)
    for step in steps:
        patient.answer(step)
    assert "Here is what you told me" in patient.all_text
    patient.press("Yes, that's right")
    return patient


def check_telegram_side(settings: Settings, fake: FakeBotApi, patient: TelegramPatient, log: Path) -> None:
    """What every conversation must show at the Bot API and in the log."""
    sent = patient.calls("sendMessage")
    assert all("parse_mode" not in call.params for call in sent)  # plain text only
    datas = [b["callback_data"] for c in sent for row in c.params.get("reply_markup", {}).get("inline_keyboard", [])
             for b in row]  # fmt: skip
    assert datas and all(len(d.encode("utf-8")) <= MAX_CALLBACK_BYTES for d in datas)
    answered = {c.params["callback_query_id"] for c in fake.calls_of("answerCallbackQuery")}
    assert set(patient.callback_ids) <= answered  # every press acknowledged
    typing = patient.calls("sendChatAction")
    rasa_turns = len(patient.turns)
    assert len(typing) >= rasa_turns and {c.params["action"] for c in typing} == {"typing"}
    assert not fake.unknown, f"the bot called methods the fake lacks: {fake.unknown}"
    text = log_text(log)
    assert f"chat {logged_tag(settings, patient.chat_id)}" in text  # chats are logged by their tag...
    assert str(patient.chat_id) not in text  # ...never by their id
    for words in patient.said:  # ...what the patient typed is not
        if not words.startswith("/") and len(words) > 4:
            assert words not in text, f"patient text {words!r} in the log"
    assert "Question 1 of 12" not in text and TOKEN not in text
    assert "HTTP Request" not in text  # httpx's request lines (URLs with the token) are kept out


def test_likely_eligible_with_buttons_and_free_text(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi, bot_log: Path
) -> None:
    patient = screen(fake_api, ELIGIBLE_MIXED)
    for number in range(1, 13):
        assert f"Question {number} of 12" in patient.all_text
    for words in LIKELY:
        assert words in patient.all_text
    assert patient.last_buttons() == ["Yes, please contact me", "No, thanks"]
    assert outcome_slot(settings, patient.chat_id) == "likely_eligible"
    first = next(m for m in patient.bot_messages() if "Question 1 of 12" in m["text"])
    assert first["text"].endswith(TEXTS.chosen_line("2+")) and "reply_markup" not in first  # the press is marked
    check_telegram_side(settings, fake_api, patient, bot_log)


def test_not_eligible_ends_early(settings: Settings, polling_bot: Server, fake_api: FakeBotApi, bot_log: Path) -> None:
    patient = screen(fake_api, NOT_ELIGIBLE)
    assert "Question 3 of 12" not in patient.all_text  # a clear exclusion ends the questions
    for words in (*NOT_A_MATCH, "targets HER2"):
        assert words in patient.all_text
    assert outcome_slot(settings, patient.chat_id) == "not_eligible"
    check_telegram_side(settings, fake_api, patient, bot_log)


def test_needs_review_when_her2_unknown(
    settings: Settings, polling_bot: Server, fake_api: FakeBotApi, bot_log: Path
) -> None:
    patient = screen(fake_api, NEEDS_REVIEW)
    for words in (*NEEDS, "HER2 score"):
        assert words in patient.all_text
    assert outcome_slot(settings, patient.chat_id) == "needs_review"
    check_telegram_side(settings, fake_api, patient, bot_log)
