"""Patients who talk naturally: several answers at once, changes, questions, a person, emergencies (real servers)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.startup.settings import Settings
from bot.store.database import make_engine, transaction
from bot.store.schema import Screening, ScreeningFlag
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import answer_until_summary, start

pytestmark = pytest.mark.e2e


def stored_flags(settings: Settings, patient: Patient) -> list[tuple[str, str | None]]:
    """The flags kept with this patient's screening (found by its outcome time: the newest screening)."""
    engine = make_engine(settings.store_url)
    with transaction(engine) as session:
        newest = session.execute(select(Screening).order_by(Screening.id.desc())).scalars().first()
        assert newest is not None
        rows = session.execute(select(ScreeningFlag).where(ScreeningFlag.screening_id == newest.id)).scalars()
        return sorted((f.kind, f.question_id) for f in rows)


def test_one_message_answers_three_questions(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("my her2 was 1+, I'm 54 and I never had herceptin")
    assert "I also noted" in patient.last_text
    assert "Age: 54" in patient.last_text and "Ever had a HER2 medicine: No, never" in patient.last_text
    slots = patient.slots()
    assert (slots["her2_ihc"], slots["age"], slots["anti_her2"]) == ("1+", 54, "no")
    assert slots["requested_slot"] == "chemo_metastatic"  # neither of the answered questions is asked
    asked: list[str] = []
    answer_until_summary(patient, ELIGIBLE, asked)
    assert "age" not in asked and "anti_her2" not in asked
    patient.say("yes that's right")
    assert patient.slots()["screening_outcome"] == "likely_eligible"


def test_an_earlier_answer_changed_mid_screening(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.script(["1+", "no never"])
    assert patient.slots()["anti_her2"] == "no"
    patient.say("oh wait, actually I did have herceptin a few years ago")
    assert "I have changed your answer" in patient.last_text
    assert "targets HER2" in patient.all_text  # the early exclusion says why
    assert patient.slots()["anti_her2"] == "yes"
    patient.say("yes")
    assert patient.slots()["screening_outcome"] == "not_eligible"


def test_a_changed_answer_that_is_not_clear_is_asked_again(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.script(["1+", "no never", "no chemo", "ER positive"])
    patient.say("actually I did have chemo last year")
    assert "go back to that question" in patient.last_text
    assert "Since the cancer came back or spread, have you had chemotherapy?" in patient.last_text
    patient.say("only before my surgery")
    assert patient.slots()["chemo_metastatic"] == "early_only"


@pytest.mark.parametrize(
    ("asked", "answer"),
    [
        ("how many people are in the study?", "542 people"),
        ("what is tqb2102", "an antibody joined to a cancer-killing drug"),
        ("will I know which drug I get", "open label"),
        ("how often is the drug given", "every 21 days"),
        ("who runs the study", "CTTQ"),
        ("what chemo do people in the other group get", "capecitabine"),
    ],
)
def test_questions_about_the_trial_mid_question(settings: Settings, servers: dict, asked: str, answer: str) -> None:
    patient = start(settings)
    patient.say(asked)
    assert answer in patient.last_text
    assert "Question 1 of 12" in patient.last_text  # then the same question again
    assert patient.slots()["reprompts"] == 0


def test_what_does_that_mean_then_an_answer(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("what does that mean?")
    assert "What it means:" in patient.last_text and "A lab test called IHC" in patient.last_text
    patient.say("1+")
    patient.say("what's a her2 medicine?")
    assert "blocks the HER2 protein" in patient.last_text


def test_off_topic_talk_loses_nothing(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("1+")
    patient.say("what's the weather like today")
    assert "only help with this one breast cancer study" in patient.last_text
    assert patient.slots()["her2_ihc"] == "1+"
    assert "Question 2 of 12" in patient.last_text


def test_a_person_and_an_emergency_are_answered_and_kept_for_navigators(settings: Settings, servers: dict) -> None:
    patient = start(settings)
    patient.say("1+")
    patient.say("can I talk to a real person please")
    assert "I am an automated assistant" in patient.last_text and "cannot pass you to a person" in patient.last_text
    patient.say("I have chest pain right now")
    assert "call your local emergency number now" in patient.last_text
    assert "Question 2 of 12" in patient.last_text
    asked: list[str] = []
    answer_until_summary(patient, ELIGIBLE, asked)
    patient.say("yes")
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    assert stored_flags(settings, patient) == [("asked_for_person", "anti_her2"), ("emergency", "anti_her2")]


def test_an_emergency_before_consent(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.say("hi")
    patient.say("i want to end my life")
    assert "call a crisis line" in patient.last_text
    assert "Is it OK to start the questions?" in patient.last_text


def test_a_whole_screening_in_words_alone(settings: Settings, servers: dict) -> None:
    patient = Patient(settings)
    patient.say("hello there")
    patient.say("sure, let's go")
    assert "Question 1 of 12" in patient.last_text
    asked: list[str] = []
    answer_until_summary(patient, ELIGIBLE, asked)
    patient.say("yes, that's all correct")
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    patient.say("yes please share them")
    patient.script(["Mei Wong", "mei.wong@example.org", "weekday mornings"])
    assert "Mei Wong" in patient.last_text
    patient.say("yes that's right")
    assert patient.slots()["phase"] == "referred"
    assert "referral number" in patient.last_text.lower()
