"""Scripted patients screened end to end over the REST channel (real servers)."""

from __future__ import annotations

import pytest

from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.e2e.patients import CASES, ELIGIBLE, Case, button

pytestmark = pytest.mark.e2e

MAX_TURNS = 40


def start(settings: Settings, patient: Patient | None = None, consent: tuple[str, ...] = ("yes",)) -> Patient:
    """Greet and consent (a caregiver may say "yes, for my mum"); the first question follows."""
    patient = patient or Patient(settings)
    patient.say("hi")
    assert "automated assistant" in patient.last_text
    assert "not a person" in patient.last_text
    assert "emergency" in patient.last_text
    assert patient.last_buttons() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    for message in consent:
        patient.say(message)
    assert "Question 1 of 12" in patient.last_text or patient.slots()["requested_slot"] == "audience"
    return patient


def answer_until_summary(
    patient: Patient, answers: dict, asked: list[str], summary: str | None = "Here is what you told me"
) -> None:
    """Answer whatever the bot asks, from the patient's answers, until the summary (whose words it checks)."""
    for _ in range(MAX_TURNS):
        slots = patient.slots()
        if slots["phase"] != "screening" or slots["requested_slot"] is None:
            break
        question = slots["requested_slot"]
        assert question in answers, f"unexpected question {question} after {asked}"
        asked.append(question)
        said = answers[question]
        for message in said if isinstance(said, list) else [said]:
            patient.say(message)
    assert patient.slots()["phase"] == "summary", patient.last_text
    assert summary is None or summary in patient.last_text


def screen(
    settings: Settings, answers: dict, patient: Patient | None = None, consent: tuple[str, ...] = ("yes",)
) -> tuple[Patient, list[str]]:
    """A whole screening: greet, consent (`consent`: what is said to it), answers, confirm the summary."""
    patient = start(settings, patient, consent)
    asked: list[str] = []
    answer_until_summary(patient, answers, asked)
    patient.say("yes")
    return patient, asked


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_scripted_patient(settings: Settings, servers: dict, case: Case) -> None:
    patient, asked = screen(settings, case.answers())
    slots = patient.slots()
    assert slots["screening_outcome"] == case.outcome
    assert slots["criteria_not_met"] == case.not_met
    assert sorted(slots["criteria_unknown"]) == sorted(case.unknown)
    for words in case.says:
        assert words in patient.all_text, f"{words!r} not shown"
    if case.not_met:  # a clear exclusion ends the questions early
        assert asked[-1] in case.changes
        assert "this study is not a match" in patient.all_text


def test_eligible_screening_takes_fifteen_turns(settings: Settings, servers: dict) -> None:
    patient, asked = screen(settings, ELIGIBLE)
    assert len(patient.replies) == 15  # hi, consent, 12 answers, confirm
    assert asked[:3] == ["her2_ihc", "anti_her2", "chemo_metastatic"]  # the decisive ones first
    assert "Question 12 of 12" in patient.all_text
    assert "ECOG" not in patient.all_text


def test_consent_refused_ends_politely(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.say("hello")
    patient.say("no thanks")
    assert "I will not ask anything else" in patient.last_text
    assert "Question" not in patient.last_text
    assert patient.slots()["phase"] == "ended"
    patient.say("1+")
    assert "Question" not in patient.last_text


def test_why_do_you_ask_then_the_same_question(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("/ask_why")
    assert "Why I ask:" in patient.last_text
    assert "HER2" in patient.last_text
    assert "Question 1 of 12" in patient.last_text
    patient.say("why do you need to know that?")
    assert "Why I ask:" in patient.last_text
    assert patient.slots()["her2_ihc"] is None


def test_restart_clears_everything(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("1+")
    patient.say("/restart")
    assert "start over" in patient.last_text.lower()
    assert patient.last_buttons() == ["Yes, for myself", "Yes, for someone else", "No, thanks"]
    assert patient.slots()["her2_ihc"] is None
    patient.say("yes")
    assert "Question 1 of 12" in patient.last_text


def test_start_over_in_words(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("1+")
    patient.say("never")
    patient.say("start over")
    assert patient.slots()["anti_her2"] is None
    assert patient.slots()["phase"] == "consent"


def test_change_an_answer_from_the_summary(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    asked: list[str] = []
    answer_until_summary(patient, {**ELIGIBLE, "age": "80"}, asked)
    assert "Age: 80" in patient.last_text
    patient.say("/change_answer")
    assert "Which answer do you want to change?" in patient.last_text
    assert "Age" in patient.last_buttons()
    patient.say('/change_answer{"question": "age"}')
    assert "How old are you?" in patient.last_text
    patient.say("54")
    answer_until_summary(patient, ELIGIBLE, asked)  # the questions skipped before are asked now
    assert "Age: 54" in patient.last_text
    patient.say("yes")
    slots = patient.slots()
    assert slots["screening_outcome"] == "likely_eligible"
    assert slots["age"] == 54


def test_buttons_have_not_sure_and_why(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    for value in ("1+", "no", "no", "positive", "metastatic", "yes", "from_18_to_75", "light_work"):
        buttons = patient.last_buttons()
        assert "Not sure" in buttons
        assert "Why do you ask?" in buttons
        patient.press(value)
    assert "None of these" in patient.last_buttons()
    assert "Question 9 of 12" in patient.last_text


def test_answer_log_keeps_the_words_and_the_reading(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("1+")
    patient.say("never had herceptin")
    log = patient.slots()["answer_log"]
    assert [entry["question"] for entry in log] == ["her2_ihc", "anti_her2"]
    assert log[1]["said"] == "never had herceptin"
    assert log[1]["read_as"] == {"anti_her2": "no"}
    assert button("no") not in [entry["said"] for entry in log]


def test_remarks_mid_question_lose_nothing(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("1+")
    for remark, reply in (
        ("hi", "Hello again"),
        ("I want to change an answer", "you can change any of them"),
        ("thanks", "You are welcome"),
    ):
        patient.say(remark)
        assert reply in patient.last_text
        assert "Question 2 of 12" in patient.last_text
    slots = patient.slots()
    assert slots["anti_her2"] is None
    assert slots["reprompts"] == 0
    patient.say("never")
    assert patient.slots()["anti_her2"] == "no"


def test_raw_database_files_reveal_nothing_the_patient_typed(settings: Settings, servers: dict) -> None:
    words = "I had Xeloda after it came back"
    patient = start(settings)
    for message in ("1+", "never", words):
        patient.say(message)
    patient.say("yes")  # confirm the summary: the outcome is told and stored
    assert patient.slots()["screening_outcome"] == "not_eligible"
    raw = b"".join(p.read_bytes() for p in settings.var_dir.glob("*.db*"))
    assert raw, "no database files found"
    for secret in (words, "Xeloda", patient.sender):
        assert secret.encode() not in raw, secret
    assert patient.tracker()["latest_message"]["text"] == "yes"  # the API still reads it back
