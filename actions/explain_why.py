"""Answer 'why do you ask?' for the question on screen."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.screening_state import REQUESTED_SLOT, language_of, trial
from criteria import localize


class ActionExplainWhy(Action):
    """Why the current question matters for this study (from the trial data)."""

    def name(self) -> str:
        """Action name."""
        return "action_explain_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The question's 'why' line, or the general purpose outside the questions."""
        requested = tracker.get_slot(REQUESTED_SLOT) if tracker.active_loop_name else None
        if requested:
            why = localize(trial().question(requested).why, language_of(tracker))
            dispatcher.utter_message(response="utter_why", why=why)
        else:
            dispatcher.utter_message(response="utter_why_general")
        return []
