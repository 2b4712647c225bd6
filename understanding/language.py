"""One language's words, from its data file: understanding/languages/<code>.yml.

Every word, phrase and pattern the readers and the term finders need for a language
lives in that file, read once. A script written without spaces names a segmenter
there (`script.segmenter`); the segmenter is a function registered here under that
name, so a language is its data file plus, where needed, one segmenter.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

LANGUAGES_DIR = Path(__file__).parent / "languages"
Segmenter = Callable[[str], list[str]]
_SEGMENTERS: dict[str, Segmenter] = {}


def register_segmenter(name: str, segmenter: Segmenter) -> None:
    """Make `segmenter` (text -> words) the one a language file names as `script.segmenter: <name>`."""
    _SEGMENTERS[name] = segmenter


def segmenter(name: str) -> Segmenter | None:
    """The registered segmenter of that name; None for "none" (words are found by pattern)."""
    if name == "none":
        return None
    return _SEGMENTERS[name]


def registered(name: str) -> bool:
    """True when a segmenter of that name is registered (or none is needed)."""
    return name == "none" or name in _SEGMENTERS


def languages() -> tuple[str, ...]:
    """The codes of the languages that have a data file ("en", ...)."""
    return tuple(sorted(p.stem for p in LANGUAGES_DIR.glob("*.yml")))


@lru_cache(maxsize=8)
def load_language(language: str = "en") -> Mapping[str, Any]:
    """The raw data file of a language (read once)."""
    with open(LANGUAGES_DIR / f"{language}.yml", encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))
