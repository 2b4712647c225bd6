"""The multilingual sentence vectors: one a message, meaning shared across wordings and languages."""

from __future__ import annotations

import numpy as np
import pytest

from nlu.sentence_meaning import sentence_vectors


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


def test_every_text_gets_one_unit_vector_even_emoji_and_a_long_message() -> None:
    vectors = sentence_vectors(["我妈妈 HER2（1+），能参加吗 🙏", "yes", "好" * 2000, "🙏🙏"])
    assert vectors.shape == (4, 512)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_a_batch_gives_each_text_the_vector_it_gets_alone() -> None:
    texts = [f"第{n}个问题：这个研究要去几次医院" for n in range(300)] + ["how often do I go to the hospital"]
    np.testing.assert_allclose(sentence_vectors(texts)[-1], sentence_vectors(texts[-1:])[0], atol=1e-5)
