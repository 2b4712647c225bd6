"""The FAQ ResponseSelector, run only on messages taken for a question about the trial.

Rasa's ResponseSelector ranks all the FAQ answers for every message, whatever its intent,
and that ranking is stored in every user event and sent to the action server with the
tracker. The answer is used only when the intent is the retrieval intent (`faq`: the faq
rule and `actions/asides.trial_answer`), so this selector leaves every other message as
it is: in a py-spy profile under load that was about 6% of the Rasa server's time per turn.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

RETRIEVAL_INTENT = "retrieval_intent"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    """A ResponseSelector that answers only the messages whose intent is its retrieval intent."""

    def asked(self, message: Message) -> bool:
        """True when the intent classifier took the message for this selector's retrieval intent."""
        intent = message.get(INTENT) or {}
        return bool(intent.get(INTENT_NAME_KEY)) and intent.get(INTENT_NAME_KEY) == self.component_config.get(
            RETRIEVAL_INTENT
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Select an answer for the messages that ask; the others are left unchanged."""
        asking = [message for message in messages if self.asked(message)]
        if asking:
            super().process(asking)
        return messages
