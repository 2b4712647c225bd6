"""The real Rasa server says domain.yml's Chinese variants when the language slot is zh.

The slot is set here through Rasa's HTTP API, as a channel hint would set it (the setting
itself is tested with the channels): this checks that endpoints.yml's response generator
(bot/rasa_server/nlg.py) loads in `rasa run` and picks the Chinese variant, buttons included.
"""

from __future__ import annotations

import pytest
import requests

from bot.startup.settings import Settings
from tests.e2e.chat import Patient

pytestmark = pytest.mark.e2e


def set_language(patient: Patient, language: str) -> None:
    """Set the slot through the HTTP API, twice.

    On a new conversation Rasa stamps the event when it reads the request, then starts the
    session: the slot is older than the session's start, and the tracker store, which orders
    events by time, drops it on the next read. The first post starts the session.
    """
    for _ in range(2):
        reply = requests.post(
            f"{patient.settings.rasa_url}/conversations/{patient.sender}/tracker/events",
            params={"token": patient.settings.rasa_api_token},
            json=[{"event": "slot", "name": "language", "value": language}],
            timeout=30,
        )
        reply.raise_for_status()
    assert patient.slots()["language"] == language


def test_a_chinese_conversation_is_greeted_in_chinese(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    set_language(patient, "zh")
    patient.say("你好")
    assert patient.last_text.startswith("您好！我是自动助手，不是真人。")
    assert "如果是紧急情况，请立即拨打 120。" in patient.last_text
    assert patient.last_buttons() == ["同意，我本人回答", "同意，替家人回答", "不了，谢谢"]
    assert "Hello" not in patient.last_text and "assistant" not in patient.last_text


def test_an_english_conversation_stays_english(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.say("hello")
    assert patient.last_text.startswith("Hello! I am an automated assistant, not a person.")
    assert patient.last_buttons() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
