"""Caregiver mode in the actions: asked once, kept in slots, and the texts speak of the patient.

Some wordings here are in no NLU training data: they are only tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.ask_question import AskAntiHer2
from actions.caregiver import AskAudience
from actions.conversation import ActionDefaultFallback, ActionStartScreening
from actions.explain_why import ActionExplainWhy
from actions.outcome import ActionGiveOutcome
from actions.screening_form import ValidateScreeningForm
from actions.summary import ActionShowSummary
from tests.actions.test_actions import responses, run
from tests.actions.trackers import ELIGIBLE_ANSWERS, domain, make_tracker, slot_events

FORM = "screening_form"
MOTHER = {"answering_for": "someone_else", "relation": "mother", "patient_person": "your mother"}


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return dict(slot_events(events))


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ('/affirm{"audience": "self"}', {"answering_for": "self", "relation": "self", "audience_asked": True}),
        ('/affirm{"audience": "someone_else"}', {"answering_for": "someone_else", "relation": None}),
        ("yes, for my mum", {"answering_for": "someone_else", "relation": "mother", "patient_person": "your mother"}),
        ("ok, I'm asking on behalf of my husband", {"relation": "husband", "patient_person": "your husband"}),
        ("yes, for myself", {"answering_for": "self", "relation": "self"}),
        ("yes", {}),
    ],
)
async def test_consent_says_whom_the_answers_are_about(said: str, expected: dict[str, Any]) -> None:
    events, messages = await run(ActionStartScreening(), make_tracker({"phase": "consent"}, said, intent="affirm"))
    slots = slots_of(events)
    assert slots["phase"] == "screening"
    assert responses(messages) == ["utter_lets_begin"]
    for key, value in expected.items():
        assert slots[key] == value, key
    if not expected:
        assert "relation" not in slots


@pytest.mark.parametrize("said", ["no, it's for my mum", "asdf for my mum", "maybe for my dad"])
async def test_a_caregiver_phrase_does_not_make_an_unclear_consent_a_yes(said: str) -> None:
    events, messages = await run(ActionStartScreening(), make_tracker({"phase": "consent"}, said, intent="affirm"))
    slots = slots_of(events)
    assert slots["phase"] == "consent" and "consent" not in slots  # the person is noted; no consent
    assert responses(messages) == ["utter_audience_noted", "utter_ask_consent"]


async def test_someone_else_at_consent_is_asked_whom_first() -> None:
    tracker = make_tracker({"phase": "screening", "answering_for": "someone_else"}, None, None, FORM)
    events, _messages = await run(ValidateScreeningForm(), tracker)
    assert slots_of(events)["requested_slot"] == "audience"
    _events, messages = await run(AskAudience(), tracker)
    assert responses(messages) == ["utter_ask_audience"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[0] == "Myself" and "My mother" in titles and "Another person" in titles


def at_whom(said: str) -> Any:
    """A caregiver's tracker at "Who are the answers about?", answered with `said`."""
    slots = {"phase": "screening", "answering_for": "someone_else", "requested_slot": "audience"}
    return make_tracker(slots, said, {"audience": said}, FORM)


@pytest.mark.parametrize(
    ("said", "relation", "person"),
    [
        ('/answer{"choice": "father"}', "father", "your father"),
        ("My mother", "mother", "your mother"),
        ("it's my wife", "wife", "your wife"),
        ("Another person", "other", "the person you are asking for"),
    ],
)
async def test_the_answer_names_the_person(said: str, relation: str, person: str) -> None:
    events, messages = await run(ValidateScreeningForm(), at_whom(said))
    slots = slots_of(events)
    assert (slots["relation"], slots["patient_person"], slots["audience_asked"]) == (relation, person, True)
    assert slots["requested_slot"] == "her2_ihc"
    assert responses(messages) == ["utter_audience_noted"]


@pytest.mark.parametrize("said", ["hmm", "not sure", "my mum or my dad", '/answer{"choice": "cat"}'])
async def test_an_unclear_answer_is_never_taken_and_asked_again(said: str) -> None:
    events, messages = await run(ValidateScreeningForm(), at_whom(said))
    slots = slots_of(events)
    assert "relation" not in slots
    assert slots["requested_slot"] == "audience"
    assert responses(messages) == ["utter_not_understood"]


async def test_she_at_the_age_question_asks_whom_once_then_reads_the_age() -> None:
    said = "she's 67"
    tracker = make_tracker(
        {"phase": "screening", "requested_slot": "age", **ELIGIBLE_ANSWERS, "age": None}, said, {"age": said}, FORM
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = slots_of(events)
    assert slots["age"] is None
    assert slots["audience_pending"] == {"question": "age", "text": said}
    assert slots["requested_slot"] == "audience"
    assert messages == []
    answer = "my mum"
    after = make_tracker(
        {"phase": "screening", "requested_slot": "audience", **ELIGIBLE_ANSWERS, "age": None, **slots},
        answer,
        {"audience": answer},
        FORM,
    )
    events, messages = await run(ValidateScreeningForm(), after)
    slots = slots_of(events)
    assert (slots["relation"], slots["age"], slots["audience_pending"]) == ("mother", 67, None)
    assert responses(messages) == ["utter_audience_noted"]
    assert slots["requested_slot"] is None  # every question answered


async def test_asked_once_only() -> None:
    said = "he's 58"
    tracker = make_tracker(
        {"phase": "screening", "requested_slot": "age", **ELIGIBLE_ANSWERS, "age": None, "relation": "self"},
        said,
        {"age": said},
        FORM,
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = slots_of(events)
    assert "audience_pending" not in slots and slots["requested_slot"] == "age"
    assert responses(messages) == ["utter_not_understood"]


async def test_naming_the_person_mid_question_sets_it_and_reads_the_answer() -> None:
    said = "I'm asking for my dad, he never had herceptin"
    tracker = make_tracker({"phase": "screening", "requested_slot": "anti_her2"}, said, {"anti_her2": said}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = slots_of(events)
    assert (slots["relation"], slots["anti_her2"]) == ("father", "no")
    assert responses(messages)[0] == "utter_audience_noted"


@pytest.mark.parametrize("relation", [None, "other"])  # the button; "同意，替家人回答" typed ("a relative")
@pytest.mark.parametrize(("said", "language"), [("我妈妈", "zh"), ("是我妈妈", "zh"), ("my mum", "en")])
async def test_whom_said_alone_after_yes_for_someone_else_is_noted(
    said: str, language: str, relation: str | None
) -> None:
    """Yes, for someone else, then "我妈妈" at the first question: the person, not an answer not understood."""
    slots = {
        "phase": "screening", "answering_for": "someone_else", "relation": relation,
        "audience_asked": relation is not None, "requested_slot": "her2_ihc", "language": language,
    }  # fmt: skip
    events, messages = await run(ValidateScreeningForm(), make_tracker(slots, said, {"her2_ihc": said}, FORM))
    found = slots_of(events)
    assert (found["relation"], found["her2_ihc"], found["requested_slot"]) == ("mother", None, "her2_ihc")
    assert responses(messages) == ["utter_audience_noted"]


async def test_someone_elses_history_is_still_not_the_patients() -> None:
    said = "her sister had herceptin"
    tracker = make_tracker(
        {"phase": "screening", "requested_slot": "anti_her2", **MOTHER}, said, {"anti_her2": said}, FORM
    )
    events, _messages = await run(ValidateScreeningForm(), tracker)
    assert slots_of(events)["anti_her2"] is None


async def test_a_caregiver_reads_the_question_about_the_patient() -> None:
    _events, messages = await run(AskAntiHer2(), make_tracker({"phase": "screening", **MOTHER}))
    assert messages[0]["question"].startswith("Has your mother ever had a medicine that targets HER2?")
    _events, messages = await run(AskAntiHer2(), make_tracker({"phase": "screening"}))
    assert messages[0]["question"].startswith("Have you ever had a medicine")


async def test_the_summary_and_outcome_speak_of_the_patient() -> None:
    answers = {**ELIGIBLE_ANSWERS, "anti_her2": "yes", "daily_activity": "fully_active", **MOTHER}
    _events, messages = await run(ActionShowSummary(), make_tracker(answers))
    assert "Does all the usual things" in messages[0]["summary"]
    _events, messages = await run(ActionGiveOutcome(), make_tracker(answers, "yes, that's right"))
    assert "Your mother had a medicine that targets HER2 before." in messages[0]["reasons"]
    assert "You had" not in messages[0]["reasons"]


# The responses that speak of the patient as "you" where a caregiver is not the patient.
SPOKEN_OF_THE_PATIENT = (
    "utter_outcome_likely_eligible",
    "utter_outcome_needs_review",
    "utter_outcome_not_eligible",
    "utter_where_to_find",
    "utter_other_options",
    "utter_ask_share_contact",
    "utter_ask_share_help",
    "utter_ask_contact_name",
    "utter_referral_made",
)


CAREGIVER = {"type": "slot", "name": "answering_for", "value": "someone_else"}


def language_of_variant(variant: dict[str, Any]) -> str:
    """The language a domain variant is for (every variant names one: tests/languages/)."""
    return next(c["value"] for c in variant["condition"] if c["name"] == "language")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", SPOKEN_OF_THE_PATIENT)
def test_domain_responses_have_a_caregiver_variant(name: str, language: str) -> None:
    variants = [v for v in domain()["responses"][name] if language_of_variant(v) == language]
    caregiver = [v for v in variants if CAREGIVER in v["condition"]]
    own = [v for v in variants if CAREGIVER not in v["condition"]]
    assert len(caregiver) == 1 and len(own) == 1
    assert "{patient_person}" in caregiver[0]["text"] or "{patient_persons}" in caregiver[0]["text"]
    assert caregiver[0].get("buttons") == own[0].get("buttons")


def test_the_contact_offer_says_the_patient_must_agree() -> None:
    for name in ("utter_ask_share_contact", "utter_ask_share_help"):
        caregiver = [v for v in domain()["responses"][name] if CAREGIVER in v["condition"]]
        texts = {language_of_variant(v): v["text"] for v in caregiver}
        assert "your own name" in texts["en"] and "{patient_person} must agree" in texts["en"]
        assert "您本人的姓名" in texts["zh"] and "{patient_person}本人同意" in texts["zh"]


async def test_an_exclusion_found_once_whom_is_known_speaks_of_the_patient() -> None:
    pending = {"question": "anti_her2", "text": "she had herceptin last year"}
    slots = {"phase": "screening", "requested_slot": "audience", "answering_for": "someone_else"}
    tracker = make_tracker({**slots, "audience_pending": pending}, "my dad", {"audience": "my dad"}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slots_of(events)["anti_her2"] == "yes"
    assert responses(messages) == ["utter_audience_noted", "utter_early_exclusion"]
    assert messages[1]["reason"].startswith("Your father had a medicine that targets HER2")


@pytest.mark.parametrize("intent", ["affirm", "inform"])
async def test_naming_the_person_at_consent_is_noted_then_consent_asked(intent: str) -> None:
    action = ActionStartScreening() if intent == "affirm" else ActionDefaultFallback()
    said = "I'm asking for my mother"
    events, messages = await run(action, make_tracker({"phase": "consent"}, said, intent=intent))
    slots = slots_of([e for e in events if e["event"] == "slot"])
    assert (slots["relation"], slots["patient_person"]) == ("mother", "your mother")
    assert slots.get("phase", "consent") == "consent"
    assert responses(messages) == ["utter_audience_noted", "utter_ask_consent"]
    assert "consent" not in slots
    tap = make_tracker({"phase": "consent", **MOTHER}, '/affirm{"audience": "someone_else"}', intent="affirm")
    events, _messages = await run(ActionStartScreening(), tap)
    assert slots_of(events)["relation"] == "mother"  # kept: not asked again


@pytest.mark.parametrize(("said", "language"), [("I am asking for my father", "en"), ("我是替我爸爸问的", "zh")])
async def test_a_person_named_at_consent_and_taken_for_why_is_noted(said: str, language: str) -> None:
    tracker = make_tracker({"phase": "consent", "language": language}, said, intent="ask_why")
    events, messages = await run(ActionExplainWhy(), tracker)
    assert ("relation", "father") in slot_events(events)
    assert responses(messages)[0] == "utter_audience_noted" and "utter_default" not in responses(messages)
    assert responses(messages)[-1] == "utter_ask_consent"  # still asked: naming someone is no consent


async def test_a_yes_naming_the_person_and_taken_for_why_is_handed_on_as_a_yes() -> None:
    tracker = make_tracker({"phase": "consent"}, "yes, I'm asking for my daughter", intent="ask_why")
    events, _ = await run(ActionExplainWhy(), tracker)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_answer_prompt"}]


@pytest.mark.parametrize(
    ("said", "language", "person", "persons"),
    [
        ("I'm asking for my mother", "en", "your mother", "your mother's"),
        ("我是帮我妈妈问的", "zh", "您的母亲", "您母亲的"),
    ],
)
async def test_the_person_noted_goes_with_the_message_in_both_forms(
    said: str, language: str, person: str, persons: str
) -> None:
    """The Chinese text says {patient_persons}: missing from the message, Rasa filled the empty slot as "None"."""
    tracker = make_tracker({"phase": "consent", "language": language}, said, intent="inform")
    _events, messages = await run(ActionDefaultFallback(), tracker)
    noted = next(m for m in messages if m.get("response") == "utter_audience_noted")
    assert (noted["patient_person"], noted["patient_persons"]) == (person, persons)
