"""'Delete my data': asked first, then every row about the person and the chat itself."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.phases import phase_of
from actions.prompts import carry_on
from actions.store_access import channel_of, log_id, store
from actions.verified_intent import names_it, said_plainly
from bot.store.database import transaction
from bot.store.deletion import erase_participant

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"  # the tracker store deletes the chat when it sees this set


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
        dispatcher.utter_message(response="utter_ask_delete")
        return []


def erase(tracker: Tracker) -> int:
    """Erase the participant's rows in the store (blocking: run in a thread); return how many screenings."""
    engine, cipher = store()
    with transaction(engine) as session:
        return erase_participant(session, cipher=cipher, channel=channel_of(tracker), sender_id=tracker.sender_id)


class ActionEraseMyData(Action):
    """Erase the participant's rows in the store, then the conversation in Rasa's tracker store."""

    def name(self) -> str:
        """Action name."""
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Delete; say so; the chat starts afresh (its stored events are dropped on save)."""
        if not (names_it(tracker, "erase", "/confirm_delete") and not said_plainly(tracker, "no")):
            return await ActionKeepData().run(dispatcher, tracker, domain)
        try:
            erased = await asyncio.to_thread(erase, tracker)
        except Exception:
            logger.exception("erasure failed: chat=%s", log_id(tracker))
            dispatcher.utter_message(response="utter_delete_failed")
            return []
        logger.info("data erased: chat=%s screenings=%d", log_id(tracker), erased)
        dispatcher.utter_message(response="utter_data_deleted")
        return [Restarted(), SlotSet(ERASE_SLOT, True)]


class ActionKeepData(Action):
    """'No, keep it': carry on where the patient was."""

    def name(self) -> str:
        """Action name."""
        return "action_keep_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Resume the questions (or the contact details), or repeat the current prompt."""
        dispatcher.utter_message(response="utter_data_kept")
        return carry_on(dispatcher, tracker, phase_of(tracker))
