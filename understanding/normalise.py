"""Text made one before it is read: half-width, lower case, plain apostrophes, the language's spellings."""

from __future__ import annotations

import re
from functools import lru_cache

from understanding.language import load_language

# Full-width forms to their ASCII twins (NFKC for the ASCII range), and Chinese punctuation.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x3001: 0x2C, 0x3002: 0x2E}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


@lru_cache(maxsize=8)
def _rewrites(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(pattern), replacement) for pattern, replacement in load_language(language).get("rewrites", [])
    )


def normalise(text: str, language: str = "en") -> str:
    """Half-width, lower case, plain apostrophes, single spaces, the language's spellings made one."""
    text = text.translate(_HALF_WIDTH).translate(_APOSTROPHES).lower()
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # "non-amplified" -> "non amplified"
    for pattern, replacement in _rewrites(language):
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()
