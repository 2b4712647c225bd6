"""Emergencies, a person asked for, questions about the trial or a word, off-topic talk; in and out of the form."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.asides import ActionAnswerAside
from actions.contact import ValidateContactForm
from actions.conversation import ActionDefaultFallback
from actions.screening_form import ValidateScreeningForm
from tests.actions.test_actions import FORM, responses, run
from tests.actions.trackers import make_tracker, slot_events

ASKING_AGE = {"phase": "screening", "requested_slot": "age"}


def asked(
    text: str,
    intent: str = "inform",
    confidence: float = 1.0,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    question: str = "age",
) -> Tracker:
    """A tracker where the patient answers `question` with `text`, as the NLU read it."""
    tracker = make_tracker({**ASKING_AGE, "requested_slot": question, **(slots or {})}, text, {question: text}, FORM)
    tracker.latest_message["intent"] = {"name": intent, "confidence": confidence}
    tracker.latest_message["entities"] = entities or []
    return tracker


def red_flag(value: str) -> list[dict[str, Any]]:
    return [{"entity": "red_flag", "value": value, "extractor": "MedicalTermExtractor"}]


def flags_of(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    [flags] = [v for k, v in slot_events(events) if k == "flags"]
    return [{k: v for k, v in f.items() if k != "at"} for f in flags]


async def test_an_emergency_mid_question_is_answered_first_and_flagged() -> None:
    tracker = asked("I have chest pain right now", "emergency", 0.95, red_flag("chest_pain"))
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_emergency_now"]
    assert flags_of(events) == [{"kind": "emergency", "question": "age"}]
    assert ("age", None) in slot_events(events)  # the question follows, no failure counted
    assert not any(k == "reprompts" for k, _ in slot_events(events))


async def test_an_emergency_with_an_answer_keeps_the_answer() -> None:
    tracker = asked("I'm 54 and I can't breathe", "emergency", 0.7, red_flag("breathing"))
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_emergency_now"]
    assert ("age", 54) in slot_events(events)
    assert flags_of(events) == [{"kind": "emergency", "question": "age"}]


async def test_a_weak_emergency_guess_without_a_red_flag_is_no_emergency() -> None:
    events, messages = await run(ValidateScreeningForm(), asked("asdfgh", "emergency", 0.55))
    assert responses(messages) == ["utter_not_understood"]
    assert ("reprompts", 1) in slot_events(events)


async def test_asking_for_a_person_is_answered_honestly_and_flagged() -> None:
    tracker = asked("can I talk to a real person", "human_handoff", 0.92)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_handoff"]
    assert flags_of(events) == [{"kind": "asked_for_person", "question": "age"}]
    assert ("age", None) in slot_events(events)


async def test_a_person_guess_on_other_words_is_not_taken() -> None:
    events, messages = await run(ValidateScreeningForm(), asked("blue sky", "human_handoff", 0.9))
    assert responses(messages) == ["utter_not_understood"]


def faq(tracker: Tracker, topic: str, confidence: float) -> Tracker:
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": f"utter_faq/{topic}", "confidence": confidence}}
    }
    return tracker


async def test_a_question_about_the_trial_is_answered_and_the_question_follows() -> None:
    tracker = faq(asked("how many hospitals are in it?", "faq", 0.97), "sites", 0.9)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_faq/sites"]
    assert slot_events(events) == [("age", None), ("requested_slot", "her2_ihc")]


async def test_an_unsure_answer_selection_is_not_given() -> None:
    tracker = faq(asked("blah?", "faq", 0.97), "sites", 0.2)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_not_understood"]


async def test_what_does_that_mean_explains_the_question_in_plain_words() -> None:
    tracker = asked("what does that mean?", "ask_meaning", 0.9, question="her2_ihc")
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_meaning"]
    assert "A lab test called IHC" in messages[0]["meaning"]
    assert ("her2_ihc", None) in slot_events(events)


async def test_off_topic_talk_gets_a_kind_no() -> None:
    events, messages = await run(ValidateScreeningForm(), asked("tell me a joke", "out_of_scope", 0.9))
    assert responses(messages) == ["utter_out_of_scope"]
    assert ("age", None) in slot_events(events)


@pytest.mark.parametrize("said", ["x" * 10_000, "哈哈哈哈哈哈", "kkkkk"])
async def test_one_letter_again_and_again_is_not_taken_for_off_topic_talk(said: str) -> None:
    events, messages = await run(ValidateScreeningForm(), asked(said, "out_of_scope", 0.99))
    assert "utter_out_of_scope" not in responses(messages)
    assert "utter_not_understood" in responses(messages)  # not understood, kindly, and asked again


# ------------------------------------------------- outside the questions


@pytest.mark.parametrize(
    ("intent", "text", "reply"),
    [
        ("human_handoff", "is this a real human", "utter_handoff"),
        ("ask_meaning", "what does that mean", "utter_meaning_general"),
        ("out_of_scope", "what's the weather", "utter_out_of_scope"),
        ("emergency", "I'm thinking of ending my life", "utter_emergency_now"),
        ("faq", "qwerty", "utter_default"),  # a faq guess the selector is not sure of
    ],
)
async def test_outside_the_questions_the_consent_question_follows(intent: str, text: str, reply: str) -> None:
    tracker = make_tracker({"phase": "consent"}, text, intent=intent)
    tracker.latest_message["intent"]["confidence"] = 0.9
    events, messages = await run(ActionAnswerAside(), tracker)
    assert responses(messages) == [reply, "utter_ask_consent"]


async def test_outside_the_questions_a_trial_question_is_answered() -> None:
    tracker = faq(make_tracker({"phase": "summary"}, "is it open yet", intent="faq"), "recruiting", 0.8)
    events, messages = await run(ActionAnswerAside(), tracker)
    assert responses(messages)[0] == "utter_faq/recruiting"
    assert "utter_summary" in responses(messages)


async def test_an_emergency_in_a_fallback_is_answered() -> None:
    tracker = make_tracker({"phase": "consent"}, "i am bleeding a lot", intent="nlu_fallback")
    tracker.latest_message["entities"] = red_flag("bleeding")
    events, messages = await run(ActionDefaultFallback(), tracker)
    assert responses(messages) == ["utter_emergency_now", "utter_ask_consent"]
    assert events[0]["event"] == "rewind"
    assert flags_of(events[1:2]) == [{"kind": "emergency", "question": None}]


async def test_an_emergency_while_giving_contact_details_is_not_taken_as_a_name() -> None:
    slots = {"phase": "contact", "requested_slot": "contact_name"}
    tracker = make_tracker(slots, "I have chest pain", {"contact_name": "I have chest pain"}, "contact_form")
    tracker.latest_message["entities"] = red_flag("chest_pain")
    events, messages = await run(ValidateContactForm(), tracker)
    assert responses(messages) == ["utter_emergency_now"]
    assert ("contact_name", None) in slot_events(events)


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE events; --",
        "<script>alert('hi')</script> how many hospitals",
        "¿Cuántos hospitales hay? 有多少家医院",
    ],
)
async def test_code_markup_and_other_scripts_get_no_trial_answer_however_sure_the_nlu(text: str) -> None:
    tracker = faq(asked(text, "faq", 1.0), "sites", 1.0)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_not_understood"]


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("what's a her2 medicine?", "utter_meaning"),  # the question's own words: what it means
        ("what is herceptin?", "utter_meaning"),
        ("what's the study medicine?", "utter_faq/what_is_tqb2102"),  # "study" is not in the question
        ("how often do I get the medicine", "utter_faq/what_is_tqb2102"),  # no asking word
    ],
)
async def test_asking_about_the_questions_own_words_gets_its_meaning(text: str, reply: str) -> None:
    tracker = faq(asked(text, "faq", 1.0, question="anti_her2"), "what_is_tqb2102", 0.9)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == [reply]
    if reply == "utter_meaning":
        assert "HER2" in messages[0]["meaning"]


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("赫赛莱是什么？", "utter_meaning"),  # a word of the question: what it means
        ("针对HER2的药是什么意思", "utter_meaning"),
        ("吡咯替尼是啥", "utter_meaning"),
        ("研究药物是什么？", "utter_faq/what_is_tqb2102"),  # "研究药物" is not in the question
        ("研究药物多久用一次", "utter_faq/what_is_tqb2102"),  # no asking word
    ],
)
async def test_asking_about_the_questions_own_words_in_chinese_gets_its_meaning(text: str, reply: str) -> None:
    tracker = faq(asked(text, "faq", 1.0, slots={"language": "zh"}, question="anti_her2"), "what_is_tqb2102", 0.9)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == [reply]
    if reply == "utter_meaning":
        assert "针对 HER2 的药" in messages[0]["meaning"]


@pytest.mark.parametrize("said", ["yesterday", "banana.", " purple "])
async def test_one_english_word_is_no_off_topic_talk(said: str) -> None:
    events, messages = await run(ValidateScreeningForm(), asked(said, "out_of_scope", 0.99))
    assert "utter_out_of_scope" not in responses(messages)
