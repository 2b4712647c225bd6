"""One message, several questions: answers given ahead of time, and earlier answers changed."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.screening_form import ValidateScreeningForm
from actions.summary import send_summary
from tests.actions.test_actions import responses, run
from tests.actions.test_asides import asked
from tests.actions.trackers import slot_events

HERCEPTIN = [{"entity": "medicine", "value": "trastuzumab", "extractor": "MedicalTermExtractor"}]
AGE_54 = [{"entity": "age", "value": 54, "extractor": "MedicalTermExtractor"}]


def logged(events: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    [log] = [v for k, v in slot_events(events) if k == "answer_log"]
    return [(entry["question"], entry["read_as"]) for entry in log]


async def test_an_answer_to_a_later_question_is_noted_too() -> None:
    tracker = asked("I'm 54 and never had Herceptin", entities=[*AGE_54, *HERCEPTIN])
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert (slots["age"], slots["anti_her2"]) == (54, "no")
    assert responses(messages) == ["utter_also_noted"]
    assert messages[0]["answers"] == "Ever had a HER2 medicine: No, never"
    assert logged(events) == [("age", {"age": 54}), ("anti_her2", {"anti_her2": "no"})]
    assert slots["requested_slot"] == "her2_ihc"  # the next unanswered question, not anti_her2


async def test_a_doubtful_extra_answer_is_left_for_its_own_question() -> None:
    tracker = asked("54, and I'm not sure about herceptin", entities=[*AGE_54, *HERCEPTIN])
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert "anti_her2" not in slots  # (the hedge makes the age "not sure" too: doubt is never dropped)
    assert messages == []


async def test_an_answer_already_given_is_not_overwritten_without_a_change() -> None:
    tracker = asked("I'm 54 and I had herceptin", entities=[*AGE_54, *HERCEPTIN], slots={"anti_her2": "no"})
    events, _ = await run(ValidateScreeningForm(), tracker)
    assert "anti_her2" not in dict(slot_events(events))


async def test_without_a_term_the_nlu_found_no_other_question_is_read() -> None:
    events, messages = await run(ValidateScreeningForm(), asked("I'm 54 and never had Herceptin"))
    assert "anti_her2" not in dict(slot_events(events))
    assert messages == []


async def test_an_earlier_answer_changed_in_plain_words() -> None:
    tracker = asked("oh wait, I did have herceptin", "change_answer", 0.9, HERCEPTIN, {"anti_her2": "no"})
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["anti_her2"] == "yes"
    assert slots["age"] is None  # the question asked is not taken from this message
    assert responses(messages) == ["utter_answer_changed", "utter_early_exclusion"]
    assert messages[0]["answers"] == "Ever had a HER2 medicine: Yes"
    assert slots["requested_slot"] is None  # a clear exclusion ends the questions
    assert logged(events) == [("anti_her2", {"anti_her2": "yes"})]


async def test_an_earlier_answer_named_but_not_clear_is_asked_again() -> None:
    earlier = {"her2_ihc": "1+", "anti_her2": "no", "chemo_metastatic": "no"}
    tracker = asked("actually I did have chemo last year", "change_answer", 0.9, slots=earlier)
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["chemo_metastatic"] is None
    assert responses(messages) == ["utter_going_back"]
    assert slots["requested_slot"] == "chemo_metastatic"


async def test_a_change_that_names_no_answer_is_left_for_the_summary() -> None:
    tracker = asked("I made a mistake", "change_answer", 0.9, slots={"chemo_metastatic": "no"})
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_change_at_summary"]
    assert dict(slot_events(events))["age"] is None


async def test_a_late_plain_answer_fills_an_earlier_not_sure_and_the_question_follows() -> None:
    # the bot noted "not sure" after two unclear answers; the patient then says it plainly
    tracker = asked(
        "nope never had herceptin",
        entities=HERCEPTIN,
        slots={"her2_ihc": "1+", "anti_her2": "not_sure", "reprompts": 1},
        question="chemo_metastatic",
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["anti_her2"] == "no"
    assert slots["chemo_metastatic"] is None  # this question is not taken from it
    assert "reprompts" not in slots  # not an unclear answer: no failure counted
    assert responses(messages) == ["utter_noted_other_answer"]
    assert messages[0]["answers"] == "Ever had a HER2 medicine: No, never"
    assert logged(events) == [("anti_her2", {"anti_her2": "no"})]


async def test_an_answer_to_a_later_question_instead_of_this_one_is_noted() -> None:
    tracker = asked("I'm 54", entities=AGE_54, question="her2_ihc")
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert (slots["age"], slots["her2_ihc"]) == (54, None)
    assert responses(messages) == ["utter_noted_other_answer"]
    assert slots["requested_slot"] == "her2_ihc"  # asked again


async def test_a_message_that_answers_nothing_is_still_unclear() -> None:
    tracker = asked("asdfgh", question="her2_ihc")
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_not_understood"]
    assert dict(slot_events(events))["reprompts"] == 1


async def test_answers_noted_in_chinese_take_full_width_punctuation() -> None:
    ages = [{"entity": "age", "value": 62, "extractor": "MedicalTermExtractor"}]
    text = "HER2（++），FISH没扩增，今年六十二岁"
    tracker = asked(text, entities=ages, slots={"language": "zh"}, question="her2_ihc")
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_also_noted"]
    shown = messages[0]["answers"]
    assert "年龄：62" in shown and "；" in shown, shown  # not "年龄: 62; "
    assert ": " not in shown and "; " not in shown


async def test_the_chinese_summary_takes_full_width_colons() -> None:
    tracker = asked("对的", slots={"language": "zh", "her2_ihc": "1+"}, question="age")
    dispatcher = CollectingDispatcher()
    send_summary(dispatcher, tracker)
    summary = dispatcher.messages[0]["summary"]
    assert summary == "- HER2 检测结果：1+"  # not "HER2 检测结果: 1+"
