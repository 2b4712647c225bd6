"""The patient's language, decided before every turn, and "中文" / "English" at any time (issue 15).

Rasa runs `action_validate_slot_mappings` after each message, before any policy or form
sees it. It sets the `language` slot (understanding/script.py decides): a plain request
("中文", "switch to English") first, else Chinese for a message mostly in Chinese
characters, else the channel's hint (REST metadata `{"language": "zh"}`) on the first
message of a chat, else as it was. So the very message that switched is read, and
answered, in the new language: an answer typed in Chinese is read as an answer.

A request is no answer. Outside the forms, `action_switch_language` (rule in
bot/flows/rules.yml) says so in the new language and says the current prompt again;
inside a form, the form's validation does the same (`switched_now`): the slot Rasa
filled from "English" is emptied and the same question asked again. Nothing else is
touched, so every answer is kept.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions.phases import Phase, phase_of
from actions.prompts import remind, send_welcome
from actions.screening_state import LANGUAGE, REQUESTED_SLOT
from actions.store_access import log_id
from understanding.script import asked_language, choose_language

logger = logging.getLogger(__name__)

SWITCHED = "utter_language_switched"
HINT = "language"  # the key of the channels' REST metadata


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def hint_of(tracker: Tracker) -> Any:
    """The channel's language hint sent with the latest message (None without one)."""
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata.get(HINT) if isinstance(metadata, dict) else None


def starting(tracker: Tracker) -> bool:
    """True at the first message of a chat: no earlier message, and no language set yet (a restart keeps it)."""
    messages = [e for e in tracker.events if e.get("event") == "user"]
    decided = any(e.get("event") == "slot" and e.get("name") == LANGUAGE for e in tracker.events)
    return len(messages) <= 1 and not decided


def current_language(tracker: Tracker) -> str:
    """The language before this message (the slot; English when unset)."""
    return str(tracker.get_slot(LANGUAGE) or "en")


def switched_now(tracker: Tracker, filled: dict[str, Any]) -> bool:
    """True when the message a form just took as an answer is a request for a language."""
    requested = tracker.get_slot(REQUESTED_SLOT)
    text = _text(tracker)
    return bool(requested) and filled.get(requested) == text and asked_language(text) is not None


def ask_again_in_form(
    dispatcher: CollectingDispatcher, tracker: Tracker, filled: dict[str, Any]
) -> list[dict[str, Any]]:
    """Inside a form: say the switch, empty what Rasa filled from the request, ask the same question again."""
    logger.info("language switched in a form: chat=%s language=%s", log_id(tracker), current_language(tracker))
    dispatcher.utter_message(response=SWITCHED)
    requested = tracker.get_slot(REQUESTED_SLOT)
    return [*(SlotSet(slot, None) for slot in filled), SlotSet(REQUESTED_SLOT, requested)]


class ValidateSlotMappings(ValidationAction):
    """Sets the `language` slot before every turn (Rasa's hook for custom slot mappings)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The language after this message, set when it changes (and always at the first message)."""
        before = current_language(tracker)
        first = starting(tracker)
        after = choose_language(before, _text(tracker), hint_of(tracker), first)
        if after == before and not first:
            return []
        if after != before:
            logger.info("language set: chat=%s %s -> %s", log_id(tracker), before, after)
        return [SlotSet(LANGUAGE, after)]


class ActionSwitchLanguage(Action):
    """Outside the forms: "中文" / "English" is said in the new language, then the current prompt again."""

    def name(self) -> str:
        """Action name."""
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Say the switch; then the whole welcome before the questions, else the phase's prompt."""
        logger.info("language switched: chat=%s language=%s", log_id(tracker), current_language(tracker))
        dispatcher.utter_message(response=SWITCHED)
        phase = phase_of(tracker)
        if phase is Phase.CONSENT:  # the introduction was read in the other language: all of it again
            send_welcome(dispatcher)
            return []
        return remind(phase, dispatcher, tracker)
