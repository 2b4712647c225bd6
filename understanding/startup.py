"""Made ready once at start-up: the segmenters the language files name, warmed, and OpenCC.

Nothing here runs at import. The action server and the Rasa components call
`prepare()` once when they start (it is cheap to call again): it registers jieba
(`script.segmenter: jieba` in languages/zh.yml) with a user dictionary of the Chinese
medicine names (criteria/data/medicines.yml) and report words, so "恩美曲妥珠单抗" and
"无扩增" stay whole, quiets jieba's INFO lines, and warms jieba's dictionary and the
Traditional-to-Simplified converter, so the first patient does not wait for them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from criteria import load_lexicon
from understanding.language import languages, load_language, register_segmenter
from understanding.normalise import normalise

JIEBA = "jieba"
_USER_WORD_FREQUENCY = 10000  # high enough that jieba keeps a user word whole
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, (list, tuple)):
        for item in data:
            yield from _strings(item)


def user_words(language: str) -> list[str]:
    """The words a segmenter of `language` must not cut: medicine names and report terms."""
    data = load_language(language)
    found = {str(w) for entry in load_lexicon() for w in [entry["name"], *entry.get("also", [])]}
    her2, ish, receptors = data["her2"], data["ish"], data["receptors"]
    for words in (
        her2["words"],
        ish["negative"],
        ish["positive"],
        ish["not_amplified"],
        receptors["positive"],
        receptors["negative"],
        receptors["both_negative"],
        data["triple_negative"]["phrases"],
        data["recurrence"],
        data["chemo"],
        data["her2_therapy"],
    ):
        found |= set(_strings(words))
    return sorted(w for w in found if _HAN.search(w) and " " not in w)


def write_user_dictionary(path: Path, language: str = "zh") -> Path:
    """Write the user words as a jieba dictionary file ("word 10000" a line).

    For Rasa's JiebaTokenizer (`dictionary_path`: the folder), so NLU cuts medicine names as the readers do.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{word} {_USER_WORD_FREQUENCY}\n" for word in user_words(language)), encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def _jieba_cut() -> Any:
    """A jieba tokenizer of our own (the global one stays as Rasa's), with the user words, loaded."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict..." at INFO on first use
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for language in languages():
        if load_language(language).get("script", {}).get("segmenter") == JIEBA:
            for word in user_words(language):
                tokenizer.add_word(word)
    return tokenizer


def jieba_words(text: str) -> list[str]:
    """The words of a Chinese text, as jieba cuts it (medicine names whole)."""
    return [str(w) for w in _jieba_cut().cut(text)]


def prepare() -> None:
    """Register the segmenters the language files name and warm them and OpenCC (once)."""
    register_segmenter(JIEBA, jieba_words)
    for language in languages():
        if load_language(language).get("script", {}).get("segmenter") == JIEBA:
            jieba_words(normalise("開始", language))  # loads jieba and OpenCC
