"""A second opinion on the intent, from the message's meaning, joined with DIET's.

DIET learns from the words and characters of our training data; a wording it never saw
("我先撤了" for goodbye) can fool it. A logistic regression over the multilingual sentence
vector (nlu/sentence_meaning.py) knows meanings from its pretraining, in both languages, and
errs on other messages than DIET. This component runs right after DIET and joins the two as a
product of experts: each intent's score is DIET's confidence to the power w times the
regression's to the power 1 - w, scaled to sum to 1, where w is `diet_weight` of the
message's language (Chinese when Chinese characters outnumber Latin words, as the bot
decides a patient's language). An intent both agree on stays confident; where they
disagree, the score drops and the fallback classifier asks again rather than guess. The
weights and C were chosen on the dev sets only (docs/nlu.md).

The regression is trained with the rest of the model and stored in Rasa's model storage
(classes as JSON, weights as .npy); at run time it is one matrix product in numpy.
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
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.stored_component import StoredComponent
from understanding.script import CHINESE, ENGLISH, mostly_chinese

LANGUAGES = (ENGLISH, CHINESE)

CLASSES_FILE = "meaning_classes.json"
WEIGHTS_FILE = "meaning_weights.npy"
BIAS_FILE = "meaning_bias.npy"
# The smallest confidence a model is taken to give an intent (DIET reports only its top ranks).
FLOOR = 1e-4


def sentence_vector(message: Message, featurizer: str) -> np.ndarray | None:
    """The message's dense sentence features from that featurizer, as one row; None if it has none."""
    for features in message.features:
        if (
            features.attribute == TEXT
            and features.type == FEATURE_TYPE_SENTENCE
            and features.origin == featurizer
            and not features.is_sparse()
        ):
            return np.asarray(features.features, dtype=np.float32).reshape(-1)
    return None


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
    scores = np.exp(logs - logs.max())
    scores /= scores.sum()
    return dict(zip(names, (float(s) for s in scores), strict=True))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class MeaningIntentClassifier(IntentClassifier, StoredComponent):
    """Joins DIET's intent ranking with a logistic regression over the sentence vector."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """DIET's share of the vote per language, the regression's inverse strength C, the featurizer to read."""
        return {
            "diet_weight": {"en": 0.5, "zh": 0.5},
            "C": 30.0,
            "max_iter": 3000,
            "featurizer": "MultilingualSentenceFeaturizer",
            "ranking_length": 10,
        }

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """A weight (a share, 0 to 1) for each language, and a positive C."""
        weights = config["diet_weight"]
        if (
            not isinstance(weights, dict)
            or set(weights) != set(LANGUAGES)
            or not all(0.0 <= float(w) <= 1.0 for w in weights.values())
            or float(config["C"]) <= 0
        ):
            raise ValueError(f"MeaningIntentClassifier: need diet_weight {{en: w, zh: w}} in 0..1 and C > 0: {config}")

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        state: Tuple[List[str], np.ndarray, np.ndarray] | None,
    ) -> None:
        """A classifier with these classes, weights and biases (none until trained: it then passes DIET's on)."""
        self.validate_config(config)
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        empty: Tuple[List[str], np.ndarray, np.ndarray] = ([], np.zeros((0, 0), np.float32), np.zeros(0, np.float32))
        self._classes, self._weights, self._bias = state or empty

    @classmethod
    def read_state(cls, directory: Path) -> Tuple[List[str], np.ndarray, np.ndarray]:
        """The classes, weights and biases stored at training."""
        classes = json.loads((directory / CLASSES_FILE).read_text(encoding="utf-8"))
        return (
            classes,
            np.load(directory / WEIGHTS_FILE, allow_pickle=False),
            np.load(directory / BIAS_FILE, allow_pickle=False),
        )

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the regression on the sentence vectors of the training messages and store it."""
        from sklearn.linear_model import LogisticRegression

        rows, labels = [], []
        for message in training_data.intent_examples:
            vector = sentence_vector(message, self.component_config["featurizer"])
            if vector is not None:
                rows.append(vector)
                labels.append(message.get(INTENT))
        if len(set(labels)) < 2:
            return self._resource  # nothing to learn: DIET's reading is passed on
        model = LogisticRegression(C=float(self.component_config["C"]), max_iter=int(self.component_config["max_iter"]))
        model.fit(np.vstack(rows), labels)
        self._classes = [str(c) for c in model.classes_]
        self._weights = model.coef_.astype(np.float32)
        self._bias = model.intercept_.astype(np.float32)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / CLASSES_FILE).write_text(json.dumps(self._classes, ensure_ascii=False), encoding="utf-8")
            np.save(directory / WEIGHTS_FILE, self._weights, allow_pickle=False)
            np.save(directory / BIAS_FILE, self._bias, allow_pickle=False)
        return self._resource

    def meaning_ranking(self, vector: np.ndarray) -> Dict[str, float]:
        """The regression's probability of each intent for one sentence vector."""
        logits = self._weights @ vector + self._bias
        scores = np.exp(logits - logits.max())
        scores /= scores.sum()
        return dict(zip(self._classes, (float(s) for s in scores), strict=True))

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace DIET's intent and ranking with the joined ones (messages without a vector are left)."""
        if not self._classes:
            return messages
        for message in messages:
            vector = sentence_vector(message, self.component_config["featurizer"])
            diet = {r["name"]: float(r["confidence"]) for r in message.get(INTENT_RANKING_KEY) or []}
            if vector is None or not diet:
                continue
            language = CHINESE if mostly_chinese(message.get(TEXT) or "") else ENGLISH
            weight = float(self.component_config["diet_weight"][language])
            scores = joined(diet, self.meaning_ranking(vector), weight)
            ranking = sorted(scores.items(), key=lambda item: -item[1])[: self.component_config["ranking_length"]]
            message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
        return messages
