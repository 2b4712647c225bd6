"""Issue 14 over the REST channel: a typed yes or no at every yes/no prompt, the erasure
question in every phase, and emergencies versus history (real servers).

Many wordings here are in no NLU training file (tests/understanding/test_yes_no.py
holds the tables; these are a sample per prompt).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_erasure import rows_about
from tests.e2e.test_scripted_patients import answer_until_summary, screen, start

pytestmark = pytest.mark.e2e

ASK_DELETE = "delete everything you told me"
KEPT = "I have kept everything"
DELETED = "I have deleted your answers"
EMERGENCY = "This sounds like it could be an emergency"
GONE = {"participants": 0, "tracker_events": 0}


def at_summary(settings: Settings) -> Patient:
    patient = start(settings)
    answer_until_summary(patient, ELIGIBLE, [])
    return patient


def at_contact_offer(settings: Settings) -> Patient:
    patient, _asked = screen(settings, ELIGIBLE)
    assert patient.slots()["phase"] == "contact_offer"
    return patient


def at_contact(settings: Settings) -> Patient:
    patient = at_contact_offer(settings)
    patient.say("/affirm")
    return patient


def at_contact_confirm(settings: Settings) -> Patient:
    patient = at_contact(settings)
    patient.script(["Mei Wong", "mei@example.org", "Morning"])
    return patient


# ------------------------------------------------------------ a typed yes or no at each prompt


def greeted(settings: Settings) -> Patient:
    patient = Patient(settings)
    patient.say("hello")
    return patient


# (how to reach the prompt, what the patient types, the phase that follows)
PROMPT_CASES = [
    (greeted, "yeah sure, let's get going", "screening"),
    (greeted, "nope, not today thank you", "ended"),
    (greeted, "yes... hmm, not sure", "consent"),
    (at_summary, "yep, all of that is right", "contact_offer"),
    (at_summary, "no, one of those is off", "choosing"),
    (at_contact_offer, "yes, you can pass my details on to them", "contact"),
    (at_contact_offer, "no thanks, I'll speak to my own doctor first", "outcome"),
    (at_contact_offer, "yes... wait, actually no", "contact_offer"),
    (at_contact_offer, "yesterday", "contact_offer"),
    (at_contact_confirm, "yes that's all fine, go ahead and send it", "referred"),
    (at_contact_confirm, "no, that e-mail has a typo", "contact"),
]


@pytest.mark.parametrize(
    ("reach", "said", "then"), PROMPT_CASES, ids=[f"{r.__name__}-{t}" for r, _s, t in PROMPT_CASES]
)
def test_a_typed_yes_or_no_at_a_prompt(
    settings: Settings, servers: dict, reach: Callable[[Settings], Patient], said: str, then: str
) -> None:
    patient = reach(settings)
    patient.say(said)
    slots = patient.slots()
    assert slots["phase"] == then, patient.last_text
    if then == "screening":
        assert "Question 1 of 12" in patient.last_text
    if then == "contact":
        assert "What is your name?" in patient.last_text
    if then == "referred":
        assert slots["referral_number"]
    if (reach is greeted and then == "consent") or (reach is at_contact_offer and then == "contact_offer"):
        assert "Sorry, I did not get that" in patient.last_text  # asked again


# ------------------------------------------------------------ the erasure question in every phase


def at_phase(settings: Settings, phase: str) -> tuple[Patient, str]:
    """A patient in `phase`, and the phase a kept erasure goes back to."""
    patient = Patient(settings)
    if phase == "consent":
        patient.say("hi")
    elif phase == "ended":
        patient.script(["hi", "no thanks"])
    elif phase == "screening":
        patient.script(["hi", "yes", "1+"])
    elif phase == "summary":
        patient = at_summary(settings)
    elif phase == "choosing":
        patient = at_summary(settings)
        patient.say("/change_answer")
        return patient, "choosing"  # keeping goes back to "Which answer do you want to change?"
    elif phase == "outcome":
        patient.script(["hi", "yes", "3+"])
        patient.say("yes")
    elif phase == "contact_offer":
        patient = at_contact_offer(settings)
    elif phase == "contact":
        patient = at_contact(settings)
    elif phase == "contact_confirm":
        patient = at_contact_confirm(settings)
    elif phase == "referred":
        patient = at_contact_confirm(settings)
        patient.say("/affirm")
    return patient, phase


PHASES = [
    "consent",
    "screening",
    "summary",
    "choosing",
    "outcome",
    "contact_offer",
    "contact",
    "contact_confirm",
    "referred",
    "ended",
]


@pytest.mark.parametrize("phase", PHASES)
def test_the_erasure_question_in_every_phase(settings: Settings, servers: dict, phase: str) -> None:
    patient, back_to = at_phase(settings, phase)
    assert patient.slots()["phase"] == phase
    before = dict(patient.slots())
    patient.say("delete my data")
    assert ASK_DELETE in patient.last_text
    patient.say("what?")  # no answer: the same question
    assert ASK_DELETE in patient.last_text and KEPT not in patient.last_text
    patient.say("no thanks")  # kept, and on where the patient was
    assert KEPT in patient.last_text and DELETED not in patient.all_text
    slots = patient.slots()
    assert slots["phase"] == back_to
    assert all(slots[k] == before[k] for k in ("her2_ihc", "anti_her2", "consent", "referral_number"))
    if phase == "screening":
        assert "Question 2 of 12" in patient.last_text
    patient.say("please delete my data")
    assert ASK_DELETE in patient.last_text
    patient.say("yes")  # a typed yes deletes, in every phase
    assert DELETED in patient.last_text
    assert "Question" not in patient.last_text
    assert rows_about(settings, patient.sender) == GONE


def test_yes_please_at_the_erasure_question_mid_screening_deletes(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.script(["hi", "yes", "1+", "never"])
    patient.say("can you erase everything I said")
    patient.say("yes please")
    assert DELETED in patient.last_text and "Question" not in patient.last_text
    assert rows_about(settings, patient.sender) == GONE


def test_a_typed_yes_at_the_erasure_question_never_consents(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.say("hi")
    patient.say("delete my data")
    patient.say("yep")
    assert DELETED in patient.last_text
    assert "Question 1" not in patient.all_text


def test_an_emergency_at_the_erasure_question_then_the_question(settings: Settings, servers: dict) -> None:
    patient = at_summary(settings)
    patient.say("delete my data")
    patient.say("I can't breathe properly right now")
    assert EMERGENCY in patient.last_text and ASK_DELETE in patient.last_text
    patient.say("no, keep it")
    assert KEPT in patient.last_text and patient.slots()["phase"] == "summary"


# ------------------------------------------------------------ emergencies versus history


def said_again(patient: Patient, message: str, times: int) -> list[str]:
    """Say the same message `times` times; the bot's replies, in order."""
    replies = []
    for _ in range(times):
        patient.say(message)
        replies.append(patient.last_text)
    return replies


def test_a_past_heart_attack_is_no_emergency_and_never_loops(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    replies = said_again(patient, "I had a heart attack about two years ago", 4)
    assert not any(EMERGENCY in reply for reply in replies)
    assert len(set(replies)) > 1
    assert patient.slots()["requested_slot"] != "her2_ihc"  # the questions moved on


@pytest.mark.parametrize("asked", ["her2_ihc", "age"])
def test_the_same_present_emergency_again_and_again_moves_on(settings: Settings, servers: dict, asked: str) -> None:
    patient = start(settings)
    if asked == "age":
        patient.script(["1+", "never", "no", "ER positive", "it spread to my liver", "yes it grew"])
    assert patient.slots()["requested_slot"] == asked
    replies = said_again(patient, "I'm having really bad chest pain right now", 4)
    assert EMERGENCY in replies[0]
    assert len(set(replies)) > 1
    slots = patient.slots()
    assert slots["requested_slot"] != asked
    assert any(flag["kind"] == "emergency" for flag in slots["flags"])


@pytest.mark.parametrize(
    "reach", [lambda s: Patient(s), at_summary, at_contact_offer], ids=["consent", "summary", "contact_offer"]
)
def test_a_present_emergency_is_answered_at_once_outside_the_questions(
    settings: Settings, servers: dict, reach: Callable[[Settings], Patient]
) -> None:
    patient = reach(settings)
    if not patient.replies:
        patient.say("hi")
    phase = patient.slots()["phase"]
    replies = said_again(patient, "help I think I'm passing out", 3)
    assert EMERGENCY in replies[0]
    assert len(set(replies)) > 1
    assert patient.slots()["phase"] == phase
