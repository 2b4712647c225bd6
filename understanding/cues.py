"""The cue words of one language, normalised, as the readers use them (`cues_for`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from understanding.language import load_language
from understanding.normalise import normalise


@dataclass(frozen=True)
class Script:
    """How a language is written: how to cut it into words, which letters are its own."""

    segmenter: str
    word: str
    letters: str
    gap: str = r"\s+"  # between two words in a pattern: r"\s+" where words are spaced, r"\s*" where not


@dataclass(frozen=True)
class Cues:
    """The cue words of one language, normalised (see understanding/languages/<code>.yml)."""

    language: str
    script: Script
    yes: tuple[str, ...]
    plain_yes: tuple[str, ...]
    no: tuple[str, ...]
    unsure: tuple[str, ...]
    negation: tuple[str, ...]
    answer_words: tuple[str, ...]
    answer_followers: tuple[str, ...]
    why: tuple[str, ...]
    agree: tuple[str, ...]
    decline: tuple[str, ...]
    hello: tuple[str, ...]
    restart: tuple[str, ...]
    erase: tuple[str, ...]
    erase_body: tuple[str, ...]
    erase_data: tuple[str, ...]
    change: tuple[str, ...]
    person: tuple[str, ...]
    thanks: tuple[str, ...]
    bye: tuple[str, ...]
    hypothetical: tuple[str, ...]
    cancelling: tuple[str, ...]
    persisting: tuple[str, ...]
    filler: tuple[str, ...]
    others: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    time_words: tuple[str, ...]
    time_units: tuple[str, ...]
    recurrence: tuple[str, ...]
    after_links: tuple[str, ...]
    unnamed_medicine: tuple[str, ...]
    until: tuple[str, ...]
    not_since: tuple[str, ...]
    chemo: tuple[str, ...]
    question_start: tuple[str, ...]
    question_end: tuple[str, ...]
    alternatives: tuple[str, ...]
    alternative_ends: tuple[str, ...]
    not_a_remark: tuple[str, ...]
    only: tuple[str, ...]
    her2_therapy: tuple[str, ...]
    early_context: tuple[str, ...]
    early_after: tuple[str, ...]
    not_yet: tuple[str, ...]
    numbers: Mapping[str, int]
    multipliers: Mapping[str, int]  # "十": 10 (understanding/numbers.py)


_NOT_LISTS = ("language", "script", "numbers", "multipliers")
_AS_WRITTEN = ("clause_breaks",)  # split on as they are: " but " keeps its spaces


@lru_cache(maxsize=8)
def cues_for(language: str = "en") -> Cues:
    """The cue words of a language (cached)."""
    raw = load_language(language)
    lists = {
        k: tuple(str(w) if k in _AS_WRITTEN else normalise(str(w), language) for w in raw[k])
        for k in Cues.__dataclass_fields__
        if k not in _NOT_LISTS
    }
    script = raw.get("script") or {}
    return Cues(
        language=language,
        script=Script(
            segmenter=str(script.get("segmenter", "none")),
            word=str(script.get("word", r"\w+")),
            letters=str(script.get("letters", "")),
            gap=str(script.get("gap", r"\s+")),
        ),
        numbers=dict(raw["numbers"]),
        multipliers=dict(raw.get("number_multipliers") or {}),
        **lists,
    )
