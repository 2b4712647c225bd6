"""The words must ask to delete: without them, the classifier's next guess counts.

The classifier sometimes takes a plain yes or an e-mail address for a wish to delete
("yes please share them" came out as `confirm_delete`, "mei@example.org" as
`delete_data`). The dialogue never erases on such a guess (actions/erase.py checks the
words again), but the patient's answer was lost. Here `delete_data` and
`confirm_delete` stand only when the message is their button or holds a word for
erasing (`erase` in understanding/languages/*.yml: "delete", "remove", "get rid of"...);
otherwise they are taken out of the ranking and the rest is scaled back to add up as
before, so the next intent ("affirm") is read, and the fallback threshold after this
component still applies to it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.rule_component import RuleComponent, put_first, without_intents
from understanding.cues import cues_for
from understanding.language import languages
from understanding.normalise import normalise
from understanding.text import has, is_payload

ERASE_INTENTS = ("delete_data", "confirm_delete")
FALLBACK = "nlu_fallback"  # when the classifier ranked nothing else


@lru_cache(maxsize=1)
def erase_words() -> tuple[str, ...]:
    """The words for erasing in every language the bot has cue words for."""
    return tuple(word for language in languages() for word in cues_for(language).erase)


@lru_cache(maxsize=1)
def _body_and_data_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of the body or a treatment, and the words for data, in every language."""
    body = tuple(word for language in languages() for word in cues_for(language).erase_body)
    data = tuple(word for language in languages() for word in cues_for(language).erase_data)
    return body, data


def tells_of_surgery(text: str) -> bool:
    """True when an erase word is said of the body or a treatment and no data is named."""
    said = normalise(text)
    body, data = _body_and_data_words()
    return has(said, erase_words()) and has(said, body) and not has(said, data)


def names_erasing(text: str) -> bool:
    """True for a delete button's payload or words that ask for erasing.

    Not when the erase word is said of the body or a treatment and no data is named: "a melanoma
    removed from my back in 2012" (an answer about other cancers) had made the bot offer to
    delete everything.
    """
    if any(is_payload(text, f"/{name}") for name in ERASE_INTENTS):
        return True
    return has(normalise(text), erase_words()) and not tells_of_surgery(text)


def without_erasing(ranking: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ranking without the erase intents, confidences scaled to their former sum."""
    return without_intents(ranking, ERASE_INTENTS)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EraseIntentCheck(RuleComponent):
    """Takes `delete_data` and `confirm_delete` back when no word of the message asks to erase.

    An erase word said of the body ("a melanoma removed in 2012") makes the message an answer
    (`inform`): the classifier had ranked goodbye and keep_data next, and the answer was lost.
    """

    def process(self, messages: list[Message]) -> list[Message]:
        """Re-rank each message whose top intent is an erase intent its words do not name."""
        for message in messages:
            top = message.get(INTENT) or {}
            if top.get("name") not in ERASE_INTENTS or names_erasing(str(message.get(TEXT) or "")):
                continue
            if tells_of_surgery(str(message.get(TEXT) or "")):
                put_first(message, "inform")  # the patient's history, whatever else the classifier ranked
                continue
            ranking = without_erasing(message.get(INTENT_RANKING_KEY) or [top])
            best = ranking[0] if ranking else {"name": FALLBACK, "confidence": 1.0}
            message.set(INTENT, {"name": best["name"], "confidence": best["confidence"]}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
