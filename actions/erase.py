"""'Delete my data': asked first, then every row about the person and the chat itself.

The question puts the chat in the `erasing` phase (the phase it came from is kept in
`erase_return`), so that the answer is read as an answer to it and never as a yes to
the consent, the summary or the contact offer: a plain yes deletes (and says so), a
plain no keeps (and goes back where the patient was), anything else asks the same
question again; an emergency gets the guidance first.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asides import answer_emergency, repeated_emergency
from actions.phases import Phase, enter, phase_of
from actions.prompts import carry_on
from actions.store_access import channel_of, log_id, store
from actions.verified_intent import ERASURE, answer_at, names_it
from bot.store.database import transaction
from bot.store.deletion import erase_participant

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"  # the tracker store deletes the chat when it sees this set
RETURN_SLOT = "erase_return"  # the phase to go back to when the patient keeps their data


def ask_to_erase(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The erasure question; the chat waits for its answer in the `erasing` phase."""
    dispatcher.utter_message(response="utter_ask_delete")
    phase = phase_of(tracker)
    if phase is Phase.ERASING:
        return []
    return [SlotSet(RETURN_SLOT, phase.value if phase else None), enter(Phase.ERASING)]


def phase_before(tracker: Tracker) -> Phase | None:
    """The phase the chat was in when the erasure question was asked."""
    try:
        return Phase(tracker.get_slot(RETURN_SLOT))
    except ValueError:
        return None


class ActionAskDelete(Action):
    """Ask before deleting: it cannot be undone."""

    def name(self) -> str:
        """Action name."""
        return "action_ask_delete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """'Yes, delete everything' or 'No, keep it'; a wrong guess of the NLU gets the current prompt."""
        if not names_it(tracker, "erase", "/delete_data"):
            dispatcher.utter_message(response="utter_default")
            return carry_on(dispatcher, tracker, phase_of(tracker))
        return ask_to_erase(dispatcher, tracker)


def erase(tracker: Tracker) -> int:
    """Erase the participant's rows in the store (blocking: run in a thread); return how many screenings."""
    engine, cipher = store()
    with transaction(engine) as session:
        return erase_participant(session, cipher=cipher, channel=channel_of(tracker), sender_id=tracker.sender_id)


class ActionEraseMyData(Action):
    """The answer to the erasure question: delete, keep, or ask again."""

    def name(self) -> str:
        """Action name."""
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """A plain yes deletes and says so; a plain no keeps; anything else: the same question."""
        if phase_of(tracker) is not Phase.ERASING:  # "yes, delete everything" unasked: ask first
            return await ActionAskDelete().run(dispatcher, tracker, domain)
        slots = answer_emergency(dispatcher, tracker, None)
        if slots or repeated_emergency(tracker):
            dispatcher.utter_message(response="utter_ask_delete")
            return [SlotSet(k, v) for k, v in slots.items()]
        answer = answer_at(tracker, ERASURE)
        if answer == "no":
            return keep(dispatcher, tracker)
        if answer != "yes":
            dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_ask_delete")
            return []
        try:
            erased = await asyncio.to_thread(erase, tracker)
        except Exception:
            logger.exception("erasure failed: chat=%s", log_id(tracker))
            dispatcher.utter_message(response="utter_delete_failed")
            return back(dispatcher, tracker)
        logger.info("data erased: chat=%s screenings=%d", log_id(tracker), erased)
        dispatcher.utter_message(response="utter_data_deleted")
        return [Restarted(), SlotSet(ERASE_SLOT, True)]


def back(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Back to the phase the erasure question interrupted, and its prompt (or form)."""
    phase = phase_before(tracker) if phase_of(tracker) is Phase.ERASING else phase_of(tracker)
    restored = [enter(phase), SlotSet(RETURN_SLOT, None)] if phase else [SlotSet(RETURN_SLOT, None)]
    return restored + carry_on(dispatcher, tracker, phase)


def keep(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Say the data is kept, then carry on where the patient was."""
    dispatcher.utter_message(response="utter_data_kept")
    return back(dispatcher, tracker)


class ActionKeepData(Action):
    """'No, keep it': carry on where the patient was."""

    def name(self) -> str:
        """Action name."""
        return "action_keep_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Resume the questions (or the contact details), or repeat the current prompt."""
        return keep(dispatcher, tracker)
