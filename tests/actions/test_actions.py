"""Action unit tests: rasa_sdk Tracker in, the full list of events and messages out."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.ask_question import AskAge, AskHer2Ish
from actions.change_answer import ActionChangeAnswer
from actions.conversation import (
    ActionConsentDeclined,
    ActionDefaultFallback,
    ActionGreet,
    ActionRestart,
    ActionSmallTalk,
    ActionStartScreening,
)
from actions.outcome import ActionGiveOutcome
from actions.screening_form import ValidateScreeningForm
from actions.screening_state import trial
from actions.summary import ActionShowSummary
from tests.actions.trackers import ELIGIBLE_ANSWERS, domain, make_tracker, slot_events

FORM = "screening_form"


async def run(action: Any, tracker: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run an action; return (events, messages)."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain())
    return events, dispatcher.messages


def responses(messages: list[dict[str, Any]]) -> list[str]:
    """The response names the action sent, in order."""
    return [m["response"] for m in messages]


# ---------------------------------------------------------------- the form


async def test_clear_answer_is_recorded_and_the_next_question_requested() -> None:
    tracker = make_tracker(
        {"phase": "screening", "requested_slot": "her2_ihc"}, "her2 1+", {"her2_ihc": "her2 1+"}, FORM
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slot_events(events) == [
        ("her2_ihc", "1+"),
        ("reprompts", 0),
        (
            "answer_log",
            [
                {
                    "question": "her2_ihc",
                    "said": "her2 1+",
                    "read_as": {"her2_ihc": "1+"},
                    "how": "her2_read",
                    "details": {"result": "1+"},
                    "evidence": [],
                }
            ],
        ),
        ("requested_slot", "anti_her2"),
    ]
    assert messages == []


async def test_one_message_can_answer_the_ish_question_too() -> None:
    said = "her2 was 2+ but fish negative"
    tracker = make_tracker({"requested_slot": "her2_ihc"}, said, {"her2_ihc": said}, FORM)
    events, _ = await run(ValidateScreeningForm(), tracker)
    slots = dict(slot_events(events))
    assert slots["her2_ihc"] == "2+"
    assert slots["her2_ish"] == "negative"
    assert slots["requested_slot"] == "anti_her2"


async def test_unclear_answer_is_not_taken_and_asked_again() -> None:
    tracker = make_tracker({"requested_slot": "anti_her2", "her2_ihc": "1+"}, "asdfgh", {"anti_her2": "asdfgh"}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slot_events(events) == [("anti_her2", None), ("reprompts", 1), ("requested_slot", "anti_her2")]
    assert responses(messages) == ["utter_not_understood"]


async def test_second_unclear_answer_is_noted_as_not_sure() -> None:
    tracker = make_tracker(
        {"requested_slot": "anti_her2", "her2_ihc": "1+", "reprompts": 1}, "qwerty", {"anti_her2": "qwerty"}, FORM
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    slots = slot_events(events)
    assert slots[0] == ("anti_her2", "not_sure")
    assert slots[1] == ("reprompts", 0)
    assert slots[2][1][-1]["how"] == "not_understood_twice"
    assert slots[3] == ("requested_slot", "chemo_metastatic")
    assert responses(messages) == ["utter_noted_not_sure"]


async def test_group_question_asks_which_one_for_a_bare_yes() -> None:
    answers = {k: v for k, v in ELIGIBLE_ANSWERS.items() if k not in ("heart_lung", "other_conditions", "allergies")}
    tracker = make_tracker({**answers, "requested_slot": "heart_lung"}, "yes", {"heart_lung": "yes"}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert ("heart_lung", None) in slot_events(events)
    assert responses(messages) == ["utter_not_understood_group"]


async def test_clear_exclusion_ends_the_questions_and_says_why() -> None:
    tracker = make_tracker({"requested_slot": "her2_ihc"}, "IHC 0", {"her2_ihc": "IHC 0"}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slot_events(events)[0] == ("her2_ihc", "0")
    assert slot_events(events)[-1] == ("requested_slot", None)
    assert responses(messages) == ["utter_early_exclusion"]
    assert "score is 0" in messages[0]["reason"]


async def test_answers_already_read_are_kept_when_the_form_restarts() -> None:
    # Rasa re-validates filled slots when the form is activated again (after "change an answer").
    answers = {**ELIGIBLE_ANSWERS, "age": None}
    tracker = make_tracker(answers, '/change_answer{"question": "age"}', {"hormone_receptor": "positive"}, FORM)
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slot_events(events) == [("requested_slot", "age")]
    assert messages == []


async def test_wrong_button_value_is_not_taken() -> None:
    payload = '/answer{"choice": "banana"}'
    tracker = make_tracker({"requested_slot": "anti_her2", "her2_ihc": "1+"}, payload, {"anti_her2": payload}, FORM)
    events, _ = await run(ValidateScreeningForm(), tracker)
    assert ("anti_her2", None) in slot_events(events)


# ---------------------------------------------------------- ask actions


async def test_question_shows_progress_text_and_buttons() -> None:
    answers = {k: ELIGIBLE_ANSWERS[k] for k in list(ELIGIBLE_ANSWERS)[:6]}
    events, messages = await run(AskAge(), make_tracker(answers, active_loop=FORM))
    assert events == []
    [message] = messages
    assert message["response"] == "utter_question"
    assert (message["number"], message["total"]) == (7, 12)
    assert message["question"].startswith("How old are you?")
    titles = [b["title"] for b in message["buttons"]]
    assert titles == ["18 to 75", "Under 18", "Over 75", "Not sure", "Why do you ask?"]
    assert message["buttons"][0]["payload"] == '/answer{"choice": "from_18_to_75"}'


async def test_ish_question_is_part_two_of_the_her2_question() -> None:
    _, messages = await run(AskHer2Ish(), make_tracker({"her2_ihc": "2+"}, active_loop=FORM))
    assert messages[0]["response"] == "utter_question_follow_up"
    assert (messages[0]["number"], messages[0]["total"]) == (1, 12)


# ------------------------------------------------------ summary and outcome


async def test_summary_lists_the_answers_in_plain_words() -> None:
    events, messages = await run(ActionShowSummary(), make_tracker(ELIGIBLE_ANSWERS))
    assert slot_events(events) == [("phase", "summary")]
    summary = messages[0]["summary"]
    assert "- HER2 test result: 1+" in summary
    assert "- Age: 54" in summary
    assert "- Daily activity: Only light work, like housework" in summary
    assert len(summary.splitlines()) == 12


async def test_outcome_likely_eligible() -> None:
    events, messages = await run(ActionGiveOutcome(), make_tracker({**ELIGIBLE_ANSWERS, "phase": "summary"}, "/affirm"))
    assert slot_events(events) == [
        ("screening_outcome", "likely_eligible"),
        ("criteria_not_met", []),
        ("criteria_unknown", []),
        ("phase", "contact_offer"),
    ]
    assert responses(messages) == [
        "utter_outcome_likely_eligible",
        "utter_next_steps_eligible",
        "utter_site_checks",
        "utter_ask_share_contact",
    ]
    assert messages[1]["contact"] == "Qingyuan Zhang, Doctor"
    assert messages[1]["nct_id"] == "NCT06561607"


async def test_outcome_not_eligible_names_the_criterion() -> None:
    answers = {**ELIGIBLE_ANSWERS, "anti_her2": "yes"}
    events, messages = await run(ActionGiveOutcome(), make_tracker(answers, "yes, that's right"))
    assert slot_events(events) == [
        ("screening_outcome", "not_eligible"),
        ("criteria_not_met", ["EXC-19"]),
        ("criteria_unknown", []),
        ("phase", "outcome"),
    ]
    assert responses(messages) == ["utter_outcome_not_eligible", "utter_other_options"]
    assert "targets HER2" in messages[0]["reasons"]


async def test_outcome_needs_review_says_what_is_missing() -> None:
    answers = {**ELIGIBLE_ANSWERS, "her2_ihc": "negative", "other_conditions": "not_sure"}
    events, messages = await run(ActionGiveOutcome(), make_tracker(answers, "yes, that's right"))
    slots = dict(slot_events(events))
    assert slots["screening_outcome"] == "needs_review"
    assert slots["criteria_unknown"] == ["INC-03A", "EXC-04", "EXC-08", "EXC-11", "EXC-12", "EXC-13", "EXC-16"]
    assert responses(messages) == ["utter_outcome_needs_review", "utter_where_to_find", "utter_ask_share_help"]
    missing = messages[0]["missing"].splitlines()
    assert len(missing) == 2  # one line for HER2, one for the whole group
    assert "HER2 score" in missing[0]


# ------------------------------------------------------------ conversation


async def test_change_answer_with_a_question_reopens_it() -> None:
    tracker = make_tracker({**ELIGIBLE_ANSWERS, "her2_ish": "negative", "her2_ihc": "2+", "change_target": "her2_ihc"})
    events, messages = await run(ActionChangeAnswer(), tracker)
    assert slot_events(events) == [
        ("her2_ihc", None),
        ("her2_ish", None),
        ("change_target", None),
        ("reprompts", 0),
        ("phase", "screening"),
    ]
    assert messages == []


@pytest.mark.parametrize("target", [None, "banana", "her2_ish"])
async def test_change_answer_without_a_valid_question_shows_the_choices(target: str | None) -> None:
    events, messages = await run(ActionChangeAnswer(), make_tracker({**ELIGIBLE_ANSWERS, "change_target": target}))
    assert slot_events(events) == [("change_target", None), ("phase", "choosing")]
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/change_answer{"question": "her2_ihc"}'
    assert len(messages[0]["buttons"]) == 12


# The patient's own words at the summary (or at "which answer?"): (language, intent, said,
# the change read). The eligible patient answered "no chemo since it spread".
CORRECTIONS = [
    ("zh", "inform", "没有做过化疗，只吃过来曲唑", None),  # the same answer said again: no change
    ("zh", "deny", "不对，转移以后我做过化疗", {"chemo_metastatic": "metastatic"}),
    ("en", "deny", "no, I had chemo after it spread", {"chemo_metastatic": "metastatic"}),
    ("en", "inform", "actually I did have chemo after it came back", {"chemo_metastatic": "metastatic"}),
    ("zh", "inform", "说错了，上个月CT显示肝上没有新病灶，稳定", {"progression": "no"}),
    ("en", "deny", "no, the scan showed it is stable", {"progression": "no"}),
    ("zh", "inform", "不对，只在乳房，没有转移", {"disease_extent": "early_or_removable"}),
]


@pytest.mark.parametrize(("language", "intent", "said", "change"), CORRECTIONS)
@pytest.mark.parametrize("action", [ActionChangeAnswer, ActionDefaultFallback])
@pytest.mark.parametrize("phase", ["summary", "choosing"])
async def test_a_new_answer_in_the_words_at_the_summary_is_taken(
    language: str, intent: str, said: str, change: dict[str, str] | None, action: Any, phase: str
) -> None:
    """ "不对，转移以后我做过化疗" at the summary changes the answer, says so, and the questions go on."""
    slots = {**ELIGIBLE_ANSWERS, "phase": phase, "language": language}
    tracker = make_tracker(slots, said, intent=intent)
    events, messages = await run(action(), tracker)
    if events == [{"event": "followup", "name": "action_answer_prompt", "timestamp": None}]:
        events, messages = await run(ActionChangeAnswer(), tracker)  # a "no, ..." to "Is this right?"
    if change is None:  # nothing new: the choices (change_answer) or the summary again (fallback)
        assert all(e.get("name") != "chemo_metastatic" for e in events)
        return
    set_slots = dict(slot_events([e for e in events if e["event"] == "slot"]))
    assert {k: set_slots[k] for k in change} == change
    assert set_slots["phase"] == "screening" and set_slots["answer_log"][-1]["said"] == said
    assert events[-1] == {"event": "followup", "name": FORM, "timestamp": None}
    assert responses(messages) == ["utter_answer_changed"]
    summary = trial().question(next(iter(change))).summary
    assert summary.get(language) in messages[0]["answers"]


async def test_greeting_introduces_and_asks_consent() -> None:
    events, messages = await run(ActionGreet(), make_tracker())
    assert slot_events(events) == [("phase", "consent")]
    assert responses(messages) == [
        "utter_greet",
        "utter_explain_process",
        "utter_privacy",
        "utter_emergency",
        "utter_ask_consent",
    ]


async def test_greeting_after_the_outcome_does_not_start_again() -> None:
    events, messages = await run(ActionGreet(), make_tracker({"phase": "outcome"}, "hello again"))
    assert events == []
    assert responses(messages) == ["utter_screening_finished"]


@pytest.mark.parametrize(("said", "language"), [("yesterday", "en"), ("昨天", "zh")])
async def test_a_greeting_without_a_greeting_word_is_said_to_be_not_understood(said: str, language: str) -> None:
    """The classifier took "yesterday" for a greeting at the contact offer: sorry first, then the offer again."""
    tracker = make_tracker({"phase": "outcome", "language": language}, said)
    _, messages = await run(ActionGreet(), tracker)
    assert responses(messages) == ["utter_default", "utter_screening_finished"]


@pytest.mark.parametrize(("said", "language"), [("hi there", "en"), ("您好", "zh"), ("在吗", "zh")])
async def test_a_greeting_word_gets_no_apology(said: str, language: str) -> None:
    _, messages = await run(ActionGreet(), make_tracker({"phase": "outcome", "language": language}, said))
    assert responses(messages) == ["utter_screening_finished"]


async def test_consent_declined_ends() -> None:
    events, messages = await run(ActionConsentDeclined(), make_tracker({"phase": "consent"}, "no thanks"))
    assert slot_events(events) == [("phase", "ended")]
    assert responses(messages) == ["utter_consent_declined"]


async def test_fallback_at_consent_reverts_and_asks_again() -> None:
    events, messages = await run(ActionDefaultFallback(), make_tracker({"phase": "consent"}, "blah"))
    assert events == [{"event": "rewind", "timestamp": None}]
    assert responses(messages) == ["utter_default", "utter_ask_consent"]


async def test_restart_clears_then_greets() -> None:
    events, messages = await run(ActionRestart(), make_tracker(ELIGIBLE_ANSWERS, "start over"))
    assert events[0] == {"event": "restart", "timestamp": None}
    assert slot_events(events[1:]) == [("language", "en"), ("phase", "consent")]
    assert responses(messages)[0] == "utter_restarting"
    assert responses(messages)[-1] == "utter_ask_consent"


@pytest.mark.parametrize("text", ["/restart_nonexistent_intent", "/restarted", "/restartfoo{}"])
async def test_a_longer_payload_that_begins_like_restart_restarts_nothing(text: str) -> None:
    # found by the fuzz tests: "/restart_nonexistent_intent" wiped a patient's answers
    events, messages = await run(ActionRestart(), make_tracker({**ELIGIBLE_ANSWERS, "phase": "screening"}, text))
    assert {"event": "restart", "timestamp": None} not in events
    assert responses(messages)[0] == "utter_default"


async def test_the_restart_payload_restarts() -> None:
    events, _ = await run(ActionRestart(), make_tracker(ELIGIBLE_ANSWERS, "/restart"))
    assert events[0] == {"event": "restart", "timestamp": None}


async def test_why_during_a_question_explains_that_question() -> None:
    tracker = make_tracker({"requested_slot": "age"}, "why do you need that", {"age": "why do you need that"}, FORM)
    tracker.latest_message["intent"] = {"name": "ask_why", "confidence": 0.93}
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slot_events(events) == [("age", None), ("requested_slot", "her2_ihc")]
    assert responses(messages) == ["utter_why"]
    assert messages[0]["why"] == "The study is for people aged 18 to 75."


async def test_an_answer_wins_over_a_why_guess() -> None:
    tracker = make_tracker(
        {"requested_slot": "disease_extent"}, "metastatic", {"disease_extent": "metastatic"}, FORM, intent="ask_why"
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert ("disease_extent", "metastatic") in slot_events(events)
    assert messages == []


async def test_nonsense_is_not_a_why_even_if_the_nlu_says_so() -> None:
    nonsense = "x" * 10_000
    tracker = make_tracker({"requested_slot": "age"}, nonsense, {"age": nonsense}, FORM, intent="ask_why")
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert responses(messages) == ["utter_not_understood"]
    assert ("reprompts", 1) in slot_events(events)


@pytest.mark.parametrize("said", ["", "asdfgh", "🙂", "yes and no", "maybe", "<b>yes</b>?", "sí"])
async def test_consent_needs_a_plain_yes(said: str) -> None:
    events, messages = await run(ActionStartScreening(), make_tracker({"phase": "consent"}, said, intent="affirm"))
    assert slot_events(events) == [("phase", "consent")]
    assert responses(messages) == ["utter_default", "utter_ask_consent"]


@pytest.mark.parametrize("said", ["/affirm", "yes", "Yes, let's start", "ok", "sure, go ahead"])
async def test_consent_given_records_version_and_time(said: str) -> None:
    events, messages = await run(ActionStartScreening(), make_tracker({"phase": "consent"}, said, intent="affirm"))
    consent = dict(slot_events(events))["consent"]
    assert consent["version"].startswith("screening-") and len(consent["version"]) == len("screening-") + 12
    assert consent["at"].endswith("+00:00")
    assert slot_events(events)[-1] == ("phase", "screening")
    assert responses(messages) == ["utter_lets_begin"]


@pytest.mark.parametrize("said", ["asdfgh", "", "no idea"])
async def test_refusal_needs_a_plain_no(said: str) -> None:
    events, messages = await run(ActionConsentDeclined(), make_tracker({"phase": "consent"}, said, intent="deny"))
    assert slot_events(events) == [("phase", "consent")]
    assert responses(messages) == ["utter_default", "utter_ask_consent"]


async def test_outcome_needs_a_plain_yes_to_the_summary() -> None:
    events, messages = await run(ActionGiveOutcome(), make_tracker(ELIGIBLE_ANSWERS, "asdfgh qwerty", intent="affirm"))
    assert slot_events(events) == [("phase", "summary")]
    assert responses(messages) == ["utter_default", "utter_summary"]


@pytest.mark.parametrize(
    ("said", "intent", "reply"),
    [("thank you", "thank", ["utter_you_are_welcome"]), ("bye", "goodbye", ["utter_goodbye"])],
)
async def test_small_talk(said: str, intent: str, reply: list[str]) -> None:
    _, messages = await run(ActionSmallTalk(), make_tracker({"phase": "outcome"}, said, intent=intent))
    assert responses(messages) == reply


async def test_small_talk_guess_on_nonsense_reprompts() -> None:
    _, messages = await run(ActionSmallTalk(), make_tracker({"phase": "summary"}, "asdfgh", intent="thank"))
    assert responses(messages) == ["utter_default", "utter_summary"]


@pytest.mark.parametrize(
    ("said", "intent", "reply"),
    [
        ("wait, I want to change an answer", "change_answer", "utter_change_at_summary"),
        ("thanks", "thank", "utter_you_are_welcome"),
        ("hi", "greet", "utter_hello_again"),
        ("bye", "goodbye", "utter_paused"),
    ],
)
async def test_side_remarks_mid_question_count_no_failure(said: str, intent: str, reply: str) -> None:
    tracker = make_tracker(
        {"requested_slot": "anti_her2", "her2_ihc": "1+", "reprompts": 1},
        said,
        {"anti_her2": said},
        FORM,
        intent=intent,
    )
    events, messages = await run(ValidateScreeningForm(), tracker)
    assert slot_events(events) == [("anti_her2", None), ("requested_slot", "anti_her2")]  # reprompts untouched
    assert responses(messages) == [reply]


async def test_the_outcome_is_stored_with_the_words_encrypted(temporary_store: Any) -> None:
    log = [{"question": "anti_her2", "said": "never had herceptin", "read_as": {"anti_her2": "no"}, "how": "said no"}]
    consent = {"version": "screening-consent-v1", "at": "2026-11-26T10:00:00+00:00", "purpose": "screening"}
    tracker = make_tracker({**ELIGIBLE_ANSWERS, "answer_log": log, "consent": consent}, "yes")
    await run(ActionGiveOutcome(), tracker)
    await run(ActionGiveOutcome(), tracker)  # told twice, stored once
    from sqlalchemy import select

    from actions.store_access import store
    from bot.store.database import transaction
    from bot.store.schema import Screening

    engine, cipher = store()
    with transaction(engine) as session:
        [screening] = session.execute(select(Screening)).scalars().all()
        assert screening.outcome == "likely_eligible"
        assert cipher.decrypt(screening.answers[0].said_encrypted) == "never had herceptin"
        assert {r.criterion_id: r.result for r in screening.results}["EXC-19"] == "met"
        assert [c.text_version for c in screening.participant.consents] == ["screening-consent-v1"]
    raw = b"".join(p.read_bytes() for p in temporary_store.glob("screening.db*"))
    assert b"never had herceptin" not in raw


def test_consent_version_changes_with_the_words() -> None:
    from actions.consent import SCREENING, consent_version

    first = consent_version(SCREENING, domain())
    changed = {"responses": {**domain()["responses"], "utter_privacy": [{"text": "We keep it forever."}]}}
    assert consent_version(SCREENING, domain()) == first
    assert consent_version(SCREENING, changed) != first
    assert first.startswith("screening-")


@pytest.mark.parametrize("phase", ["contact_offer", "referred", "screening"])
async def test_greeting_later_never_reopens_consent(phase: str) -> None:
    events, messages = await run(ActionGreet(), make_tracker({**ELIGIBLE_ANSWERS, "phase": phase}, "hi"))
    assert ("phase", "consent") not in slot_events([e for e in events if e.get("event") == "slot"])
    assert "utter_ask_consent" not in responses(messages)


@pytest.mark.parametrize(("language", "text"), [("zh", "年龄"), ("zh", "年龄。"), ("en", "Age")])
async def test_a_typed_label_while_choosing_reopens_that_question(language: str, text: str) -> None:
    tracker = make_tracker({**ELIGIBLE_ANSWERS, "phase": "choosing", "language": language}, text)
    events, messages = await run(ActionDefaultFallback(), tracker)
    assert events[-1] == {"event": "followup", "name": "screening_form", "timestamp": None}
    slots = slot_events(events[:-1])
    assert ("age", None) in slots and ("phase", "screening") in slots and ("her2_ihc", None) not in slots
    assert messages == []


async def test_words_that_are_no_label_while_choosing_ask_again() -> None:
    tracker = make_tracker({**ELIGIBLE_ANSWERS, "phase": "choosing", "language": "zh"}, "年龄是什么")
    events, messages = await run(ActionDefaultFallback(), tracker)
    assert events[0] == {"event": "rewind", "timestamp": None} and not any(e["event"] == "followup" for e in events)
    assert responses(messages)[0] == "utter_default"


@pytest.mark.parametrize(("said", "language"), [("没", "zh"), ("hmm", "en")])
async def test_an_unclear_message_at_which_answer_shows_the_choices_again(said: str, language: str) -> None:
    """Not the whole summary again (it asks "Is this right?" above the choices)."""
    slots = {**ELIGIBLE_ANSWERS, "phase": "choosing", "language": language}
    events, messages = await run(ActionDefaultFallback(), make_tracker(slots, said, intent="deny"))
    assert responses(messages) == ["utter_default", "utter_which_answer"]
    assert len(messages[1]["buttons"]) == 12
    assert [e for e in events if e["event"] == "slot"] == []  # still choosing


@pytest.mark.parametrize(("said", "language"), [("对，没错", "zh"), ("都对", "zh"), ("yes that's right", "en")])
async def test_a_yes_at_which_answer_confirms_the_summary_after_all(said: str, language: str) -> None:
    slots = {**ELIGIBLE_ANSWERS, "phase": "choosing", "language": language}
    events, messages = await run(ActionDefaultFallback(), make_tracker(slots, said, intent="affirm"))
    assert messages == []
    assert events == [
        {"event": "slot", "name": "phase", "value": "summary", "timestamp": None},
        {"event": "followup", "name": "action_answer_prompt", "timestamp": None},
    ]
