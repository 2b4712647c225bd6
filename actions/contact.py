"""After a likely match (or a needs-review that wants help): consent to share, details, referral."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import language
from actions.asides import answer_emergency, repeated_emergency
from actions.consent import SHARE_CONTACT, consent_record
from actions.contact_details import clean_name, clean_reach, clean_time, only_yes_or_no
from actions.outcome import store_screening
from actions.phases import Phase, enter
from actions.prompts import offer_response, read_back
from actions.screening_state import assess
from actions.store_access import log_id, store
from actions.verified_intent import CONTACT_CONFIRM, CONTACT_OFFER, said_plainly
from bot.store.database import transaction
from bot.store.referrals import create_referral
from bot.store.schema import Screening
from criteria import Assessment, Outcome

logger = logging.getLogger(__name__)

CONTACT_SLOTS = ("contact_name", "contact_reach", "contact_time")


def ask_again(dispatcher: CollectingDispatcher, response: str, phase: Phase) -> list[dict[str, Any]]:
    """Say it was not clear, repeat the question, keep the phase."""
    dispatcher.utter_message(response="utter_default")
    dispatcher.utter_message(response=response)
    return [enter(phase)]


class ActionAgreeToShare(Action):
    """A plain yes to sharing contact details: record that consent, then ask for them."""

    def name(self) -> str:
        """Action name."""
        return "action_agree_to_share"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Consent (version, time) goes in a slot, kept with the referral; the form follows."""
        if not said_plainly(tracker, "yes", CONTACT_OFFER):
            return ask_again(dispatcher, offer_response(tracker), Phase.CONTACT_OFFER)
        return [SlotSet("share_consent", consent_record(SHARE_CONTACT, domain)), enter(Phase.CONTACT)]


class ActionDeclineShare(Action):
    """A plain no to sharing: nothing is asked; the outcome stands."""

    def name(self) -> str:
        """Action name."""
        return "action_decline_share"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """End kindly, or ask again if the no was not plain."""
        if not said_plainly(tracker, "no", CONTACT_OFFER):
            return ask_again(dispatcher, offer_response(tracker), Phase.CONTACT_OFFER)
        dispatcher.utter_message(response="utter_share_declined")
        return [enter(Phase.OUTCOME)]


class ValidateContactForm(FormValidationAction):
    """Name, phone or e-mail (checked; asked again on a bad format), good time."""

    def name(self) -> str:
        """Rasa's name for this form's validation action."""
        return "validate_contact_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """An emergency gets guidance at once (and is not taken as a detail); else validate.

        The same emergency message again gets a short note, and is not taken as a detail either.
        """
        filled = tracker.slots_to_validate()
        if language.switched_now(tracker, filled):  # "中文": no name; the same detail asked again, in Chinese
            return language.ask_again_in_form(dispatcher, tracker, filled)
        flags = answer_emergency(dispatcher, tracker, None)
        if flags or repeated_emergency(tracker):
            requested = tracker.get_slot("requested_slot")
            return [SlotSet(k, v) for k, v in flags.items()] + ([SlotSet(requested, None)] if requested else [])
        return list(await super().run(dispatcher, tracker, domain))

    def validate_contact_name(self, value: Any, dispatcher: CollectingDispatcher, *_: Any) -> dict[str, Any]:
        """A name with at least one letter, at most 100 characters."""
        name = clean_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(response="utter_contact_name_invalid")
        return {"contact_name": name}

    async def extract_contact_reach(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """A well-formed phone number or e-mail address, whatever intent the NLU guessed for it.

        The slot's mapping skips messages taken for "delete my data" and the like, and
        the classifier once took "mei@example.org" for delete_data.
        """
        if tracker.get_slot("requested_slot") != "contact_reach":
            return {}
        text = str(tracker.latest_message.get("text") or "")
        return {"contact_reach": text} if clean_reach(text) else {}

    def validate_contact_reach(self, value: Any, dispatcher: CollectingDispatcher, *_: Any) -> dict[str, Any]:
        """Exactly one e-mail address or phone number."""
        reach = clean_reach(str(value or ""))
        if reach is None:
            dispatcher.utter_message(response="utter_contact_reach_invalid")
        return {"contact_reach": reach}

    def validate_contact_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, *_: Any
    ) -> dict[str, Any]:
        """A short note of when to call; a plain yes or no ("是的" was kept as the time) is asked again."""
        when = clean_time(str(value or ""))
        if when is not None and only_yes_or_no(when, language.current_language(tracker)):
            when = None
        if when is None:
            dispatcher.utter_message(response="utter_contact_time_invalid")
        return {"contact_time": when}


class ActionReadBackContact(Action):
    """Read the details back before anything is sent."""

    def name(self) -> str:
        """Action name."""
        return "action_read_back_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Read back; the phase becomes 'contact_confirm'."""
        read_back(dispatcher, tracker)
        return [enter(Phase.CONTACT_CONFIRM)]


class ActionChangeContact(Action):
    """'Change it': clear the details and ask for them again."""

    def name(self) -> str:
        """Action name."""
        return "action_change_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The contact form starts again."""
        return [*(SlotSet(slot, None) for slot in CONTACT_SLOTS), enter(Phase.CONTACT)]


def refer(tracker: Tracker, assessment: Assessment, outcome: Outcome) -> str:
    """Store the screening and its referral (with its outbox row) in one go; return the referral number.

    Blocking database work: the action runs it in a thread so that a busy database
    holds up this patient only, not every chat on the action server.
    """
    screening_id = store_screening(tracker, assessment, outcome, [tracker.get_slot("share_consent")])
    engine, cipher = store()
    with transaction(engine) as session:
        referral = create_referral(
            session,
            cipher=cipher,
            screening=session.get(Screening, screening_id),
            name=str(tracker.get_slot("contact_name")),
            contact=str(tracker.get_slot("contact_reach")),
            best_time=str(tracker.get_slot("contact_time")),
        )
        return str(referral.number)


class ActionMakeReferral(Action):
    """A plain yes to the read-back: the referral and its outbox message, in one transaction."""

    def name(self) -> str:
        """Action name."""
        return "action_make_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Store the referral; tell the patient its number; forget the details in the chat."""
        if not said_plainly(tracker, "yes", CONTACT_CONFIRM):
            dispatcher.utter_message(response="utter_default")
            read_back(dispatcher, tracker)
            return [enter(Phase.CONTACT_CONFIRM)]
        assessment = assess(tracker)
        outcome = assessment.outcome or Outcome.NEEDS_REVIEW
        try:
            number = await asyncio.to_thread(refer, tracker, assessment, outcome)
        except Exception:
            logger.exception("could not store the referral: chat=%s", log_id(tracker))
            dispatcher.utter_message(response="utter_referral_failed")
            return [enter(Phase.CONTACT_CONFIRM)]
        logger.info("referral made: chat=%s referral=%s", log_id(tracker), number)
        dispatcher.utter_message(response="utter_referral_made", number=number)
        cleared = [SlotSet(slot, None) for slot in CONTACT_SLOTS]
        return [*cleared, SlotSet("referral_number", number), enter(Phase.REFERRED)]
