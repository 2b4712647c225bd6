"""Issue 15: the language slot before every turn, and "中文" / "English" at any time keeping every answer."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contact import ValidateContactForm
from actions.language import ActionSwitchLanguage, ValidateSlotMappings
from actions.screening_form import ValidateScreeningForm
from tests.actions.trackers import ELIGIBLE_ANSWERS, domain, make_tracker, slot_events

FORM = "screening_form"


async def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    """Run an action; return (events, the response names it sent)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain())
    return events, [m.get("response") for m in dispatcher.messages]


def message(text: str, hint: str | None = None, earlier: int = 0, **slots: Any) -> Tracker:
    """A tracker whose latest message is `text` with the channel's hint, after `earlier` messages."""
    tracker = make_tracker(slots, text)
    if hint is not None:
        tracker.latest_message["metadata"] = {"language": hint}
    before = [{"event": "user", "text": f"earlier {n}"} for n in range(earlier)]
    if "language" in slots:
        before.append({"event": "slot", "name": "language", "value": slots["language"]})
    tracker.events[:0] = before
    return tracker


LANGUAGE_SET = [
    # (text, hint, earlier messages, language before, the language slot set; None: not set)
    ("/greet", "zh", 0, None, "zh"),  # the widget on a Chinese page
    ("hi", "zh-hans", 0, None, "zh"),  # Telegram's language_code
    ("hi", None, 0, None, "en"),  # no hint, Latin text: English, decided once
    ("hi", "en", 0, None, "en"),
    ("你好，我想看看这个研究", None, 0, None, "zh"),  # the first message in Chinese
    ("你好", "en", 0, None, "zh"),  # Chinese characters beat the hint
    ("hi", "zh", 3, "en", None),  # the hint only at the start: a chosen English stays
    ("HER2 1+", None, 3, "zh", None),  # a Chinese patient typing report terms stays Chinese
    ("ok", "en", 3, "zh", None),
    ("English", "zh", 3, "zh", "en"),  # a plain request, at any time
    ("switch to English", None, 3, "zh", "en"),
    ("中文", None, 3, "en", "zh"),
    ("說中文", None, 3, "en", "zh"),  # Traditional characters
    ("我沒有做過化療", None, 3, "en", "zh"),  # a Traditional answer: Chinese from now on
    ("my english is bad", None, 3, "zh", None),  # holds the word, asks nothing
]


@pytest.mark.parametrize(("text", "hint", "earlier", "before", "expected"), LANGUAGE_SET)
async def test_the_language_slot_before_every_turn(
    text: str, hint: str | None, earlier: int, before: str | None, expected: str | None
) -> None:
    slots = {"language": before} if before else {}
    events, said = await run(ValidateSlotMappings(), message(text, hint, earlier, **slots))
    assert slot_events(events) == ([("language", expected)] if expected else [])
    assert said == []


def test_the_hook_has_rasa_s_name() -> None:
    assert ValidateSlotMappings().name() == "action_validate_slot_mappings"
    assert "action_validate_slot_mappings" in domain()["actions"]
    assert "action_switch_language" in domain()["actions"]


ANSWERED = {k: v for k, v in ELIGIBLE_ANSWERS.items() if k in ("her2_ihc", "her2_ish", "anti_her2")}


async def test_english_mid_form_keeps_every_answer_and_asks_the_same_question_again() -> None:
    slots = {**ANSWERED, "phase": "screening", "requested_slot": "chemo_metastatic", "language": "en"}
    tracker = make_tracker(slots, "English", {"chemo_metastatic": "English"}, FORM, intent="switch_language")
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert messages == ["utter_language_switched"]
    assert slot_events(events) == [("chemo_metastatic", None), ("requested_slot", "chemo_metastatic")]


async def test_a_chinese_request_at_the_caregiver_question_is_no_answer() -> None:
    slots = {**ANSWERED, "phase": "screening", "requested_slot": "audience", "language": "zh"}
    tracker = make_tracker(slots, "中文", {"audience": "中文"}, FORM, intent="switch_language")
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert messages == ["utter_language_switched"]
    assert slot_events(events) == [("audience", None), ("requested_slot", "audience")]


async def test_a_request_for_chinese_is_not_taken_as_a_name() -> None:
    slots = {"phase": "contact", "requested_slot": "contact_name", "language": "zh"}
    tracker = make_tracker(slots, "请用中文", {"contact_name": "请用中文"}, "contact_form", intent="switch_language")
    events, messages = await run(ValidateContactForm(), tracker)
    assert messages == ["utter_language_switched"]
    assert slot_events(events) == [("contact_name", None), ("requested_slot", "contact_name")]


async def test_a_name_that_holds_the_word_is_still_a_name() -> None:
    slots = {"phase": "contact", "requested_slot": "contact_name", "language": "en"}
    tracker = make_tracker(slots, "Chinese Li", {"contact_name": "Chinese Li"}, "contact_form")
    events, messages = await run(ValidateContactForm(), tracker)
    assert "utter_language_switched" not in messages
    assert ("contact_name", "Chinese Li") in slot_events(events)


async def test_an_answer_in_the_form_is_read_as_usual() -> None:
    slots = {"phase": "screening", "requested_slot": "her2_ihc", "language": "en"}
    tracker = make_tracker(slots, "her2 1+", {"her2_ihc": "her2 1+"}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert "utter_language_switched" not in messages
    assert ("her2_ihc", "1+") in slot_events(events)


async def test_switch_at_consent_says_the_whole_welcome_again() -> None:
    events, messages = await run(ActionSwitchLanguage(), make_tracker({"phase": "consent", "language": "zh"}, "中文"))
    assert messages == [
        "utter_language_switched",
        "utter_greet",
        "utter_explain_process",
        "utter_privacy",
        "utter_emergency",
        "utter_ask_consent",
    ]
    assert events == []


async def test_switch_before_the_greeting_welcomes_in_the_new_language() -> None:
    events, messages = await run(ActionSwitchLanguage(), make_tracker({"language": "zh"}, "中文"))
    assert messages[0] == "utter_language_switched"
    assert messages[-1] == "utter_ask_consent"
    assert slot_events(events) == [("phase", "consent")]


async def test_switch_at_the_summary_shows_the_answers_again() -> None:
    slots = {**ELIGIBLE_ANSWERS, "phase": "summary", "language": "en"}
    events, messages = await run(ActionSwitchLanguage(), make_tracker(slots, "English"))
    assert messages == ["utter_language_switched", "utter_summary"]
    assert slot_events(events) == [("phase", "summary")]


async def test_switch_at_the_erasure_question_asks_it_again() -> None:
    slots = {"phase": "erasing", "erase_return": "screening", "language": "zh"}
    events, messages = await run(ActionSwitchLanguage(), make_tracker(slots, "中文"))
    assert messages == ["utter_language_switched", "utter_ask_delete"]
    assert events == []


async def test_switch_mid_screening_outside_the_form_asks_the_current_question() -> None:
    slots = {**ANSWERED, "phase": "screening", "requested_slot": "chemo_metastatic", "language": "zh"}
    tracker = make_tracker(slots, "中文", active_loop=FORM)
    events, messages = await run(ActionSwitchLanguage(), tracker)
    assert messages == ["utter_language_switched", "utter_question"]
    assert events == []


def test_every_variant_of_the_switch_reply_is_conditioned_on_the_language() -> None:
    variants = domain()["responses"]["utter_language_switched"]
    languages = sorted(c["value"] for v in variants for c in v["condition"] if c["name"] == "language")
    assert languages == ["en", "zh"]
    zh = next(v["text"] for v in variants if v["condition"][0]["value"] == "zh")
    assert "您" in zh and "“English”" in zh and "你" not in zh.replace("您", "")
