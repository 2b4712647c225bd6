"""One language's words, from its data file: understanding/languages/<code>.yml.

Every word, phrase and pattern the readers and the term finders need for a language
lives in that file, read once. A script written without spaces names a segmenter
there (`script.segmenter`); the segmenter is a function registered here under that
name, so a language is its data file plus, where needed, one segmenter.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

_LOG = logging.getLogger(__name__)

LANGUAGES_DIR = Path(__file__).parent / "languages"
Segmenter = Callable[[str], list[str]]
_SEGMENTERS: dict[str, Segmenter] = {}


def register_segmenter(name: str, segmenter: Segmenter) -> None:
    """Make `segmenter` (text -> words) the one a language file names as `script.segmenter: <name>`."""
    _SEGMENTERS[name] = segmenter


def segmenter(name: str) -> Segmenter | None:
    """The registered segmenter of that name; None for "none" (words are found by pattern).

    A process that did not call `understanding.startup.prepare()` at start-up gets the
    segmenters registered here, on first use (a warning says the first reply was slow).
    """
    if name == "none":
        return None
    if name not in _SEGMENTERS:
        from understanding.startup import prepare

        _LOG.warning("segmenter %r not registered at start-up: registering it now", name)
        prepare()
    return _SEGMENTERS[name]


def languages() -> tuple[str, ...]:
    """The codes of the languages that have a data file ("en", ...)."""
    return tuple(sorted(p.stem for p in LANGUAGES_DIR.glob("*.yml")))


@lru_cache(maxsize=8)
def load_language(language: str = "en") -> Mapping[str, Any]:
    """The raw data file of a language (read once)."""
    with open(LANGUAGES_DIR / f"{language}.yml", encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))
