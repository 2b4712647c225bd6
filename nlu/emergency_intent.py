"""An emergency term outranks the intent classifier: the message is read as an emergency.

The medical-terms component marks red flags (chest pain, trouble breathing,
self-harm, fainting, heavy bleeding) by rule. Whatever intent the classifier
guessed for such a message ("yes", a fallback...), this component makes it
`emergency`, so the dialogue answers it at once in every phase. A message that names
red flags only as past history ("I had a heart attack two years ago") is an answer,
not an emergency: the classifier's `emergency` is taken back and its next guess read.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.rule_component import RuleComponent, put_first, take_back
from understanding.terms.matcher import medical_terms

EMERGENCY = "emergency"
RED_FLAG = "red_flag"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyIntent(RuleComponent):
    """Sets the intent to `emergency` (confidence 1) when the message holds a red-flag entity."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark each message with a red flag as an emergency; one with past red flags only, not."""
        for message in messages:
            if any(e.get("entity") == RED_FLAG for e in message.get(ENTITIES) or []):
                put_first(message, EMERGENCY)
            elif (message.get(INTENT) or {}).get("name") == EMERGENCY and past_only(str(message.get(TEXT) or "")):
                take_back(message, EMERGENCY)
        return messages


def past_only(text: str) -> bool:
    """True when the text names red flags, each only as past history."""
    return medical_terms().red_flags.only_history(text)
