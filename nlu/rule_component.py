"""The base of our rule-only NLU components: nothing to train, nothing to keep."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from typing_extensions import Self


def without_intents(ranking: list[dict[str, Any]], names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The ranking without these intents, the others' confidences scaled to the former sum."""
    kept = [dict(r) for r in ranking if r.get("name") not in names]
    total, left = sum(r.get("confidence", 0.0) for r in ranking), sum(r.get("confidence", 0.0) for r in kept)
    if left > 0:
        for r in kept:
            r["confidence"] = r.get("confidence", 0.0) * total / left
    return kept


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
