"""Sentence features from the Chinese characters of a message, read as written.

The word features of the other featurizers see Chinese only as jieba cut it, and jieba
cuts the same phrase differently with other neighbours, typos or Traditional characters
("能参加" one word in one message, "能" + "参加" in the next; "咋弄" unknown). A Chinese
reader sees the characters. This featurizer counts the character n-grams (1 to 3 by
default) of each run of Chinese characters, after the tokenizer's normalisation
(full-width to half-width, Traditional to Simplified), across jieba's cuts but never
across punctuation or other scripts. It gives sentence features only; English text has
none of them (a row of zeros), so English messages are featurized as before.

The vocabulary is the n-grams seen at least `min_count` times in the training messages,
stored in Rasa's model storage (a model keeps its features as it was trained).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.bilingual_tokenizer import HAN_RUN, MAX_CHARS, WIDE_PUNCTUATION, normalise_in_place
from nlu.stored_component import StoredComponent

VOCABULARY_FILE = "han_ngrams.json"


def han_ngrams(text: str, smallest: int, largest: int) -> Iterable[str]:
    """The character n-grams of each Chinese run of the normalised text, in order."""
    clean = normalise_in_place(WIDE_PUNCTUATION.sub(" ", text[:MAX_CHARS]))
    for run in HAN_RUN.finditer(clean):
        chars = run.group()
        for size in range(smallest, largest + 1):
            for start in range(len(chars) - size + 1):
                yield chars[start : start + size]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class HanCharNgrams(SparseFeaturizer, StoredComponent):
    """Counts of the Chinese character n-grams of a message, as its sentence features."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """n-grams of `min_ngram` to `max_ngram` characters, kept when seen `min_count` times."""
        return {**SparseFeaturizer.get_default_config(), "min_ngram": 1, "max_ngram": 3, "min_count": 2}

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """The sizes must make a range of at least one n-gram size."""
        if not 1 <= config["min_ngram"] <= config["max_ngram"]:
            raise ValueError(f"HanCharNgrams: need 1 <= min_ngram <= max_ngram, got {config}")

    def __init__(
        self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, state: List[str] | None
    ) -> None:
        """A featurizer with this vocabulary (empty until trained)."""
        super().__init__(self.__class__.__name__, config)
        self._model_storage = model_storage
        self._resource = resource
        self._index = {gram: i for i, gram in enumerate(state or [])}

    @classmethod
    def read_state(cls, directory: Path) -> List[str]:
        """The vocabulary stored at training."""
        return list(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))

    def _grams(self, text: str) -> Iterable[str]:
        return han_ngrams(text, self._config["min_ngram"], self._config["max_ngram"])

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the n-grams seen at least `min_count` times, in a fixed order, and store them."""
        seen: Counter[str] = Counter()
        for message in training_data.training_examples:
            if message.get(TEXT):
                seen.update(self._grams(message.get(TEXT)))
        vocabulary = sorted(gram for gram, count in seen.items() if count >= self._config["min_count"])
        self._index = {gram: i for i, gram in enumerate(vocabulary)}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def features(self, text: str) -> scipy.sparse.coo_matrix:
        """One row: how often each n-gram of the vocabulary occurs in the text."""
        counts = Counter(i for gram in self._grams(text) if (i := self._index.get(gram)) is not None)
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        rows = np.zeros(len(counts), dtype=np.int64)
        return scipy.sparse.coo_matrix((values, (rows, columns)), shape=(1, max(len(self._index), 1)))

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the sentence features to every message that has text."""
        for message in messages:
            if message.get(TEXT):
                self.add_features_to_message(None, self.features(message.get(TEXT)), TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the training messages as process() does at run time."""
        self.process(training_data.training_examples)
        return training_data
