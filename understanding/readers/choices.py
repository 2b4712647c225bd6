"""Readers for multiple-choice, yes/no and grouped ('none of these') questions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from criteria import Question
from criteria.model import AnswerValue
from criteria.timing import compare_all
from understanding.cues import Cues, cues_for
from understanding.readers.dates import spans
from understanding.reading import Reading, not_sure
from understanding.text import (
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


@dataclass
class Hits:
    """What the patient's own words name: affirmed options, and denied or unsure ones."""

    affirmed: dict[str, str] = field(default_factory=dict)  # option value -> phrase
    denied: list[str] = field(default_factory=list)  # phrases said with "no", "clear"...
    hedged: list[str] = field(default_factory=list)  # phrases only offered or planned
    cancelled: dict[str, str] = field(default_factory=dict)  # option value -> phrase a later word cancels


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
            if negated_before(clause, start, cues):
                hits.denied.append(phrase)
            elif cancelled_after(clause, end, cues) or cancelled_next:
                hits.denied.append(phrase)
                hits.cancelled.setdefault(phrase_to_value[phrase], phrase)
            elif hedged_before(clause, start, cues):
                hits.hedged.append(phrase)
            else:
                hits.affirmed.setdefault(phrase_to_value[phrase], phrase)
    return hits


def _single(question: Question, hits: Hits) -> Reading | None:
    """One clear option."""
    if len(hits.affirmed) != 1 or hits.hedged:
        return None
    value, phrase = next(iter(hits.affirmed.items()))
    return Reading({question.id: value}, "matched_phrase", (phrase,), {"phrase": phrase})


def _named(question: Question, text: str, cues: Cues, language: str) -> tuple[bool, Reading | None]:
    """(decided, reading) from doubt or from options named; (False, None) when neither."""
    if has(text, cues.unsure):
        return True, not_sure(question)
    hits = matched_options(question, text, cues, language)
    if hits.affirmed or hits.hedged or hits.denied:
        return True, _single(question, hits)
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


def read_group(question: Question, text: str, language: str, today: dt.date | None = None) -> Reading | None:
    """'Any of these?' questions: the items named (one or several), or a clear 'none'.

    A bare 'yes' does not say which item, and "no heart problems" denies one item
    only: then the patient is asked again. Each item named may settle its
    follow-ups from the same words ("a clot three weeks ago", "hep C, cured");
    a follow-up not settled is asked next. "hep C, cured" is hepatitis that is
    cured, not a denial, because "cured" answers hepatitis's follow-up.
    """
    cues = cues_for(language)
    if has(text, cues.unsure):
        return not_sure(question)
    hits = matched_options(question, text, cues, language)
    if not (hits.affirmed or hits.hedged or hits.denied):
        return Reading({question.id: "none"}, "said_none") if bare_polarity(text, cues) == "no" else None
    if hits.hedged:
        return None
    today = today or dt.date.today()
    own = " , ".join(own_clauses(text, cues))
    named = dict(hits.affirmed)
    settled: dict[str, AnswerValue] = {}
    for value, phrase in hits.cancelled.items():
        follow_ups = [f for f in question.asks_more if f.about == value]
        readings = [read_follow_up(f, own, language, today) for f in follow_ups]
        if value not in named and follow_ups and all(readings):
            named[value] = phrase
    if not named:
        return None
    for value, phrase in named.items():
        words = _near(own, phrase, [p for v, p in named.items() if v != value])
        for follow_up in question.asks_more:
            reading = read_follow_up(follow_up, words, language, today) if follow_up.about == value else None
            settled.update(reading.values if reading else {})
    phrases = tuple(named.values())
    if len(named) == 1:
        return Reading({question.id: next(iter(named)), **settled}, "matched_phrase", phrases, {"phrase": phrases[0]})
    values = question.joined(list(named))
    return Reading({question.id: values, **settled}, "named_several", phrases, {"phrases": ", ".join(phrases)})


def _near(text: str, phrase: str, others: list[str]) -> str:
    """The words about one item: from the item named before it to the one named after it."""
    at = text.find(phrase)
    if at < 0 or not others:
        return text
    ends = [text.find(o) + len(o) for o in others if 0 <= text.find(o) < at]
    starts = [text.find(o) for o in others if text.find(o) > at]
    return text[max(ends, default=0) : min(starts, default=len(text))]


def read_follow_up(question: Question, text: str, language: str, today: dt.date) -> Reading | None:
    """A follow-up read from the words that named its item: its own phrases, or a time."""
    cues = cues_for(language)
    hits = matched_options(question, text, cues, language)
    reading = _single(question, hits)
    if reading or hits.affirmed or question.limit is None:
        return reading
    return _timed(question, text, language, today)


def _timed(question: Question, text: str, language: str, today: dt.date) -> Reading | None:
    """The dates in the text set against the question's time limit; None when they cross it."""
    if question.limit is None:
        return None
    value = compare_all(spans(text, language, today), question.limit, today)
    if value is None or not question.option(value):
        return None
    return Reading({question.id: value}, "read_time", details={"limit": str(question.limit)})


def read_time(question: Question, text: str, language: str, today: dt.date | None = None) -> Reading | None:
    """'When was that?': a button's words ("more than 6 months ago"), or a date set against the limit."""
    cues = cues_for(language)
    decided, reading = _named(question, text, cues, language)
    if decided:
        return reading
    return _timed(question, text, language, today or dt.date.today())
