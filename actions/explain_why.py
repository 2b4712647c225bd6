"""Answer 'why do you ask?' outside the questions (inside, the form answers it)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionExplainWhy(Action):
    """Why this chat asks anything at all: to see if this one study might fit."""

    def name(self) -> str:
        """Action name."""
        return "action_explain_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The general purpose; each question's own reason is sent by the form."""
        dispatcher.utter_message(response="utter_why_general")
        return []
