"""Answer 'why do you ask?' outside the questions (inside, the form answers it)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import caregiver
from actions.phases import Phase, phase_of
from actions.prompts import remind
from actions.verified_intent import ANSWER_PROMPT, answers_the_prompt, names_it


class ActionExplainWhy(Action):
    """Why this chat asks anything at all: to see if this one study might fit."""

    def name(self) -> str:
        """Action name."""
        return "action_explain_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The general purpose, then the current prompt again; a wrong guess of the NLU is a fallback.

        At the consent question a wrong guess may name the person asked for ("I am asking for my
        father" was taken for `ask_why`, 0.83): that person is noted, as the fallback notes them.
        """
        phase = phase_of(tracker)
        if names_it(tracker, "why", "/ask_why"):
            dispatcher.utter_message(response="utter_why_general")
            return remind(phase, dispatcher, tracker)
        if answers_the_prompt(tracker):
            return [FollowupAction(ANSWER_PROMPT)]  # "yes, I'm asking for my daughter" (ask_why 0.65)
        named = caregiver.named_at_consent(dispatcher, tracker) if phase is Phase.CONSENT else {}
        if not named:
            dispatcher.utter_message(response="utter_default")
        return [*(SlotSet(k, v) for k, v in named.items()), *remind(phase, dispatcher, tracker)]
