"""The punctuation the actions put between parts of a patient-facing text, by language.

Chinese text takes full-width punctuation (../shared/glossary-zh.md): "年龄：54；" and not
"年龄: 54; ". The words themselves come from the trial file and the domain.
"""

from __future__ import annotations

_COLON = {"en": ": ", "zh": "："}  # between a label and its answer
_SEPARATOR = {"en": "; ", "zh": "；"}  # between two "label: answer" parts on one line


def colon(language: str) -> str:
    """What stands between a label and its answer ("Age: 54", "年龄：54")."""
    return _COLON.get(language, _COLON["en"])


def separator(language: str) -> str:
    """What stands between two labelled answers on one line."""
    return _SEPARATOR.get(language, _SEPARATOR["en"])
