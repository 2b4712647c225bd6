"""A second opinion on the intent, from the message's meaning, joined with DIET's.

DIET learns from the words and characters of our training data; a wording it never saw
("我先撤了" for goodbye) can fool it. A logistic regression over the message's multilingual
sentence vector (nlu/sentence_meaning.py: Google's Universal Sentence Encoder, pretrained,
one space for both languages) knows meanings from its pretraining and errs on other
messages than DIET. This component runs right after DIET and joins the two as a product of
experts: each intent's score is DIET's confidence to the power `diet_weight` times the
regression's to the power 1 - `diet_weight`, scaled to sum to 1. An intent both agree on
stays confident; where they disagree, the score drops and the fallback classifier asks
again rather than guess. The weight and C were chosen on the dev sets only (docs/nlu.md).

The vector is computed here, not by a featurizer: DIET reads the same features as before
(given to DIET as features, the vectors did not help it). The regression is trained with
the rest of the model and stored in Rasa's model storage (classes as JSON, weights as .npy);
at run time it is one matrix product in numpy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.sentence_meaning import sentence_vectors
from nlu.stored_component import StoredComponent

CLASSES_FILE = "meaning_classes.json"
WEIGHTS_FILE = "meaning_weights.npy"
BIAS_FILE = "meaning_bias.npy"
# The smallest confidence a model is taken to give an intent (DIET reports only its top ranks).
FLOOR = 1e-4
# Training messages encoded in one call: the encoder runs a list as one flat batch.
BATCH = 256
State = Tuple[List[str], np.ndarray, np.ndarray]


def scaled(logs: np.ndarray) -> List[float]:
    """Each log-score as a share: exp, scaled to sum to 1 (a softmax)."""
    scores = np.exp(logs - logs.max())
    return [float(s) for s in scores / scores.sum()]


def joined(first: Dict[str, float], second: Dict[str, float], first_weight: float) -> Dict[str, float]:
    """Product of experts: first**w * second**(1-w) for every intent either names, scaled to sum to 1."""
    names = sorted(set(first) | set(second))
    logs = np.array(
        [
            first_weight * np.log(max(first.get(n, 0.0), FLOOR))
            + (1 - first_weight) * np.log(max(second.get(n, 0.0), FLOOR))
            for n in names
        ]
    )
    return dict(zip(names, scaled(logs), strict=True))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class MeaningIntentClassifier(IntentClassifier, StoredComponent):
    """Joins DIET's intent ranking with a logistic regression over the sentence vector."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """DIET's share of the vote, the regression's inverse strength C and its iterations."""
        return {"diet_weight": 0.5, "C": 30.0, "max_iter": 3000, "ranking_length": 10}

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """The weight is a share (0 to 1), C is positive."""
        if not 0.0 <= float(config["diet_weight"]) <= 1.0 or float(config["C"]) <= 0:
            raise ValueError(f"MeaningIntentClassifier: need 0 <= diet_weight <= 1 and C > 0, got {config}")

    def __init__(
        self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, state: State | None
    ) -> None:
        """A classifier with these classes, weights and biases (none until trained: it then passes DIET's on).

        A trained one loads the sentence encoder now (about a second), not at the first patient's message.
        """
        self.validate_config(config)
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        empty: State = ([], np.zeros((0, 0), np.float32), np.zeros(0, np.float32))
        self._classes, self._weights, self._bias = state or empty
        if self._classes:
            sentence_vectors(["warm up"])

    @classmethod
    def read_state(cls, directory: Path) -> State:
        """The classes, weights and biases stored at training."""
        classes = json.loads((directory / CLASSES_FILE).read_text(encoding="utf-8"))
        weights = np.load(directory / WEIGHTS_FILE, allow_pickle=False)
        return classes, weights, np.load(directory / BIAS_FILE, allow_pickle=False)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the regression on the sentence vectors of the training messages and store it."""
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            return self._resource  # nothing to learn: DIET's reading is passed on
        texts = [m.get(TEXT) for m in examples]
        vectors = np.vstack([sentence_vectors(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])
        model = LogisticRegression(C=float(self.component_config["C"]), max_iter=int(self.component_config["max_iter"]))
        model.fit(vectors, [m.get(INTENT) for m in examples])
        self._classes = [str(c) for c in model.classes_]
        self._weights = model.coef_.astype(np.float32)
        self._bias = model.intercept_.astype(np.float32)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / CLASSES_FILE).write_text(json.dumps(self._classes, ensure_ascii=False), encoding="utf-8")
            np.save(directory / WEIGHTS_FILE, self._weights, allow_pickle=False)
            np.save(directory / BIAS_FILE, self._bias, allow_pickle=False)
        return self._resource

    def meaning_ranking(self, text: str) -> Dict[str, float]:
        """The regression's probability of each intent for one message."""
        logits = self._weights @ sentence_vectors([text])[0] + self._bias
        return dict(zip(self._classes, scaled(logits), strict=True))

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace DIET's intent and ranking with the joined ones (messages without text or ranking are left)."""
        if not self._classes:
            return messages
        for message in messages:
            diet = {r["name"]: float(r["confidence"]) for r in message.get(INTENT_RANKING_KEY) or []}
            if not message.get(TEXT) or not diet:
                continue
            scores = joined(diet, self.meaning_ranking(message.get(TEXT)), float(self.component_config["diet_weight"]))
            ranking = sorted(scores.items(), key=lambda item: -item[1])[: self.component_config["ranking_length"]]
            message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
        return messages
