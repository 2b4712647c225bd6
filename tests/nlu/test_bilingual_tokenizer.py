"""The bilingual tokenizer: jieba for Chinese runs, WhitespaceTokenizer cuts for the rest, right offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import bilingual_tokenizer
from nlu.bilingual_tokenizer import WORDS_FILE, BilingualTokenizer, chinese_medicine_names, normalise_in_place

NAMES = ["曲妥珠单抗", "帕妥珠单抗", "吡咯替尼"]

# text -> the tokens (text, start, end): offsets are those of the patient's characters
CASES = [
    ("HER2(1+)", [("HER2(1", 0, 6)]),
    ("FISH 阴性", [("FISH", 0, 4), ("阴性", 5, 7)]),
    ("FISH阴性", [("FISH", 0, 4), ("阴性", 4, 6)]),
    ("我用过herceptin", [("我用", 0, 2), ("过", 2, 3), ("herceptin", 3, 12)]),
    ("阴性 阴性 FISH 阴性", [("阴性", 0, 2), ("阴性", 3, 5), ("FISH", 6, 10), ("阴性", 11, 13)]),
    ("打过曲妥珠单抗和帕妥珠单抗，还有吡咯替尼", [
        ("打", 0, 1), ("过", 1, 2), ("曲妥珠单抗", 2, 7), ("和", 7, 8), ("帕妥珠单抗", 8, 13),
        ("还有", 14, 16), ("吡咯替尼", 16, 20),
    ]),
    ("ER 90%+，PR 阴性", [("ER", 0, 2), ("90", 3, 5), ("PR", 8, 10), ("阴性", 11, 13)]),
    ("ＨＥＲ２阴性", [("HER2", 0, 4), ("阴性", 4, 6)]),  # full-width letters: half-width text, same offsets
    ("我用過曲妥珠單抗", [("我用", 0, 2), ("过", 2, 3), ("曲妥珠单抗", 3, 8)]),  # Traditional: Simplified words
    ("T-DM1用了6次", [("T-DM1", 0, 5), ("用", 5, 6), ("了", 6, 7), ("6", 7, 8), ("次", 8, 9)]),
    ("好的😊", [("好", 0, 1), ("的", 1, 2)]),
]  # fmt: skip


def context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name="tokenizer")  # type: ignore[arg-type]


def config(**extra: object) -> dict[str, object]:
    return {**BilingualTokenizer.get_default_config(), **extra}


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory: pytest.TempPathFactory) -> BilingualTokenizer:
    """Trained with the names as lexicon words, then loaded from the storage: what a model does."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("tokenizer")
    patch = pytest.MonkeyPatch()
    patch.setattr(bilingual_tokenizer, "load_lexicon", lambda: [{"name": "trastuzumab", "also": NAMES}])
    try:
        assert BilingualTokenizer.create(config(), storage, resource, context()).train(TrainingData()) == resource
    finally:
        patch.undo()
    return BilingualTokenizer.load(config(), storage, resource, context())


def cut(tokenizer: BilingualTokenizer, text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.start, t.end) for t in tokenizer.tokenize(Message({"text": text}), "text")]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_tokens_and_offsets(tokenizer: BilingualTokenizer, text: str, expected: list[tuple[str, int, int]]) -> None:
    tokens = cut(tokenizer, text)
    assert tokens == expected
    for word, start, end in tokens:
        assert normalise_in_place(text[start:end]) == word


@pytest.mark.parametrize(
    "text",
    ["I had Xeloda, then T-DM1!", "her2 was 2+ but fish negative, ER+ PR-", "my email is a.b@c.com :)", "ok", ":)"],
)
def test_english_is_cut_as_the_whitespace_tokenizer_cuts_it(tokenizer: BilingualTokenizer, text: str) -> None:
    whitespace = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    expected = [(t.text, t.start, t.end) for t in whitespace.tokenize(Message({"text": text}), "text")]
    assert cut(tokenizer, text) == expected


def test_the_words_are_stored_in_the_model_and_a_model_without_them_splits_names(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("tokenizer")
    BilingualTokenizer.create(config(words=NAMES), storage, resource, context()).train(TrainingData())
    with storage.read_from(resource) as directory:
        assert set(NAMES) <= set(__import__("json").loads((directory / WORDS_FILE).read_text(encoding="utf-8")))
    bare = BilingualTokenizer.load(config(), storage, Resource("never_trained"), context())
    assert "曲妥珠单抗" not in [t for t, _, _ in cut(bare, "我用过曲妥珠单抗")]  # jieba alone splits it


def test_chinese_names_are_found_in_any_shape_of_lexicon_entry() -> None:
    entries = [
        {"name": "trastuzumab", "also": ["herceptin", "赫赛汀", "曲妥珠单抗"]},
        {"name": "capecitabine", "also": {"en": ["xeloda"], "zh": ["卡培他滨", "希罗达"]}},
    ]
    assert chinese_medicine_names(entries) == sorted(["赫赛汀", "曲妥珠单抗", "卡培他滨", "希罗达"])


def test_normalising_keeps_the_length() -> None:
    assert normalise_in_place("ＨＥＲ２（＋＋）　我用過") == "HER2(++) 我用过"


def test_only_the_first_two_thousand_characters_are_cut(tokenizer: BilingualTokenizer) -> None:
    tokens = tokenizer.tokenize(Message({"text": "中" * 100_000}), "text")
    assert tokens and tokens[-1].end <= bilingual_tokenizer.MAX_CHARS


@pytest.mark.parametrize(
    ("text", "with_hmm", "without_hmm"),
    [
        ("我用过herceptin", ["我用", "过", "herceptin"], ["我", "用", "过", "herceptin"]),
        ("我能自己选组吗", ["我能", "自己", "选组", "吗"], ["我", "能", "自己", "选", "组", "吗"]),
        ("化疗组打什么", ["化疗", "组打", "什么"], ["化疗组", "打", "什么"]),  # 化疗组 from `words`
    ],
)
def test_without_the_hmm_jieba_makes_no_words_of_its_own(
    tokenizer: BilingualTokenizer, text: str, with_hmm: list[str], without_hmm: list[str]
) -> None:
    assert [t for t, _, _ in cut(tokenizer, text)] == with_hmm  # the default: jieba guesses words
    plain = BilingualTokenizer(config(hmm=False, words=["化疗组"]), tokenizer._model_storage, tokenizer._resource, [])
    assert [t for t, _, _ in cut(plain, text)] == without_hmm
