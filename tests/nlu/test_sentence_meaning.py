"""The multilingual sentence featurizer: one vector a message, meaning shared across wordings and languages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.sentence_meaning import MultilingualSentenceFeaturizer, sentence_vectors


def similarity(a: str, b: str) -> float:
    first, second = sentence_vectors([a, b])
    return float(first @ second)


# (message, the same meaning in other words or the other language, a message that means something else)
SAME_AND_OTHER = [
    ("能不能转人工", "I want to talk to a real person", "what is TQB2102"),
    ("我想删除我的资料", "please delete my data", "我想参加这个研究"),
    ("为什么问这个", "why do you ask that", "我今年五十四岁"),
    ("再见", "bye for now", "我想知道研究在哪里做"),
    ("这个研究在哪些医院做", "where are the study sites", "谢谢你"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "same", "other"), SAME_AND_OTHER)
def test_a_meaning_is_nearer_in_the_other_language_than_another_meaning(text: str, same: str, other: str) -> None:
    assert similarity(text, same) > similarity(text, other) + 0.1


# (as typed, the same text after the tokenizer's normalisation): one vector
NORMALISED = [
    ("我媽媽用過赫賽汀", "我妈妈用过赫赛汀"),  # Traditional characters
    ("ＨＥＲ２是１＋", "HER2是1+"),  # full-width letters and digits
]  # fmt: skip


@pytest.mark.parametrize(("typed", "plain"), NORMALISED)
def test_text_is_encoded_as_the_tokenizer_normalises_it(typed: str, plain: str) -> None:
    first, second = sentence_vectors([typed, plain])
    np.testing.assert_allclose(first, second, atol=1e-6)


@pytest.fixture()
def featurizer(tmp_path: Path) -> MultilingualSentenceFeaturizer:
    """The component as a model builds it (it stores nothing)."""
    return MultilingualSentenceFeaturizer.create(
        {},
        LocalModelStorage(tmp_path),
        Resource("meaning"),
        ExecutionContext(graph_schema=None, node_name="meaning"),  # type: ignore[arg-type]
    )


def test_every_message_with_text_gets_one_sentence_vector_and_no_sequence(
    featurizer: MultilingualSentenceFeaturizer,
) -> None:
    messages = [Message({TEXT: t}) for t in ("我妈妈 HER2（1+），能参加吗 🙏", "yes", "好" * 2000)]
    empty = Message({TEXT: ""})
    featurizer.process([*messages, empty])
    for message in messages:
        (features,) = message.features
        assert features.type == "sentence" and features.attribute == TEXT
        assert features.features.shape == (1, 512)
        assert abs(float(np.linalg.norm(features.features)) - 1.0) < 1e-3
    assert empty.features == []


def test_training_messages_get_the_vectors_they_get_at_run_time(featurizer: MultilingualSentenceFeaturizer) -> None:
    texts = [f"第{n}个问题：这个研究要去几次医院" for n in range(300)] + ["how often do I go to the hospital"]
    data = TrainingData([Message({TEXT: t}) for t in texts])
    featurizer.process_training_data(data)
    alone = Message({TEXT: texts[-1]})
    featurizer.process([alone])
    np.testing.assert_allclose(data.training_examples[-1].features[0].features, alone.features[0].features, atol=1e-5)
