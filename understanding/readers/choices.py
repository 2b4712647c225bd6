"""Readers for multiple-choice, yes/no and grouped ('none of these') questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from criteria import Question
from understanding.cues import Cues, cues_for
from understanding.reading import Reading, not_sure
from understanding.text import (
    alternation,
    bare_polarity,
    cancelled_after,
    cancelling_remark,
    find,
    has,
    hedged_before,
    negated_before,
    own_clauses,
    phrases_of,
)


@lru_cache(maxsize=8)
def _date(units: tuple[str, ...]) -> re.Pattern[str]:
    """A year ("2023") or a number of time units ("3 years")."""
    return re.compile(rf"\b(19|20)\d\d\b|\b\d+\s*(?:{alternation(units)})\b")


@dataclass
class Hits:
    """What the patient's own words name: affirmed options, and denied or unsure ones."""

    affirmed: dict[str, str] = field(default_factory=dict)  # option value -> phrase
    denied: list[str] = field(default_factory=list)  # phrases said with "no", "clear"...
    hedged: list[str] = field(default_factory=list)  # phrases only offered or planned


def matched_options(question: Question, text: str, cues: Cues, language: str) -> Hits:
    """The options the patient's own words name, split by how they are said.

    "no heart problems", "brain scan was clear" and "hepatitis, well controlled
    now" deny a mention; "they offered" makes it hedged; anything said about someone else does not count.
    """
    phrase_to_value: dict[str, str] = {}
    for option in question.options:
        for phrase in phrases_of(option.says, language):
            phrase_to_value.setdefault(phrase, option.value)
    hits = Hits()
    own = own_clauses(text, cues)
    for number, clause in enumerate(own):
        remark = number + 1 < len(own) and not find(own[number + 1], phrase_to_value)
        cancelled_next = remark and cancelling_remark(own[number + 1], cues)
        for start, end, phrase in find(clause, phrase_to_value):
            if negated_before(clause, start, cues) or cancelled_after(clause, end, cues) or cancelled_next:
                hits.denied.append(phrase)
            elif hedged_before(clause, start, cues):
                hits.hedged.append(phrase)
            else:
                hits.affirmed.setdefault(phrase_to_value[phrase], phrase)
    return hits


def dated(text: str, cues: Cues) -> bool:
    """True when the message gives a time ("two years ago", "in 2023", "in March")."""
    return has(text, cues.time_words) or bool(_date(cues.time_units).search(text))


def _single(question: Question, hits: Hits, text: str, cues: Cues) -> Reading | None:
    """One clear option, unless it is time-bound and the text gives a date."""
    if len(hits.affirmed) != 1 or hits.hedged:
        return None
    value, phrase = next(iter(hits.affirmed.items()))
    option = question.option(value)
    if option and option.time_bound and dated(text, cues):
        return None  # "a clot two years ago": the buttons must settle the dates
    return Reading({question.id: value}, "matched_phrase", (phrase,), {"phrase": phrase})


def _named(question: Question, text: str, cues: Cues, language: str) -> tuple[bool, Reading | None]:
    """(decided, reading) from doubt or from options named; (False, None) when neither."""
    if has(text, cues.unsure):
        return True, not_sure(question)
    hits = matched_options(question, text, cues, language)
    if hits.affirmed or hits.hedged or hits.denied:
        return True, _single(question, hits, text, cues)
    return False, None


def read_choice(question: Question, text: str, language: str) -> Reading | None:
    """Choice and yes/no questions: option phrases first, then a bare yes or no."""
    cues = cues_for(language)
    decided, reading = _named(question, text, cues, language)
    if decided:
        return reading
    said = bare_polarity(text, cues)
    if said and question.option(said):
        return Reading({question.id: said}, "said_yes_no", details={"answer": said})
    return None


def read_group(question: Question, text: str, language: str) -> Reading | None:
    """'Any of these?' questions: a named item, or a clear 'none'.

    A bare 'yes' does not say which item, and "no heart problems" denies one
    item only: in both cases the patient is asked to tap the one that fits.
    """
    cues = cues_for(language)
    decided, reading = _named(question, text, cues, language)
    if decided:
        return reading
    if bare_polarity(text, cues) == "no":
        return Reading({question.id: "none"}, "said_none")
    return None
