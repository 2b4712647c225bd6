"""A reading (what the words were read as) and the readings every question kind shares: buttons, labels, not sure."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from criteria import Question
from criteria.model import NONE, NOT_SURE, AnswerValue, localize


@dataclass(frozen=True)
class Reading:
    """What the patient's words were read as: question id -> value, and how.

    `how` is a code of the reader's (its phrase for people is under `how:` in the
    language's data file, filled in from `details`); `matched` are the words that decided it.
    """

    values: Mapping[str, AnswerValue]
    how: str
    matched: tuple[str, ...] = field(default_factory=tuple)
    details: Mapping[str, str] = field(default_factory=dict)


MAX_TEXT = 2000  # longer answers are read from their first 2,000 characters
Reader = Callable[[Question, str, str], Reading | None]

# A button press arrives as Rasa's payload syntax: /answer{"choice": "<value>"}.
_PAYLOAD = re.compile(r"^\s*/(\w+)\s*(\{.*\})?\s*$", re.DOTALL)


def from_payload(question: Question, text: str) -> Reading | None:
    """Read a button payload; only an exact, offered value counts."""
    m = _PAYLOAD.match(text)
    if not m or m.group(1) != "answer" or not m.group(2):
        return None
    try:
        data = json.loads(m.group(2))
    except ValueError:
        return None
    value = data.get("choice") if isinstance(data, dict) else None
    option = question.option(value) if isinstance(value, str) else None
    if option:
        return Reading({question.id: tapped(question, option.value), **option.settles}, "button")
    return None


def from_label(question: Question, text: str, language: str) -> Reading | None:
    """Read a message that is exactly one of the button labels."""
    wanted = " ".join(text.lower().split()).rstrip(".!")
    for option in question.options:
        if wanted in (localize(option.label, language).lower(), option.value.lower()):
            return Reading({question.id: tapped(question, option.value), **option.settles}, "typed_label")
    return None


def tapped(question: Question, value: str) -> str:
    """What one tapped option of a question says: for a grouped question, that one, and not the rest.

    A grouped question's buttons take one condition ("Tap one, or type all that apply"), so a
    patient with two may tap only one: a tapped condition leaves the group's other conditions
    not sure (unknown), where a typed list or "None of these" settles them. Otherwise a tapped
    clot "more than 6 months ago" would count as no heart problem either.
    """
    if question.kind != "group" or value in (NONE, NOT_SURE):
        return value
    return f"{value},{NOT_SURE}"


def not_sure(question: Question) -> Reading:
    """The reading recorded for 'not sure'."""
    return Reading({question.id: NOT_SURE}, "not_sure")
