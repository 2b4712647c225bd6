"""What is asked now: the prompt of each phase, said again after an aside or an unclear message."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.ask_question import send_question
from actions.phases import FORMS, Phase, enter
from actions.screening_state import REQUESTED_SLOT
from actions.summary import send_choices, send_summary

WELCOME = ("utter_greet", "utter_explain_process", "utter_privacy", "utter_emergency")


def send_welcome(dispatcher: CollectingDispatcher) -> None:
    """The introduction: who we are, what we ask, no advice, emergencies, consent."""
    for response in WELCOME:
        dispatcher.utter_message(response=response)
    dispatcher.utter_message(response="utter_ask_consent")


def offer_response(tracker: Tracker) -> str:
    """The offer that fits the outcome: contact about the study, or help with what is missing."""
    return (
        "utter_ask_share_help" if tracker.get_slot("screening_outcome") == "needs_review" else "utter_ask_share_contact"
    )


def read_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Name, phone or e-mail and time, with 'Yes, send it' and 'Change it'."""
    dispatcher.utter_message(
        response="utter_contact_read_back",
        name=tracker.get_slot("contact_name"),
        reach=tracker.get_slot("contact_reach"),
        time=tracker.get_slot("contact_time"),
    )


def resume_screening(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Mid-screening: ask the current question again, or restart the form."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    if tracker.active_loop_name and requested:
        send_question(dispatcher, tracker, requested)
        return []
    return [FollowupAction(FORMS[Phase.SCREENING])]


def remind(phase: Phase | None, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Say again what the patient can do now, in the current phase; before any, the welcome."""
    if phase is Phase.CONSENT:
        dispatcher.utter_message(response="utter_ask_consent")
    elif phase is Phase.SUMMARY:
        send_summary(dispatcher, tracker)
        return [enter(Phase.SUMMARY)]
    elif phase is Phase.CHOOSING:  # the choices again, not the whole summary
        send_choices(dispatcher, tracker)
    elif phase in (Phase.OUTCOME, Phase.ENDED, Phase.REFERRED):
        dispatcher.utter_message(response="utter_screening_finished")
    elif phase is Phase.CONTACT_OFFER:
        dispatcher.utter_message(response=offer_response(tracker))
    elif phase is Phase.CONTACT_CONFIRM:
        read_back(dispatcher, tracker)
    elif phase is Phase.ERASING:
        dispatcher.utter_message(response="utter_ask_delete")
    elif phase is Phase.CONTACT:
        return [FollowupAction(FORMS[Phase.CONTACT])]
    elif phase is Phase.SCREENING:
        return resume_screening(dispatcher, tracker)
    else:
        send_welcome(dispatcher)
        return [enter(Phase.CONSENT)]
    return []


def carry_on(dispatcher: CollectingDispatcher, tracker: Tracker, phase: Phase | None) -> list[dict[str, Any]]:
    """Go back to where the patient was: the form of the phase, if it has one, else its prompt."""
    if phase in FORMS:
        return [FollowupAction(FORMS[phase])]
    return remind(phase, dispatcher, tracker)
