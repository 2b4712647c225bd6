"""The base of our rule-only NLU components: nothing to train, nothing to keep."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from typing_extensions import Self

FALLBACK = "nlu_fallback"  # when the classifier ranked nothing else


def without_intents(ranking: list[dict[str, Any]], names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The ranking without these intents, the others' confidences scaled to the former sum."""
    kept = [dict(r) for r in ranking if r.get("name") not in names]
    total, left = sum(r.get("confidence", 0.0) for r in ranking), sum(r.get("confidence", 0.0) for r in kept)
    if left > 0:
        for r in kept:
            r["confidence"] = r.get("confidence", 0.0) * total / left
    return kept


def put_first(message: Message, name: str) -> None:
    """Make `name` the message's intent, with confidence 1, at the top of its ranking."""
    top = {"name": name, "confidence": 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


def take_back(message: Message, name: str) -> None:
    """Take the intent `name` out of the message's ranking: the classifier's next guess is read (or the fallback)."""
    ranking = without_intents(message.get(INTENT_RANKING_KEY) or [], (name,))
    best = ranking[0] if ranking else {"name": FALLBACK, "confidence": 1.0}
    message.set(INTENT, {"name": best["name"], "confidence": best["confidence"]}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


class RuleComponent(GraphComponent):
    """A graph component made the same way at training and at run time, from no state."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """A new component (it has nothing to train or keep)."""
        return cls()
