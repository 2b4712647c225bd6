"""A whole report line fills every question it answers, and the patient is told what was noted."""

from __future__ import annotations

from typing import Any

from actions.screening_form import ValidateScreeningForm
from tests.actions.test_actions import responses, run
from tests.actions.test_asides import asked
from tests.actions.trackers import slot_events
from understanding.terms.matcher import medical_terms


def found(text: str) -> list[dict[str, Any]]:
    """The entities the NLU's medical-terms extractor gives for the text."""
    terms = medical_terms().find(text)
    return [{"entity": t.entity, "value": t.value, "extractor": "MedicalTermExtractor"} for t in terms]


async def test_a_receptor_line_at_the_her2_question_fills_all_three() -> None:
    said = "ER(+, 80%) PR(-) HER2 2+ FISH neg"
    events, messages = await run(ValidateScreeningForm(), asked(said, entities=found(said), question="her2_ihc"))
    slots = dict(slot_events(events))
    assert (slots["her2_ihc"], slots["her2_ish"], slots["hormone_receptor"]) == ("2+", "negative", "positive")
    assert responses(messages) == ["utter_also_noted"]
    noted = messages[0]["answers"]
    assert "Second HER2 test (ISH or FISH): Negative (not amplified)" in noted
    assert "Hormone receptor status: Yes, ER or PR positive" in noted
    assert slots["requested_slot"] == "anti_her2"


async def test_the_ish_result_read_with_the_score_is_said_to_be_noted() -> None:
    said = "IHC HER2 2+ / ISH: no amplification"
    events, messages = await run(ValidateScreeningForm(), asked(said, entities=found(said), question="her2_ihc"))
    slots = dict(slot_events(events))
    assert (slots["her2_ihc"], slots["her2_ish"]) == ("2+", "negative")
    assert "hormone_receptor" not in slots
    assert responses(messages) == ["utter_also_noted"]
    assert messages[0]["answers"] == "Second HER2 test (ISH or FISH): Negative (not amplified)"


async def test_a_her2_line_at_the_hormone_question_fills_the_her2_questions_too() -> None:
    said = "Her2: 2+, ISH negative; ER strong positive 90%"
    tracker = asked(said, entities=found(said), question="hormone_receptor")
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert (slots["hormone_receptor"], slots["her2_ihc"], slots["her2_ish"]) == ("positive", "2+", "negative")
    assert responses(messages) == ["utter_also_noted"]
    assert messages[0]["answers"].startswith("HER2 test result: 2+; Second HER2 test (ISH or FISH)")


async def test_a_pending_ish_is_not_noted_and_is_asked() -> None:
    said = "HER2 2+ (FISH pending), ER 90% PR 40%"
    events, messages = await run(ValidateScreeningForm(), asked(said, entities=found(said), question="her2_ihc"))
    slots = dict(slot_events(events))
    assert slots["her2_ihc"] == "2+" and "her2_ish" not in slots
    assert slots["hormone_receptor"] == "positive"
    assert messages[0]["answers"] == "Hormone receptor status: Yes, ER or PR positive"
    assert slots["requested_slot"] == "her2_ish"
