"""The base of our trained NLU components: their state is files in Rasa's model storage."""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from typing_extensions import Self


class StoredComponent(GraphComponent):
    """Made from (config, storage, resource, state): no state when new, the stored one when loaded.

    A subclass's __init__ takes those four (state None: untrained); it is not declared here,
    so that a Rasa base class's own __init__ keeps its place in the method order.
    """

    @classmethod
    @abstractmethod
    def read_state(cls, directory: Path) -> Any:
        """The state that train() wrote into the directory (raises FileNotFoundError when missing)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """An untrained component."""
        return cls(config, model_storage, resource, None)  # type: ignore[call-arg]

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Self:
        """The component as trained (untrained when nothing was stored)."""
        try:
            with model_storage.read_from(resource) as directory:
                state = cls.read_state(directory)
        except (ValueError, FileNotFoundError):
            state = None
        return cls(config, model_storage, resource, state)  # type: ignore[call-arg]
