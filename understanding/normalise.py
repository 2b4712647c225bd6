"""Text made one before it is read: half-width, Simplified, lower case, plain apostrophes, the language's spellings.

Chinese patients type full-width digits ("５４岁"), Chinese punctuation and now and then
Traditional characters; reports mix in Latin terms ("HER2（++）", "FISH阴性"). All of it is
made one form here, for every language, so the readers see "her2 2+" and "fish 阴性".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from understanding.language import load_language

# Full-width forms to their ASCII twins (NFKC for the ASCII range), and Chinese punctuation.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,  # ideographic space
    0x3001: 0x2C,  # 、
    0x3002: 0x2E,  # 。
    0x3010: 0x28,  # 【
    0x3011: 0x29,  # 】
    0x300C: 0x22,  # 「
    0x300D: 0x22,  # 」
    0x201C: 0x22,  # “
    0x201D: 0x22,  # ”
    0x2212: 0x2D,  # − (minus sign, as reports print "（−）")
    0xFF5E: 0x7E,  # ～
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Chinese characters: unified, extension A, compatibility
_HAN = HAN_CHARS
# A Chinese character beside a Latin letter or digit: a space between, so that "her2阳性"
# reads "her2 阳性" and "54岁" "54 岁" (word boundaries hold in the readers' patterns).
_HAN_THEN_LATIN = re.compile(f"(?<=[{_HAN}])(?=[a-z0-9])")
_LATIN_THEN_HAN = re.compile(f"(?<=[a-z0-9%+])(?=[{_HAN}])")


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _to_simplified() -> _Converter:
    """OpenCC's Traditional-to-Simplified converter, built once, on first use (it reads its tables)."""
    import opencc

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def simplified(text: str) -> str:
    """Traditional Chinese characters made Simplified ("沒有用過" -> "没有用过"); other text as it is.

    A lone surrogate (JSON can carry one escaped) cannot go to OpenCC, which takes UTF-8: it is
    made U+FFFD first, one character for one (the fuzz suite's random text found it).
    """
    if not re.search(f"[{_HAN}]", text):
        return text
    return _to_simplified().convert(_SURROGATE.sub("\ufffd", text))


def in_place(text: str) -> str:
    """Half-width and Simplified, each character in its place ("喘不過氣" -> "喘不过气", "１＋" -> "1+").

    For the term finders, whose terms point at the patient's own characters: where making
    the text Simplified would change its length (a rare phrase of OpenCC's), it stays Traditional.
    """
    text = text.translate(_HALF_WIDTH)
    made = simplified(text)
    return made if len(made) == len(text) else text


@lru_cache(maxsize=8)
def _rewrites(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(pattern), replacement) for pattern, replacement in load_language(language).get("rewrites", [])
    )


def normalise(text: str, language: str = "en") -> str:
    """Half-width, Simplified, lower case, plain apostrophes, single spaces, the language's spellings made one."""
    text = simplified(text.translate(_HALF_WIDTH).translate(_APOSTROPHES)).lower()
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # "non-amplified" -> "non amplified"
    for pattern, replacement in _rewrites(language):
        text = pattern.sub(replacement, text)
    text = _LATIN_THEN_HAN.sub(" ", _HAN_THEN_LATIN.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip()
