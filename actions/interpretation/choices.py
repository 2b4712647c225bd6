"""Readers for multiple-choice, yes/no and grouped ('none of these') questions."""

from __future__ import annotations

from actions.interpretation.reading import Reading, not_sure
from actions.interpretation.text import (
    Cues,
    cues_for,
    find,
    has,
    negated_before,
    own_clauses,
    phrases_of,
    polarity,
)
from criteria import Question


def matched_options(question: Question, text: str, cues: Cues, language: str) -> dict[str, str]:
    """Option value -> phrase, for each option the patient's own words name.

    A phrase preceded by a negation in its clause ("no heart problems") does
    not count, nor does anything said about someone else.
    """
    phrase_to_value: dict[str, str] = {}
    for option in question.options:
        for phrase in phrases_of(option.says, language):
            phrase_to_value.setdefault(phrase, option.value)
    hits: dict[str, str] = {}
    for clause in own_clauses(text, cues):
        for start, _end, phrase in find(clause, phrase_to_value):
            if not negated_before(clause, start, cues):
                hits.setdefault(phrase_to_value[phrase], phrase)
    return hits


def _single(question: Question, hits: dict[str, str], text: str, cues: Cues) -> Reading | None:
    """One clear option, unless it is time-bound and the text gives a date."""
    if len(hits) != 1:
        return None
    value, phrase = next(iter(hits.items()))
    option = question.option(value)
    if option and option.time_bound and has(text, cues.time_words):
        return None  # "a clot two years ago": the buttons must settle the dates
    return Reading({question.id: value}, f"matched '{phrase}'", (phrase,))


def read_choice(question: Question, text: str, language: str) -> Reading | None:
    """Choice and yes/no questions: option phrases first, then yes / no."""
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    hits = matched_options(question, text, cues, language)
    if hits:
        return _single(question, hits, text, cues)
    said = polarity(text, cues)
    if said in ("yes", "no") and question.option(said):
        return Reading({question.id: said}, f"said {said}")
    return None


def read_group(question: Question, text: str, language: str) -> Reading | None:
    """'Any of these?' questions: a named item, or a clear 'none'.

    A bare 'yes' does not say which item, so it is not taken: the patient is
    asked to tap the one that fits.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    hits = matched_options(question, text, cues, language)
    if hits:
        return _single(question, hits, text, cues)
    if polarity(text, cues) == "no":
        return Reading({question.id: "none"}, "said none")
    return None
