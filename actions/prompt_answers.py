"""A plain yes or no at a yes/no prompt, whatever intent the classifier gave it.

At the consent, summary, contact-offer and read-back prompts (and the erasure
question), a message such as "yes, you can give them my details" may come out of the
classifier as another intent ("emergency" at 0.51, "inform"...). The fallback and the
aside action hand such a message on to this action, which reads the yes or no
(understanding/yes_no.py) and runs the step it means: the same action a button
would run, then the form of the phase it leads to, if it has one.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.change_answer import ActionChangeAnswer
from actions.contact import ActionAgreeToShare, ActionChangeContact, ActionDeclineShare, ActionMakeReferral
from actions.conversation import ActionConsentDeclined, ActionStartScreening
from actions.erase import ActionEraseMyData
from actions.outcome import ActionGiveOutcome
from actions.phases import FORMS, Phase, enter, phase_of
from actions.prompts import remind
from actions.verified_intent import ANSWER_PROMPT, PROMPT_AT, answer_at

# What a yes and a no do at each prompt: the action its button runs.
STEPS: dict[tuple[Phase, str], Action] = {
    (Phase.CONSENT, "yes"): ActionStartScreening(),
    (Phase.CONSENT, "no"): ActionConsentDeclined(),
    (Phase.SUMMARY, "yes"): ActionGiveOutcome(),
    (Phase.SUMMARY, "no"): ActionChangeAnswer(),
    (Phase.CONTACT_OFFER, "yes"): ActionAgreeToShare(),
    (Phase.CONTACT_OFFER, "no"): ActionDeclineShare(),
    (Phase.CONTACT_CONFIRM, "yes"): ActionMakeReferral(),
    (Phase.CONTACT_CONFIRM, "no"): ActionChangeContact(),
}


class ActionAnswerPrompt(Action):
    """Do what a plain yes or no at the current prompt means."""

    def name(self) -> str:
        """Action name."""
        return ANSWER_PROMPT

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The step of the yes or no, then the form it opens; an unclear message: the prompt again."""
        phase = phase_of(tracker)
        if phase is Phase.ERASING:
            return list(await ActionEraseMyData().run(dispatcher, tracker, domain))
        prompt = PROMPT_AT.get(phase) if phase else None
        answer = answer_at(tracker, prompt) if prompt else None
        step = STEPS.get((phase, answer)) if phase and answer else None
        if step is None:
            dispatcher.utter_message(response="utter_default")
            return remind(phase, dispatcher, tracker)
        events = list(await step.run(dispatcher, tracker, domain))
        opened = [form for p, form in FORMS.items() if enter(p) in events]
        return events + [FollowupAction(form) for form in opened[-1:]]
