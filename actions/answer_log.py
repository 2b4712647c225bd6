"""The answer log: what the patient said for each question and how it was read (for the navigators)."""

from __future__ import annotations

import datetime
from typing import Any

from rasa_sdk import Tracker

from actions.screening_state import ANSWER_LOG
from understanding.reading import Reading

MAX_SAID = 500  # characters of the patient's words kept in the answer log


def logged(tracker: Tracker, readings: list[tuple[str, Reading]], text: str) -> list[dict[str, Any]]:
    """The answer log with these answers added: what was said and how it was read."""
    log = list(tracker.get_slot(ANSWER_LOG) or [])
    at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    said = text[:MAX_SAID]
    for qid, reading in readings:
        log.append(
            {
                "question": qid,
                "said": said,
                "read_as": dict(reading.values),
                "how": reading.how,
                "details": dict(reading.details),
                "evidence": evidence_spans(said, reading.matched),
                "at": at,
            }
        )
    return log


def evidence_spans(said: str, matched: tuple[str, ...]) -> list[list[int]]:
    """Where the words that decided a reading stand in the patient's message: [start, end] pairs."""
    lowered = said.lower()
    spans = []
    for phrase in matched:
        start = lowered.find(phrase.lower()) if phrase else -1
        if start >= 0:
            spans.append([start, start + len(phrase)])
    return spans
