"""Issue 14: no yes is lost at a yes/no prompt, the erasure question is answered in every
phase, and the same emergency message said again moves the chat on."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.asides import ActionAnswerAside, is_emergency
from actions.contact import ActionAgreeToShare, ActionDeclineShare, ValidateContactForm
from actions.conversation import ActionDefaultFallback, ActionRestart, ActionStartScreening
from actions.erase import ActionAskDelete, ActionEraseMyData, ActionKeepData
from actions.phases import Phase
from actions.prompt_answers import ActionAnswerPrompt
from actions.screening_form import ValidateScreeningForm
from tests.actions.trackers import domain, make_tracker

PHASES = [p for p in Phase if p is not Phase.ERASING]


async def run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    """Run an action; return (events, the response names it sent)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain())
    return events, [m["response"] for m in dispatcher.messages]


def slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def red_flag(text: str, flag: str = "chest_pain") -> dict[str, Any]:
    return {"entity": "red_flag", "value": flag, "start": 0, "end": len(text)}


def tracker_with(
    slot_values: dict[str, Any],
    said: list[str],
    intent: str = "inform",
    entities: list[Any] | None = None,
    filled: dict[str, Any] | None = None,
    loop: str | None = None,
) -> Tracker:
    """A tracker whose user messages were `said`, the last one parsed as `intent` with `entities`."""
    base = make_tracker({**slot_values, **(filled or {})}, said[-1], intent=intent)
    latest = dict(base.latest_message, entities=entities or [])
    events: list[dict[str, Any]] = []
    for text in said:
        events += [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "parse_data": latest}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (filled or {}).items()]
    active = {"name": loop} if loop else {}
    return Tracker("unit-test", base.slots, latest, events, False, None, active, "action_listen")


# ------------------------------------------------------------ yes and no at the prompts


@pytest.mark.parametrize(
    "text", ["yes, you can give them my details", "sure, pass my details on", "ok they can call me"]
)
async def test_a_yes_that_goes_on_is_a_yes_at_the_contact_offer(text: str) -> None:
    events, said = await run(ActionAgreeToShare(), make_tracker({"phase": "contact_offer"}, text, intent="affirm"))
    assert slots(events)["phase"] == "contact" and "share_consent" in slots(events)
    assert "utter_default" not in said


@pytest.mark.parametrize("text", ["yes... actually no", "yes I'm not sure", "no wait, yes", "yesterday"])
async def test_a_doubtful_yes_is_asked_again_at_the_contact_offer(text: str) -> None:
    events, said = await run(ActionAgreeToShare(), make_tracker({"phase": "contact_offer"}, text, intent="affirm"))
    assert slots(events) == {"phase": "contact_offer"}
    assert said == ["utter_default", "utter_ask_share_contact"]


async def test_a_no_that_goes_on_declines_the_offer() -> None:
    events, said = await run(ActionDeclineShare(), make_tracker({"phase": "contact_offer"}, "no thanks, not now"))
    assert slots(events) == {"phase": "outcome"} and said == ["utter_share_declined"]


async def test_consent_with_a_yes_that_goes_on_starts() -> None:
    events, _said = await run(ActionStartScreening(), make_tracker({"phase": "consent"}, "yes, I'm ready to start"))
    assert slots(events)["phase"] == "screening"


# ------------------------------------------------------------ the erasure question


@pytest.mark.parametrize("phase", PHASES)
async def test_delete_my_data_asks_and_keeps_where_the_patient_was(phase: Phase) -> None:
    events, said = await run(ActionAskDelete(), make_tracker({"phase": phase.value}, "delete my data"))
    assert said == ["utter_ask_delete"]
    assert slots(events) == {"erase_return": phase.value, "phase": "erasing"}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("text", ["yes", "yes please", "Yes, delete everything", "/confirm_delete", "ok wipe it"])
async def test_a_plain_yes_deletes_in_every_phase(phase: Phase, text: str) -> None:
    tracker = make_tracker({"phase": "erasing", "erase_return": phase.value}, text, intent="affirm")
    events, said = await run(ActionEraseMyData(), tracker)
    assert said == ["utter_data_deleted"]
    assert [e["event"] for e in events] == ["restart", "slot"] and slots(events) == {"erase_conversation": True}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("text", ["no", "no thanks", "No, keep it", "/keep_data", "nope, don't delete it"])
async def test_a_plain_no_keeps_and_goes_back_in_every_phase(phase: Phase, text: str) -> None:
    tracker = make_tracker({"phase": "erasing", "erase_return": phase.value}, text, intent="deny")
    events, said = await run(ActionEraseMyData(), tracker)
    assert said[0] == "utter_data_kept" and "utter_data_deleted" not in said
    assert slots(events)["erase_return"] is None
    phases = [e["value"] for e in events if e["event"] == "slot" and e["name"] == "phase"]
    assert phases[0] == phase.value


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("text", ["what?", "yes and no", "no, delete everything", "maybe", "start over", "hmm"])
async def test_anything_else_asks_the_same_question_again(phase: Phase, text: str) -> None:
    tracker = make_tracker({"phase": "erasing", "erase_return": phase.value}, text, intent="affirm")
    events, said = await run(ActionEraseMyData(), tracker)
    assert said == ["utter_default", "utter_ask_delete"] and events == []


async def test_an_emergency_at_the_erasure_question_gets_guidance_then_the_question() -> None:
    text = "I'm having chest pain right now"
    tracker = tracker_with({"phase": "erasing", "erase_return": "summary"}, [text], "emergency", [red_flag(text)])
    events, said = await run(ActionAnswerAside(), tracker)
    assert said == ["utter_emergency_now", "utter_ask_delete"]
    assert slots(events)["flags"][0]["kind"] == "emergency"


async def test_keep_data_goes_back_to_the_phase_before() -> None:
    events, said = await run(ActionKeepData(), make_tracker({"phase": "erasing", "erase_return": "summary"}, "no"))
    assert said[:2] == ["utter_data_kept", "utter_summary"]
    assert slots(events)["phase"] == "summary"


# ------------------------------------------------------------ emergencies versus history


async def test_history_is_no_emergency_even_when_the_classifier_says_so() -> None:
    tracker = tracker_with({}, ["I had a heart attack two years ago"], "emergency")
    assert not is_emergency(tracker)
    assert is_emergency(tracker_with({}, ["I can't breathe"], "emergency"))


async def test_the_same_emergency_again_moves_the_questions_on() -> None:
    text = "my chest hurts so much"
    start = {"phase": "screening", "requested_slot": "age"}
    flag = [red_flag(text)]
    first = tracker_with(start, [text], "emergency", flag, {"age": text}, "screening_form")
    events, said = await run(ValidateScreeningForm(), first)
    assert said[0] == "utter_emergency_now"
    flags = slots(events)["flags"]
    again = tracker_with({**start, "flags": flags}, [text, text], "emergency", flag, {"age": text}, "screening_form")
    events, said = await run(ValidateScreeningForm(), again)
    assert said[0] == "utter_emergency_noted" and "utter_emergency_now" not in said
    assert slots(events).get("reprompts") == 1  # counted as not understood: the next time notes "not sure"
    third = tracker_with(
        {**start, "flags": flags, "reprompts": 1},
        [text, text, text],
        "emergency",
        flag,
        {"age": text},
        "screening_form",
    )
    events, said = await run(ValidateScreeningForm(), third)
    assert said[:2] == ["utter_emergency_noted", "utter_noted_not_sure"]
    assert slots(events)["requested_slot"] != "age"  # the questions go on


async def test_start_over_at_the_erasure_question_asks_it_again() -> None:
    events, said = await run(
        ActionRestart(), make_tracker({"phase": "erasing", "erase_return": "screening"}, "start over")
    )
    assert said == ["utter_default", "utter_ask_delete"] and events == []


async def test_the_same_emergency_again_is_no_contact_detail() -> None:
    text = "I'm passing out"
    flagged = {"phase": "contact", "requested_slot": "contact_name", "flags": [{"kind": "emergency"}]}
    again = tracker_with(flagged, [text, text], "emergency", [red_flag(text, "fainting")], {"contact_name": text})
    events, said = await run(ValidateContactForm(), again)
    assert said == ["utter_emergency_noted"]
    assert slots(events) == {"contact_name": None}


# ------------------------------------------------------------ a yes or no the classifier missed


@pytest.mark.parametrize(
    ("phase", "text", "intent"),
    [
        ("contact_offer", "yes, you can pass my details on to them", "emergency"),
        ("consent", "yep, let's get going", "faq"),
        ("summary", "nope, one of those is off", "out_of_scope"),
    ],
)
async def test_a_plain_yes_or_no_taken_for_an_aside_is_handed_on(phase: str, text: str, intent: str) -> None:
    base = make_tracker({"phase": phase}, text, intent=intent)
    unsure = dict(base.latest_message, intent={"name": intent, "confidence": 0.51})  # as the classifier gave it
    tracker = Tracker(base.sender_id, base.slots, unsure, base.events, False, None, {}, "action_listen")
    events, said = await run(ActionAnswerAside(), tracker)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_answer_prompt"}] and said == []


async def test_a_plain_yes_the_fallback_got_is_handed_on() -> None:
    tracker = make_tracker({"phase": "contact_confirm"}, "yes that's all fine, send it", intent="nlu_fallback")
    events, _said = await run(ActionDefaultFallback(), tracker)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_answer_prompt"}]


async def test_the_yes_at_the_contact_offer_opens_the_contact_form() -> None:
    tracker = make_tracker({"phase": "contact_offer"}, "yes, you can give them my details", intent="emergency")
    events, _said = await run(ActionAnswerPrompt(), tracker)
    assert slots(events)["phase"] == "contact"
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "contact_form"}


async def test_the_no_at_the_consent_ends_without_a_form() -> None:
    events, said = await run(ActionAnswerPrompt(), make_tracker({"phase": "consent"}, "nah not today", intent="inform"))
    assert slots(events) == {"phase": "ended"} and said == ["utter_consent_declined"]
    assert all(e["event"] != "followup" for e in events)


@pytest.mark.parametrize(
    ("phase", "text", "intent"),
    [
        (Phase.CONSENT, "yes, I'm filling this in for my sister", "greet"),  # the classifier said greet (0.82)
        (Phase.CONTACT_OFFER, "yes thanks, they can call me", "thank"),
        (Phase.SUMMARY, "no thank you, one answer is wrong", "thank"),
        (Phase.ERASING, "no thanks, bye", "goodbye"),
    ],
)
async def test_a_greeting_thanks_or_bye_that_opens_with_yes_or_no_at_a_prompt_is_handed_on(
    phase: Phase, text: str, intent: str
) -> None:
    from actions.conversation import ActionGreet, ActionSmallTalk

    action = ActionGreet() if intent == "greet" else ActionSmallTalk()
    events, said = await run(action, tracker_with({"phase": phase.value}, [text], intent=intent))
    assert events == [{"event": "followup", "name": "action_answer_prompt", "timestamp": None}]
    assert said == []


@pytest.mark.parametrize(("text", "intent"), [("hello again", "greet"), ("thanks", "thank"), ("bye", "goodbye")])
async def test_a_plain_greeting_thanks_or_bye_at_a_prompt_is_not_taken_for_an_answer(text: str, intent: str) -> None:
    from actions.conversation import ActionGreet, ActionSmallTalk

    action = ActionGreet() if intent == "greet" else ActionSmallTalk()
    events, _said = await run(action, tracker_with({"phase": Phase.CONTACT_OFFER.value}, [text], intent=intent))
    assert not [e for e in events if e.get("event") == "followup"]
