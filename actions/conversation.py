"""Greeting, consent to start, restart and the phase-aware fallback."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import caregiver
from actions.asides import answer_emergency, repeated_emergency
from actions.change_answer import corrections
from actions.consent import SCREENING, consent_record
from actions.phases import Phase, enter, phase_of
from actions.prompts import remind, send_welcome
from actions.screening_state import LANGUAGE, language_of
from actions.store_access import log_id
from actions.summary import reopen_typed
from actions.verified_intent import (
    ANSWER_PROMPT,
    CONSENT,
    SUMMARY,
    answer_at,
    answers_the_prompt,
    names_it,
    said_plainly,
)

logger = logging.getLogger(__name__)

# The phases in which an unclear message is told so before the prompt is repeated.
ASKING = (
    Phase.SCREENING,
    Phase.CONSENT,
    Phase.SUMMARY,
    Phase.CHOOSING,
    Phase.CONTACT_OFFER,
    Phase.CONTACT_CONFIRM,
    Phase.ERASING,
)


class ActionGreet(Action):
    """Hello: the introduction and the consent question, or where we are."""

    def name(self) -> str:
        """Action name."""
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Introduce the bot at the start; later, say again what can be done now.

        Later, a message with no greeting word in it ("yesterday", taken for a greeting) is
        first said to be not understood.

        A plain yes or no at a yes/no prompt that the classifier took for a greeting
        ("yes, I'm filling this in for my sister" came out as greet, 0.82) is handed on.
        """
        if answers_the_prompt(tracker):
            return [FollowupAction(ANSWER_PROMPT)]
        phase = phase_of(tracker)
        if phase not in (None, Phase.CONSENT, Phase.ENDED):
            if not names_it(tracker, "hello", "/greet"):  # "yesterday" was taken for a greeting: not understood
                dispatcher.utter_message(response="utter_default")
            return remind(phase, dispatcher, tracker)
        send_welcome(dispatcher)
        return [enter(Phase.CONSENT)]


class ActionStartScreening(Action):
    """The patient agreed: record the consent (version and time) and start."""

    def name(self) -> str:
        """Action name."""
        return "action_start_screening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Set the phase to screening (the form starts next), unless the yes was not plain.

        Caregiver mode: "Yes, for myself" / "Yes, for someone else" (or "yes, for my
        mum") also say whom the answers are about (actions/caregiver.py).
        """
        audience = caregiver.at_consent(tracker)
        plain_yes = said_plainly(tracker, "yes", CONSENT) or caregiver.is_consent_button(tracker)
        if not plain_yes:
            named = caregiver.named_at_consent(dispatcher, tracker)
            if not named:
                dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_ask_consent")
            return [*(SlotSet(k, v) for k, v in named.items()), enter(Phase.CONSENT)]
        consent = consent_record(SCREENING, domain)
        logger.info("consent given: chat=%s version=%s", log_id(tracker), consent["version"])
        dispatcher.utter_message(response="utter_lets_begin")
        audience_slots = [SlotSet(k, v) for k, v in (audience or {}).items()]
        return [SlotSet("consent", consent), *audience_slots, enter(Phase.SCREENING)]


class ActionRestart(Action):
    """Start over: clear everything, then greet again (overrides Rasa's default)."""

    def name(self) -> str:
        """Rasa's default restart action, replaced."""
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Restart the tracker and show the welcome; a wrong guess of the NLU clears nothing.

        At the erasure question "start over" is no answer: the question is asked again.
        """
        if not names_it(tracker, "restart", "/restart") or phase_of(tracker) is Phase.ERASING:
            dispatcher.utter_message(response="utter_default")
            return remind(phase_of(tracker), dispatcher, tracker)
        dispatcher.utter_message(response="utter_restarting")
        send_welcome(dispatcher)
        return [Restarted(), SlotSet(LANGUAGE, language_of(tracker)), enter(Phase.CONSENT)]


class ActionDefaultFallback(Action):
    """When nothing fits: say so kindly and repeat what can be done now."""

    def name(self) -> str:
        """Rasa's default fallback action, replaced."""
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Forget the unclear message (so the rules still fit) and re-prompt; an emergency is answered first."""
        phase = phase_of(tracker)
        flags = answer_emergency(dispatcher, tracker, None)
        if not flags and not repeated_emergency(tracker) and answers_the_prompt(tracker):
            return [FollowupAction(ANSWER_PROMPT)]  # a plain yes or no the classifier missed
        if phase is Phase.CHOOSING and not flags and (reopened := reopen_typed(tracker)):
            return reopened  # the label of an answer typed, not tapped ("年龄")
        if phase in (Phase.SUMMARY, Phase.CHOOSING) and not flags and (corrected := corrections(dispatcher, tracker)):
            return corrected  # a new answer in the patient's words ("我没做过化疗")
        if phase is Phase.CHOOSING and not flags and answer_at(tracker, SUMMARY) == "yes":
            return [enter(Phase.SUMMARY), FollowupAction(ANSWER_PROMPT)]  # "对，没错": nothing to change after all
        named = caregiver.named_at_consent(dispatcher, tracker) if phase is Phase.CONSENT and not flags else {}
        if not flags and not named and phase in ASKING and not repeated_emergency(tracker):
            dispatcher.utter_message(response="utter_default")
        kept = [SlotSet(k, v) for k, v in {**flags, **named}.items()]
        return [UserUtteranceReverted(), *kept, *remind(phase, dispatcher, tracker)]


class ActionConsentDeclined(Action):
    """The patient said no to starting: thank them and ask nothing more."""

    def name(self) -> str:
        """Action name."""
        return "action_consent_declined"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """End politely (the phase becomes 'ended'), unless the no was not plain."""
        if not said_plainly(tracker, "no", CONSENT):
            dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_ask_consent")
            return [enter(Phase.CONSENT)]
        dispatcher.utter_message(response="utter_consent_declined")
        return [enter(Phase.ENDED)]


class ActionSmallTalk(Action):
    """'Thank you' and 'bye', when the words really say so; otherwise re-prompt."""

    def name(self) -> str:
        """Action name."""
        return "action_small_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Reply to thanks or bye; a wrong guess of the NLU gets the current prompt again.

        A plain yes or no at a yes/no prompt ("yes thanks", "no thank you, bye") is handed on first.
        """
        if answers_the_prompt(tracker):
            return [FollowupAction(ANSWER_PROMPT)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = "thanks" if intent == "thank" else "bye"
        if said_plainly(tracker, kind):
            dispatcher.utter_message(response="utter_you_are_welcome" if kind == "thanks" else "utter_goodbye")
            phase = phase_of(tracker)
            return remind(phase, dispatcher, tracker) if phase is Phase.ERASING else []
        dispatcher.utter_message(response="utter_default")
        return remind(phase_of(tracker), dispatcher, tracker)
