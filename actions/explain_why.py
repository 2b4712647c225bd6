"""Answer 'why do you ask?' outside the questions (inside, the form answers it)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.phases import phase_of
from actions.prompts import remind
from actions.verified_intent import names_it


class ActionExplainWhy(Action):
    """Why this chat asks anything at all: to see if this one study might fit."""

    def name(self) -> str:
        """Action name."""
        return "action_explain_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The general purpose, then the current prompt again; a wrong guess of the NLU is a fallback."""
        dispatcher.utter_message(
            response="utter_why_general" if names_it(tracker, "why", "/ask_why") else "utter_default"
        )
        return remind(phase_of(tracker), dispatcher, tracker)
