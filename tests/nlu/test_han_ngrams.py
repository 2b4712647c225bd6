"""The Chinese character n-gram featurizer: n-grams of the written characters, trained, stored, loaded."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.han_ngrams import HanCharNgrams, han_ngrams

# text -> its n-grams of 1 to 2 characters, in order: Chinese runs only, normalised
CASES = [
    ("能参加吗", ["能", "参", "加", "吗", "能参", "参加", "加吗"]),
    ("能參加嗎", ["能", "参", "加", "吗", "能参", "参加", "加吗"]),  # Traditional: read as Simplified
    ("HER2（1+）阴性", ["阴", "性", "阴性"]),  # report English and brackets: no n-gram
    ("好的，谢谢", ["好", "的", "好的", "谢", "谢", "谢谢"]),  # never across punctuation
    ("我用过herceptin吗", ["我", "用", "过", "我用", "用过", "吗"]),  # nor across another script
    ("yes please", []),
    ("🙏🙏", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "grams"), CASES)
def test_the_ngrams_are_those_of_each_chinese_run(text: str, grams: list[str]) -> None:
    assert list(han_ngrams(text, 1, 2)) == grams


def context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name="han")  # type: ignore[arg-type]


def config(**extra: object) -> dict[str, object]:
    return {**HanCharNgrams.get_default_config(), "max_ngram": 2, **extra}


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory: pytest.TempPathFactory) -> HanCharNgrams:
    """Trained on three messages (n-grams seen twice kept), then loaded from the storage: what a model does."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("han")
    data = TrainingData([Message({TEXT: t}) for t in ("我能参加吗", "能参加不", "hello")])
    trained = HanCharNgrams.create(config(), storage, resource, context())
    assert trained.train(data) == resource
    return HanCharNgrams.load(config(), storage, resource, context())


def sentence_row(featurizer: HanCharNgrams, text: str) -> dict[int, float]:
    message = Message({TEXT: text})
    featurizer.process([message])
    (features,) = message.features
    assert features.type == "sentence" and features.attribute == TEXT
    row = features.features.tocsr()
    return {int(i): float(v) for i, v in zip(row.indices, row.data, strict=True)}


def test_the_vocabulary_is_what_was_seen_twice(featurizer: HanCharNgrams) -> None:
    assert sorted(featurizer._index) == sorted(["能", "参", "加", "能参", "参加"])


def test_a_message_counts_its_known_ngrams(featurizer: HanCharNgrams) -> None:
    row = sentence_row(featurizer, "參加參加，能嗎")  # Traditional, twice, unknown 吗 and 加能 across the comma
    index = featurizer._index
    assert row == {index["参"]: 2.0, index["加"]: 2.0, index["参加"]: 2.0, index["能"]: 1.0}


def test_english_gets_a_row_of_zeros_of_the_same_width(featurizer: HanCharNgrams) -> None:
    message = Message({TEXT: "can I join?"})
    featurizer.process([message])
    (features,) = message.features
    assert features.features.shape == (1, 5) and features.features.nnz == 0


def test_training_data_is_featurized_as_at_run_time(featurizer: HanCharNgrams) -> None:
    data = TrainingData([Message({TEXT: "能参加"}), Message({"intent": "greet"})])
    featurizer.process_training_data(data)
    with_text, without = data.training_examples
    assert with_text.features[0].features.nnz == 5 and not without.features


def test_a_bad_range_is_refused() -> None:
    with pytest.raises(ValueError, match="min_ngram"):
        HanCharNgrams.validate_config(config(min_ngram=3, max_ngram=2))
