"""The navigator pages' words, one data file per language (bot/navigator/texts/<code>.yml).

Templates, charts, the CSV header and the referral e-mail take their words from here, so a
page is in Chinese or English as a whole; codes (outcomes, statuses, audit actions) stay codes
in the store and are only shown through these files.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

FOLDER = Path(__file__).parent / "texts"
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

Texts = Mapping[str, Any]


def known_language(value: str | None) -> str | None:
    """The language code if it is one the pages have, else None."""
    code = (value or "").strip().lower()
    return code if code in LANGUAGES else None


@lru_cache(maxsize=len(LANGUAGES))
def texts(language: str = DEFAULT_LANGUAGE) -> Texts:
    """The words of one language (English for a code the pages do not have)."""
    code = known_language(language) or DEFAULT_LANGUAGE
    with (FOLDER / f"{code}.yml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def fill(template: str, **values: object) -> str:
    """A text with its {placeholders} filled in."""
    return template.format(**values)


def key_paths(mapping: Mapping[str, Any], prefix: str = "") -> set[str]:
    """Every key of a nested mapping as a dotted path (to compare two languages)."""
    paths: set[str] = set()
    for key, value in mapping.items():
        path = f"{prefix}{key}"
        paths.add(path)
        if isinstance(value, Mapping):
            paths |= key_paths(value, f"{path}.")
    return paths
