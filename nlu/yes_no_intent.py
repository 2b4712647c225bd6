"""A message that opens with a plain yes or no is `affirm` or `deny`, whatever the classifier guessed.

"yes, you can give them my details" came out as another intent, and at the contact
offer the patient got "Sorry, I did not get that" and the same offer again. Here a
message that understanding/yes_no.py reads as a plain yes or no (it opens with one and
nothing after doubts it or turns it around) becomes `affirm` or `deny`, so the
dialogue's yes/no rules apply; the actions read the words again for their own prompt.
A message that names erasing or starting over, asks for a person or names a change keeps its intent
(those have their own rules), and the emergency component after this one still wins.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.erase_intent_check import names_erasing
from nlu.rule_component import RuleComponent
from understanding.cues import cues_for
from understanding.language import languages
from understanding.normalise import normalise
from understanding.text import has
from understanding.yes_no import prompt_answer

INTENTS = {"yes": "affirm", "no": "deny"}
EMERGENCY_CONFIDENCE = 0.8  # as sure as actions/asides.py wants an emergency guess without a red flag


def answer_of(text: str) -> str | None:
    """'yes' or 'no' when the text says it plainly in one of the bot's languages."""
    for language in languages():
        answer = prompt_answer(text, None, language)
        if answer:
            return answer
    return None


def keeps_its_intent(text: str, intent: str | None, confidence: float) -> bool:
    """True when the words ask for something with its own rule: erasing, starting over, a person, a change.

    A sure guess of an emergency stands too (actions/asides.py reads one this sure as an
    emergency); a weak one does not ("yes, you can pass my details on" came out as an
    emergency at 0.51). A red flag in the words makes it one again after this component.
    """
    if names_erasing(text) or (intent == "emergency" and confidence >= EMERGENCY_CONFIDENCE):
        return True
    words = normalise(text)
    return any(
        has(words, cues.restart)
        or (intent == "human_handoff" and has(words, cues.person))
        or (intent == "change_answer" and has(words, cues.change))
        for cues in (cues_for(language) for language in languages())
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class YesNoIntent(RuleComponent):
    """Makes a plain opening yes or no `affirm` or `deny` (confidence 1)."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark each plain yes or no as such."""
        for message in messages:
            text = str(message.get(TEXT) or "")
            guess = message.get(INTENT) or {}
            top, sure = guess.get("name"), float(guess.get("confidence") or 0.0)
            answer = answer_of(text)
            if answer is None or top == INTENTS[answer] or keeps_its_intent(text, top, sure):
                continue
            intent = {"name": INTENTS[answer], "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent["name"]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
        return messages
