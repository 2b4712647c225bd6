"""Greeting, consent to start, restart and the phase-aware fallback."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.screening_state import FORM, LANGUAGE, PHASE, REQUESTED_SLOT, language_of
from actions.store_access import log_id
from actions.verified_intent import names_it, said_plainly

logger = logging.getLogger(__name__)

SCREENING_CONSENT_TEXTS = ("utter_greet", "utter_explain_process", "utter_privacy", "utter_ask_consent")


def consent_version(purpose: str, domain: dict[str, Any], responses: tuple[str, ...]) -> str:
    """A version that changes whenever the words the patient agreed to change: a hash of them."""
    import hashlib
    import json

    texts = {name: domain.get("responses", {}).get(name) for name in responses}
    digest = hashlib.sha256(json.dumps(texts, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    return f"{purpose}-{digest}"


def send_welcome(dispatcher: CollectingDispatcher) -> None:
    """The introduction: who we are, what we ask, no advice, emergencies, consent."""
    for response in ("utter_greet", "utter_explain_process", "utter_privacy", "utter_emergency"):
        dispatcher.utter_message(response=response)
    dispatcher.utter_message(response="utter_ask_consent")


class ActionGreet(Action):
    """Hello: the introduction and the consent question, or where we are."""

    def name(self) -> str:
        """Action name."""
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Introduce the bot at the start; later, say again what can be done now."""
        phase = tracker.get_slot(PHASE)
        if phase not in (None, "consent", "ended"):
            return remind(phase, dispatcher, tracker)
        send_welcome(dispatcher)
        return [SlotSet(PHASE, "consent")]


class ActionStartScreening(Action):
    """The patient agreed: record the consent (version and time) and start."""

    def name(self) -> str:
        """Action name."""
        return "action_start_screening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Set the phase to screening (the form starts next), unless the yes was not plain."""
        if not said_plainly(tracker, "yes"):
            dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_ask_consent")
            return [SlotSet(PHASE, "consent")]
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        version = consent_version("screening", domain, SCREENING_CONSENT_TEXTS)
        logger.info("consent given: chat=%s version=%s", log_id(tracker), version)
        dispatcher.utter_message(response="utter_lets_begin")
        return [
            SlotSet("consent", {"version": version, "at": now, "purpose": "screening"}),
            SlotSet(PHASE, "screening"),
        ]


class ActionRestart(Action):
    """Start over: clear everything, then greet again (overrides Rasa's default)."""

    def name(self) -> str:
        """Rasa's default restart action, replaced."""
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Restart the tracker and show the welcome; a wrong guess of the NLU clears nothing."""
        if not names_it(tracker, "restart", "/restart"):
            dispatcher.utter_message(response="utter_default")
            return remind(tracker.get_slot(PHASE), dispatcher, tracker)
        dispatcher.utter_message(response="utter_restarting")
        send_welcome(dispatcher)
        return [Restarted(), SlotSet(LANGUAGE, language_of(tracker)), SlotSet(PHASE, "consent")]


def remind(phase: str | None, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Say again what the patient can do now, in the current phase."""
    if phase == "consent":
        dispatcher.utter_message(response="utter_ask_consent")
    elif phase in ("summary", "choosing"):
        from actions.summary import send_summary

        send_summary(dispatcher, tracker)
        return [SlotSet(PHASE, "summary")]
    elif phase in ("outcome", "ended", "referred"):
        dispatcher.utter_message(response="utter_screening_finished")
    elif phase == "contact_offer":
        from actions.contact import offer_response

        dispatcher.utter_message(response=offer_response(tracker))
    elif phase == "contact_confirm":
        from actions.contact import read_back

        read_back(dispatcher, tracker)
    elif phase == "contact":
        return [FollowupAction("contact_form")]
    elif phase == "screening":
        return resume_screening(dispatcher, tracker)
    else:
        send_welcome(dispatcher)
        return [SlotSet(PHASE, "consent")]
    return []


class ActionDefaultFallback(Action):
    """When nothing fits: say so kindly and repeat what can be done now."""

    def name(self) -> str:
        """Rasa's default fallback action, replaced."""
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Forget the unclear message (so the rules still fit) and re-prompt; an emergency is answered first."""
        from actions.asides import answer_emergency

        phase = tracker.get_slot(PHASE)
        flags = answer_emergency(dispatcher, tracker, None)
        if not flags and phase in ("screening", "consent", "summary", "choosing", "contact_offer", "contact_confirm"):
            dispatcher.utter_message(response="utter_default")
        kept = [SlotSet(k, v) for k, v in flags.items()]
        return [UserUtteranceReverted(), *kept, *remind(phase, dispatcher, tracker)]


def resume_screening(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Mid-screening: ask the current question again, or restart the form."""
    from actions.ask_question import send_question

    requested = tracker.get_slot(REQUESTED_SLOT)
    if tracker.active_loop_name and requested:
        send_question(dispatcher, tracker, requested)
        return []
    return [FollowupAction(FORM)]


class ActionConsentDeclined(Action):
    """The patient said no to starting: thank them and ask nothing more."""

    def name(self) -> str:
        """Action name."""
        return "action_consent_declined"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """End politely (the phase becomes 'ended'), unless the no was not plain."""
        if not said_plainly(tracker, "no"):
            dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_ask_consent")
            return [SlotSet(PHASE, "consent")]
        dispatcher.utter_message(response="utter_consent_declined")
        return [SlotSet(PHASE, "ended")]


class ActionSmallTalk(Action):
    """'Thank you' and 'bye', when the words really say so; otherwise re-prompt."""

    def name(self) -> str:
        """Action name."""
        return "action_small_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Reply to thanks or bye; a wrong guess of the NLU gets the current prompt again."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = "thanks" if intent == "thank" else "bye"
        if said_plainly(tracker, kind):
            dispatcher.utter_message(response="utter_you_are_welcome" if kind == "thanks" else "utter_goodbye")
            return []
        dispatcher.utter_message(response="utter_default")
        return remind(tracker.get_slot(PHASE), dispatcher, tracker)
