"""The entry point: pick the reader for a question's kind and apply it."""

from __future__ import annotations

from typing import Mapping

from criteria import Question
from understanding.cues import cues_for
from understanding.normalise import normalise
from understanding.readers import age, chemo, choices, medicines, receptors
from understanding.reading import MAX_TEXT, Reader, Reading, from_label, from_payload
from understanding.text import has, is_question, not_in_language


def _readers() -> Mapping[str, Reader]:
    return {
        "age": age.read_age,
        "anti_her2": medicines.read_anti_her2,
        "chemo_metastatic": chemo.read_chemo,
        "her2_ihc": receptors.read_her2,
        "her2_ish": receptors.read_ish,
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
