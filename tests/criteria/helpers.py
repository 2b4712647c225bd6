"""Shared data and helpers for the criteria tests (NCT06561607).

The expected tables here are written from the registry listing
(docs/registry/NCT06561607-listing.txt), not read back from the YAML, so
that the tests check the YAML against the listing rather than against itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from criteria import Assessment, CriterionResult, Trial, evaluate, load_trial
from criteria.engine import judge

TRIAL: Trial = load_trial()

# The registry listing, kept in the repository (a copy of ../shared/seeds/000_c993aa3bfbe56fbd.txt).
SEED_FILE = Path(__file__).resolve().parents[2] / "docs" / "registry" / "NCT06561607-listing.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c993aa3bfbe56fbd.txt"

# The questions in the order the chat asks them (most decisive first).
QUESTION_ORDER = (
    "her2_ihc",
    "her2_ish",
    "anti_her2",
    "chemo_metastatic",
    "hormone_receptor",
    "disease_extent",
    "progression",
    "age",
    "daily_activity",
    "cancer_history",
    "other_cancer_when",
    "fluid_repeated",
    "brain_active",
    "heart_lung",
    "ild_steroids",
    "lung_disease_when",
    "clot_when",
    "other_conditions",
    "hepatitis_controlled",
    "allergies",
)

# A patient who meets every asked criterion. her2_ish is not needed for 1+.
ELIGIBLE: Mapping[str, Any] = {
    "her2_ihc": "1+",
    "anti_her2": "no",
    "chemo_metastatic": "no",
    "hormone_receptor": "positive",
    "disease_extent": "metastatic",
    "progression": "yes",
    "age": 50,
    "daily_activity": "fully_active",
    "cancer_history": "none",
    "heart_lung": "none",
    "other_conditions": "none",
    "allergies": "none",
}

# The one-tap group questions and the criteria each one answers.
GROUP_CRITERIA: Mapping[str, tuple[str, ...]] = {
    "cancer_history": ("EXC-01", "EXC-17.3", "EXC-17.4", "EXC-17.5"),
    "heart_lung": ("EXC-05", "EXC-06", "EXC-07", "EXC-09"),
    "other_conditions": ("EXC-04", "EXC-08", "EXC-11", "EXC-12", "EXC-13", "EXC-16"),
    "allergies": ("EXC-18", "EXC-20", "EXC-21"),
}

# The follow-ups of the grouped questions: asked only when their condition was named
# and the answer did not say when it was (time limits) or how it is (qualifiers).
GROUP_FOLLOW_UPS: Mapping[str, tuple[str, str]] = {
    "other_cancer_when": ("cancer_history", "other_cancer"),
    "fluid_repeated": ("cancer_history", "fluid_drainage"),
    "brain_active": ("cancer_history", "brain"),
    "ild_steroids": ("heart_lung", "lung_inflammation"),
    "lung_disease_when": ("heart_lung", "lung_disease"),
    "clot_when": ("heart_lung", "blood_clot"),
    "hepatitis_controlled": ("other_conditions", "hepatitis"),
}

# What only the study team can check: never asked, never blocking.
SITE_CRITERIA = (
    "INC-01",
    "INC-06",
    "INC-07",
    "EXC-02",
    "EXC-03",
    "EXC-10",
    "EXC-14",
    "EXC-15",
    "EXC-17.1",
    "EXC-17.2",
    "EXC-22",
    "EXC-23",
)

ASKED_CRITERIA = tuple(c.id for c in TRIAL.criteria if c.asked)


def with_answers(base: Mapping[str, Any] = ELIGIBLE, **changes: Any) -> dict[str, Any]:
    """A copy of `base` with some answers changed; None removes (not asked yet)."""
    answers = dict(base)
    for qid, value in changes.items():
        if value is None:
            answers.pop(qid, None)
        else:
            answers[qid] = value
    return answers


def tap(group: str, option: str) -> dict[str, Any]:
    """The answers a tap on a grouped question's button gives: the option, and what its label settles."""
    settles = TRIAL.question(group).option(option)
    return {group: option, **(settles.settles if settles else {})}


def result_of(criterion_id: str, answers: Mapping[str, Any]) -> CriterionResult:
    """Judge one criterion of the trial against the answers."""
    return judge(TRIAL.criterion(criterion_id), answers)


def in_listing_order(ids: Iterable[str]) -> list[str]:
    """The criterion ids sorted as the trial lists them."""
    order = [c.id for c in TRIAL.criteria]
    return sorted(set(ids), key=order.index)


def walk(answers: Mapping[str, Any]) -> tuple[list[str], Assessment]:
    """Answer the chat's questions one by one from `answers`, as a patient would.

    Returns the ids of the questions asked, in order, and the final assessment.
    A question whose answer is not in `answers` is answered "not_sure".
    """
    given: dict[str, Any] = {}
    asked: list[str] = []
    while True:
        assessment = evaluate(TRIAL, given)
        question = assessment.next_question
        if question is None:
            return asked, assessment
        assert question.id not in asked, f"{question.id} asked twice"
        asked.append(question.id)
        given[question.id] = answers.get(question.id, "not_sure")


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()


def en(text: Mapping[str, str] | None) -> str:
    """The English words of a patient-facing text, or ''."""
    return (text or {}).get("en", "").strip()


def zh(text: Mapping[str, str] | None) -> str:
    """The Chinese words of a patient-facing text, or ''."""
    return (text or {}).get("zh", "").strip()


def both(text: Mapping[str, str] | None) -> bool:
    """True when a patient-facing text has its English and its Chinese words."""
    return bool(en(text) and zh(text))
