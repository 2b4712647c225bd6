"""The Rasa graph component that adds medical-term entities to every message.

Training stores a snapshot of the lexicon and the language's term words in Rasa's model
storage, so a model keeps reading medicines as it was trained (a spaCy pipeline
saved to disk would not be packed into the model archive); the matchers are
rebuilt from that snapshot at load.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from criteria import load_lexicon
from understanding.terms.matcher import EVERY_LANGUAGE, MedicalTerms, term_words

SNAPSHOT_FILE = "medical_terms.json"


def _snapshot(language: str) -> dict[str, Any]:
    lexicon = [dict(entry) for entry in load_lexicon()]
    return {"lexicon": lexicon, "words": term_words(language)}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class MedicalTermsExtractor(GraphComponent, EntityExtractorMixin):
    """Entities medicine, her2_result, hormone_receptor, age and red_flag (rule-based, spaCy)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """`language` picks the language data files (understanding/languages/) the finders use.

        "every_language" (the default): every language's words, so a Chinese red flag is an emergency
        whatever model reads it; "zh": Chinese and the English report terms Chinese patients
        copy ("HER2 2+"); "en": English only.
        """
        return {"language": EVERY_LANGUAGE}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """Retrain when the lexicon or the language's term words change (data outside the graph)."""
        raw = json.dumps(_snapshot(config.get("language", EVERY_LANGUAGE)), sort_keys=True)
        return hashlib.sha256(raw.encode()).hexdigest()

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        snapshot: Dict[str, Any] | None = None,
    ) -> None:
        """Keep the storage handles; build the matchers when a snapshot is given."""
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._snapshot = snapshot
        self._terms = MedicalTerms(snapshot["lexicon"], snapshot["words"]) if snapshot else None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MedicalTermsExtractor:
        """A new, untrained component."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Snapshot the lexicon from criteria/ and the term words into the model; the training data is not used."""
        snapshot = _snapshot(self._config["language"])
        with self._model_storage.write_to(self._resource) as directory:
            (directory / SNAPSHOT_FILE).write_text(json.dumps(snapshot), encoding="utf-8")
        self._snapshot = snapshot
        self._terms = MedicalTerms(snapshot["lexicon"], snapshot["words"])
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MedicalTermsExtractor:
        """The trained component, its matchers rebuilt from the stored snapshot."""
        with model_storage.read_from(resource) as directory:
            snapshot = json.loads((directory / SNAPSHOT_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, snapshot)

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the terms found in each message's text to its entities."""
        if self._terms is None:
            raise RuntimeError("MedicalTermsExtractor used before training or loading")
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = [
                {
                    ENTITY_ATTRIBUTE_TYPE: term.entity,
                    ENTITY_ATTRIBUTE_VALUE: term.value,
                    ENTITY_ATTRIBUTE_START: term.start,
                    ENTITY_ATTRIBUTE_END: term.end,
                }
                for term in self._terms.find(text)
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave the training data as it is: its entity annotations are not ours to change."""
        return training_data
