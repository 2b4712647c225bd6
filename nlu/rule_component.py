"""The base of our rule-only NLU components: nothing to train, nothing to keep."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from typing_extensions import Self


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
