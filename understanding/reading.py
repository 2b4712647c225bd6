"""The entry point: pick the reader for a question's kind and apply it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from criteria import Question
from criteria.model import NOT_SURE, AnswerValue, localize
from understanding.language import cues_for
from understanding.text import has, is_question, normalise, not_in_language


@dataclass(frozen=True)
class Reading:
    """What the patient's words were read as: question id -> value, and how."""

    values: Mapping[str, AnswerValue]
    how: str
    matched: tuple[str, ...] = field(default_factory=tuple)


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
    if isinstance(value, str) and question.option(value):
        return Reading({question.id: value}, "button")
    return None


def from_label(question: Question, text: str, language: str) -> Reading | None:
    """Read a message that is exactly one of the button labels."""
    wanted = " ".join(text.lower().split()).rstrip(".!")
    for option in question.options:
        if wanted in (localize(option.label, language).lower(), option.value.lower()):
            return Reading({question.id: option.value}, "typed the button text")
    return None


def not_sure(question: Question) -> Reading:
    """The reading recorded for 'not sure'."""
    return Reading({question.id: NOT_SURE}, "said not sure")


def _readers() -> Mapping[str, Reader]:
    from understanding.readers import age, chemo, choices, medicines, receptors

    return {
        "age": age.read_age,
        "anti_her2": medicines.read_anti_her2,
        "chemo_metastatic": chemo.read_chemo,
        "her2_ihc": receptors.read_her2,
        "her2_ish": choices.read_choice,
        "hormone_receptor": receptors.read_hormone_receptor,
        "choice": choices.read_choice,
        "yes_no": choices.read_choice,
        "group": choices.read_group,
    }


def interpret(question: Question, text: str | None, language: str = "en") -> Reading | None:
    """Read the patient's answer to `question`; None when it is not clear.

    None is never a guess: the caller must ask again. A button payload or a
    typed button label is taken as it is; free text goes to the reader for the
    question's kind.
    """
    if not text or not text.strip():
        return None
    if text.lstrip().startswith("/"):
        return from_payload(question, text)
    reading = from_label(question, text, language)
    if reading:
        return reading
    text = normalise(text[:MAX_TEXT], language)
    if not_in_language(text, language):
        return None  # another language: the patient is asked to tap a button
    cues = cues_for(language)
    if is_question(text, cues) and not has(text, cues.unsure):
        return None  # "Herceptin?" asks, it does not answer
    return _readers()[question.kind](question, text, language)
