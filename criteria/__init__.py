"""The trial as data plus a pure eligibility engine (no Rasa, no database)."""

from criteria.engine import evaluate
from criteria.loading import load_lexicon, load_trial
from criteria.model import (
    Assessment,
    Criterion,
    CriterionResult,
    Outcome,
    Question,
    Result,
    Trial,
    localize,
)

__all__ = [
    "Assessment",
    "Criterion",
    "CriterionResult",
    "Outcome",
    "Question",
    "Result",
    "Trial",
    "evaluate",
    "load_lexicon",
    "load_trial",
    "localize",
]
