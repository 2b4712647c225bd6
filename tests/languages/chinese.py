"""What the Chinese checks count: Chinese characters, sentences, and the common-character list."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
# What a sentence's length leaves out: a bracketed report term ("免疫组化（IHC）") and placeholders.
NOT_COUNTED = re.compile(r"（[^（）]*）|\([^()]*\)|\{\w+\}")
COMMON_LIST = Path(__file__).with_name("data") / "common_characters_2500.txt"


def sentences(text: str) -> list[str]:
    """The text split on Chinese and Latin sentence ends and line breaks, blanks dropped."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def length(sentence: str) -> int:
    """How many Chinese characters a sentence has, bracketed terms and placeholders not counted."""
    return len(CHINESE.findall(NOT_COUNTED.sub("", sentence)))


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """The 现代汉语常用字表's common characters (data/common_characters_2500.txt, source in its header)."""
    characters: set[str] = set()
    for line in COMMON_LIST.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _strokes, listed = line.split(":", 1)
        characters.update(CHINESE.findall(listed))
    return frozenset(characters)


def uncommon(text: str) -> tuple[int, int]:
    """(Chinese characters outside the common list, all Chinese characters) in the text."""
    found = CHINESE.findall(text)
    return sum(1 for c in found if c not in common_characters()), len(found)
