"""Grouped questions in the form (issue 14): several conditions, follow-ups, labels shown back."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.outcome import ActionGiveOutcome
from actions.screening_form import ValidateScreeningForm
from actions.screening_state import answer_label, is_answer, trial
from actions.summary import ActionShowSummary
from bot.navigator.summary import answer_label as navigator_label
from tests.actions.trackers import ELIGIBLE_ANSWERS, domain, make_tracker, slot_events

FORM = "screening_form"
BEFORE_HEART_LUNG = {
    k: v for k, v in ELIGIBLE_ANSWERS.items() if k not in ("heart_lung", "other_conditions", "allergies")
}


async def run(action: Any, tracker: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain())
    return events, dispatcher.messages


async def test_two_conditions_and_a_date_in_one_message() -> None:
    said = "a clot a year ago, and I have heart failure"
    tracker = make_tracker({**BEFORE_HEART_LUNG, "requested_slot": "heart_lung"}, said, {"heart_lung": said}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["heart_lung"] == "blood_clot,heart"
    assert slots["clot_when"] == "before"
    assert slots["requested_slot"] is None  # the heart problem excludes: no more questions
    assert [m["response"] for m in messages] == ["utter_also_noted", "utter_early_exclusion"]
    assert messages[0]["answers"] == "When the blood clot was: More than 6 months ago"
    logged = slots["answer_log"][-1]
    assert logged["read_as"] == {"heart_lung": "blood_clot,heart", "clot_when": "before"}
    assert logged["how"] == "named_several"


async def test_a_condition_without_its_time_asks_the_time_next() -> None:
    said = "I had a DVT in my leg"
    tracker = make_tracker({**BEFORE_HEART_LUNG, "requested_slot": "heart_lung"}, said, {"heart_lung": said}, FORM)
    events, _ = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["heart_lung"] == "blood_clot"
    assert "clot_when" not in slots
    assert slots["requested_slot"] == "clot_when"


async def test_the_time_follow_up_reads_a_relative_time() -> None:
    answers = {**BEFORE_HEART_LUNG, "heart_lung": "blood_clot"}
    said = "about two years ago"
    tracker = make_tracker({**answers, "requested_slot": "clot_when"}, said, {"clot_when": said}, FORM)
    events, _ = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["clot_when"] == "before"
    assert slots["requested_slot"] == "other_conditions"


def test_several_options_are_an_answer_and_shown_by_their_labels() -> None:
    question = trial().question("other_conditions")
    assert is_answer(question, "dialysis,immune")
    assert not is_answer(question, "immune,dialysis")
    shown = answer_label(question, "dialysis,immune", "en")
    assert shown == "Kidney failure that needs dialysis; HIV, another immune system disease, or an organ transplant"
    assert navigator_label(trial(), "other_conditions", "dialysis,immune") == shown


async def test_the_summary_shows_both_conditions_and_the_follow_up() -> None:
    answers = {**ELIGIBLE_ANSWERS, "heart_lung": "blood_clot,heart", "clot_when": "before"}
    tracker = make_tracker({**answers, "phase": "summary"}, "", {}, None)
    _, messages = await run(ActionShowSummary(), tracker)
    text = " ".join(str(m) for m in messages)
    assert "A blood clot in the last 6 months; Heart attack" in text
    assert "More than 6 months ago" in text


async def test_a_follow_up_not_sure_names_its_own_criterion_only() -> None:
    answers = {**ELIGIBLE_ANSWERS, "heart_lung": "blood_clot", "clot_when": "not_sure"}
    events, messages = await run(ActionGiveOutcome(), make_tracker(answers, "yes, that's right"))
    slots = dict(slot_events(events))
    assert slots["screening_outcome"] == "needs_review"
    assert slots["criteria_unknown"] == ["EXC-07"]
    assert messages[0]["missing"] == "- We need to know if you had a blood clot in the last 6 months."


async def test_a_tapped_label_that_says_the_time_is_not_told_back() -> None:
    said = '/answer{"choice": "blood_clot"}'
    tracker = make_tracker({**BEFORE_HEART_LUNG, "requested_slot": "heart_lung"}, said, {"heart_lung": said}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert (slots["heart_lung"], slots["clot_when"]) == ("blood_clot,not_sure", "within")  # the rest: not said
    assert [m["response"] for m in messages] == ["utter_early_exclusion"]
