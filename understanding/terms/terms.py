"""What the matchers return: one found term, with its place in the text."""

from __future__ import annotations

from dataclasses import dataclass

MEDICINE = "medicine"
HER2_RESULT = "her2_result"
HORMONE_RECEPTOR = "hormone_receptor"
AGE = "age"
RED_FLAG = "red_flag"
ENTITY_TYPES = (MEDICINE, HER2_RESULT, HORMONE_RECEPTOR, AGE, RED_FLAG)


@dataclass(frozen=True)
class Term:
    """A term found in a message: entity type, normalised value, character span, words used."""

    entity: str
    value: str | int
    start: int
    end: int
    text: str
