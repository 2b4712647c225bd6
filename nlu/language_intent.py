"""A plain request for a language is `switch_language`, whatever the classifier guessed.

"中文", "English", "switch to English", "请用中文吧" (each language's `switch_to` words,
read by understanding/script.py) must switch at any point of the chat; one word is too
little for the classifier to be sure of, and a word it has never seen ("說中文" in
Traditional characters) would be a fallback. So the words decide: such a message gets
`switch_language` with confidence 1, and a `switch_language` guess for a message that
does not plainly ask ("my english is bad") is taken back, the classifier's next guess read.
The classifier is taught no example of it: twelve cost the held-out FAQ accuracy 0.047
(0.9352 to 0.8889, under its floor of 0.91).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.rule_component import RuleComponent, put_first, take_back
from understanding.script import asked_language

SWITCH = "switch_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageIntent(RuleComponent):
    """Sets `switch_language` (confidence 1) when the words plainly ask for a language, and only then."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark each plain request for a language; take the intent back from any other message."""
        for message in messages:
            if asked_language(str(message.get(TEXT) or "")):
                put_first(message, SWITCH)
            elif (message.get(INTENT) or {}).get("name") == SWITCH:
                take_back(message, SWITCH)
        return messages
