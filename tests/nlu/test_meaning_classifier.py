"""The meaning classifier: a regression over sentence vectors, trained, stored, loaded, joined with DIET."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.meaning_classifier import MeaningIntentClassifier, joined

TRAINING = {
    "goodbye": ["bye", "goodbye, thanks", "再见", "拜拜", "先这样吧，回头聊"],
    "delete_data": ["please delete my data", "erase everything you have about me", "删除我的资料", "把我的信息都删掉"],
    "human_handoff": ["can I talk to a person", "I want a real human", "转人工", "我要找真人"],
}  # fmt: skip


def context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name="meaning")  # type: ignore[arg-type]


def messages(texts: list[str]) -> list[Message]:
    return [Message({TEXT: t}) for t in texts]


@pytest.fixture(scope="module")
def classifier(tmp_path_factory: pytest.TempPathFactory) -> MeaningIntentClassifier:
    """Trained on a few messages of three intents, stored, then loaded as a model does."""
    path = tmp_path_factory.mktemp("storage")
    storage, resource = LocalModelStorage(path), Resource("meaning")
    trained_on = messages([t for texts in TRAINING.values() for t in texts])
    for message in trained_on:
        message.set(INTENT, next(i for i, texts in TRAINING.items() if message.get(TEXT) in texts))
    config = MeaningIntentClassifier.get_default_config()
    trained = MeaningIntentClassifier.create(config, storage, resource, context())
    assert trained.train(TrainingData(trained_on)) == resource
    return MeaningIntentClassifier.load(config, storage, resource, context())


def diet_said(message: Message, ranking: dict[str, float]) -> Message:
    top = max(ranking, key=lambda n: ranking[n])
    message.set(INTENT, {"name": top, "confidence": ranking[top]})
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking.items()])
    return message


# (message never trained on, what DIET wrongly leaned to, the intent the meaning gives)
SECOND_OPINIONS = [
    ("我先撤了，改天再聊", {"delete_data": 0.5, "goodbye": 0.4, "human_handoff": 0.1}, "goodbye"),
    ("let me speak with someone from the team", {"goodbye": 0.5, "human_handoff": 0.45, "delete_data": 0.05},
     "human_handoff"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "diet", "intent"), SECOND_OPINIONS)
def test_the_meaning_turns_a_close_call(
    classifier: MeaningIntentClassifier, text: str, diet: dict[str, float], intent: str
) -> None:
    (message,) = messages([text])
    classifier.process([diet_said(message, diet)])
    assert message.get(INTENT)["name"] == intent
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0]["name"] == intent and abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6


def test_a_confident_diet_is_not_overturned_by_a_weak_meaning(classifier: MeaningIntentClassifier) -> None:
    (message,) = messages(["删除我的数据吧"])
    classifier.process([diet_said(message, {"delete_data": 0.98, "goodbye": 0.01, "human_handoff": 0.01})])
    assert message.get(INTENT)["name"] == "delete_data" and message.get(INTENT)["confidence"] > 0.9


def test_a_message_without_a_ranking_is_left(classifier: MeaningIntentClassifier) -> None:
    message = Message({TEXT: "bye"})
    classifier.process([message])
    assert message.get(INTENT) is None


def test_an_untrained_classifier_passes_diets_reading_on(tmp_path: Path) -> None:
    untrained = MeaningIntentClassifier.load(
        MeaningIntentClassifier.get_default_config(), LocalModelStorage(tmp_path), Resource("none"), context()
    )
    (message,) = messages(["bye"])
    untrained.process([diet_said(message, {"goodbye": 0.7, "delete_data": 0.3})])
    assert message.get(INTENT) == {"name": "goodbye", "confidence": 0.7}


# (DIET, regression, DIET's weight) -> the joined winner and whether it is confident (>= 0.5)
JOINS = [
    ({"a": 0.9, "b": 0.1}, {"a": 0.9, "b": 0.1}, 0.35, "a", True),  # agreement stays confident
    ({"a": 0.6, "b": 0.4}, {"a": 0.2, "b": 0.8}, 0.35, "b", True),  # the stronger opinion wins
    ({"a": 0.4, "b": 0.35, "c": 0.25}, {"a": 0.3, "b": 0.4, "c": 0.3}, 0.5, "b", False),  # a split vote: not confident
    ({"a": 1.0}, {"b": 1.0}, 1.0, "a", True),  # weight 1: DIET alone
]  # fmt: skip


@pytest.mark.parametrize(("diet", "meaning", "weight", "winner", "confident"), JOINS)
def test_the_join_is_a_product_of_experts(
    diet: dict[str, float], meaning: dict[str, float], weight: float, winner: str, confident: bool
) -> None:
    scores = joined(diet, meaning, weight)
    assert max(scores, key=lambda n: scores[n]) == winner
    assert (scores[winner] >= 0.5) is confident
    assert abs(sum(scores.values()) - 1.0) < 1e-9


@pytest.mark.parametrize(("weight", "c"), [(1.5, 30.0), (-0.1, 30.0), (0.3, 0.0)])
def test_a_weight_outside_zero_to_one_or_a_bad_c_is_refused(weight: float, c: float) -> None:
    with pytest.raises(ValueError):
        MeaningIntentClassifier.validate_config(
            {**MeaningIntentClassifier.get_default_config(), "diet_weight": weight, "C": c}
        )


@pytest.mark.parametrize(("weight", "intent"), [(1.0, "goodbye"), (0.0, "thank")])
def test_the_weight_is_diets_share(tmp_path: Path, weight: float, intent: str) -> None:
    """Weight 1: DIET's reading stands; 0: the regression's (here it always says "thank")."""
    config = {**MeaningIntentClassifier.get_default_config(), "diet_weight": weight}
    state = (["goodbye", "thank"], np.zeros((2, 512), np.float32), np.array([0.0, 5.0], np.float32))
    classifier = MeaningIntentClassifier(config, LocalModelStorage(tmp_path), Resource("m"), state)
    (message,) = messages(["再见啦"])
    classifier.process([diet_said(message, {"goodbye": 0.9, "thank": 0.1})])
    assert message.get(INTENT)["name"] == intent
