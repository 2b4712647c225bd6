"""Bad input mid-question gets a kind reply and changes nothing (real servers)."""

from __future__ import annotations

import pytest

from bot.startup.settings import Settings
from tests.e2e.chat import Patient

pytestmark = pytest.mark.e2e

KIND = "Sorry, I did not understand that answer"

BAD_INPUTS = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="only-spaces"),
    pytest.param("x" * 10_000, id="10000-characters"),
    pytest.param("🙂🎉👍🏽❤️", id="only-emoji"),
    pytest.param("<script>alert('hi')</script><b>bold</b>", id="html-and-script"),
    pytest.param("¿Puedo participar en el estudio? 我想参加", id="another-language"),
    pytest.param("asdfgh", id="keyboard-mash"),
    pytest.param('/answer{"choice": "banana"}', id="payload-with-wrong-value"),
    pytest.param('/answer{"choice": ', id="payload-broken-json"),
    pytest.param("'; DROP TABLE events; --", id="sql"),
]


def at_question_three(settings: Settings) -> Patient:
    """A patient who has answered two questions and is asked the third."""
    patient = Patient(settings)
    for message in ("hi", "yes", "1+", "never"):
        patient.say(message)
    assert "Question 3 of 12" in patient.last_text
    return patient


@pytest.mark.parametrize("message", BAD_INPUTS)
def test_bad_input_mid_question(settings: Settings, servers: dict, message: str) -> None:
    patient = at_question_three(settings)
    before = patient.slots()
    patient.say(message)
    assert KIND in patient.last_text
    assert "Question 3 of 12" in patient.last_text  # the same question again, with its buttons
    assert "Not sure" in patient.last_buttons()
    after = patient.slots()
    for slot in ("her2_ihc", "anti_her2", "chemo_metastatic", "phase", "requested_slot"):
        assert after[slot] == before[slot], slot
    assert after["reprompts"] == 1
    patient.say("no")  # the conversation goes on
    assert "Question 4 of 12" in patient.last_text
    assert patient.slots()["chemo_metastatic"] == "no"


def test_html_is_sent_back_as_text_not_markup(settings: Settings, servers: dict) -> None:
    patient = at_question_three(settings)
    replies = patient.say("<img src=x onerror=alert(1)>")
    assert all("<img" not in m.get("text", "") for m in replies)  # never echoed


@pytest.mark.parametrize("message", ["", "🙂", "asdfgh", "<script>x</script>"])
def test_bad_input_before_consent_asks_consent_again(settings: Settings, servers: dict, message: str) -> None:
    patient = Patient(settings)
    patient.say("hi")
    patient.say(message)
    assert patient.last_buttons() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    assert patient.slots()["phase"] == "consent"
    assert patient.slots()["her2_ihc"] is None


def test_bad_input_at_the_summary_shows_it_again(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    for message in ("hi", "yes", "0"):
        patient.say(message)
    assert "Is this right?" in patient.last_text
    patient.say("asdfgh qwerty")
    assert "Is this right?" in patient.last_text
    assert patient.slots()["screening_outcome"] is None
    patient.say("yes")
    assert patient.slots()["screening_outcome"] == "not_eligible"
