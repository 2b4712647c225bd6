"""One language's words, from its data file: understanding/languages/<code>.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

LANGUAGES_DIR = Path(__file__).parent / "languages"


def languages() -> tuple[str, ...]:
    """The codes of the languages that have a data file ("en", ...)."""
    return tuple(sorted(p.stem for p in LANGUAGES_DIR.glob("*.yml")))


@lru_cache(maxsize=8)
def load_language(language: str = "en") -> Mapping[str, Any]:
    """The raw data file of a language (read once)."""
    with open(LANGUAGES_DIR / f"{language}.yml", encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))
