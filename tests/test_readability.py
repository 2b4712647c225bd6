"""Every English sentence a patient reads is plain: Flesch-Kincaid grade 8 or lower.

(Chinese texts have their own check: tests/languages/test_chinese_readability.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
import yaml

from criteria import load_lexicon, load_trial, localize
from criteria.audience import caregiver_forms

ROOT = Path(__file__).resolve().parent.parent
MAX_GRADE = 8.0
# Names a patient must see as written; they are left out of the count, as are
# the medicine names of the lexicon.
NAMES = ["NCT06561607", "TQB2102", "ClinicalTrials.gov", "Qingyuan Zhang", "HER2", "ER", "PR", "HR+", "ISH", "FISH"]


def _medicine_words() -> list[str]:
    words = []
    for entry in load_lexicon():
        words.extend([entry["name"], *entry.get("also", [])])
    return sorted({w for w in words if len(w) > 2}, key=len, reverse=True)


def plain(text: str) -> str:
    """The text with template slots, names and medicine names taken out."""
    text = re.sub(r"\{\w+\}", "", text)
    for word in NAMES + _medicine_words():
        text = re.sub(rf"(?i)(?<![\w-]){re.escape(word)}(?![\w-])", "", text)
    return text


def patient_texts() -> list[tuple[str, str]]:
    """(where, text) for every English domain response and every English patient text of the trial."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    english = {"type": "slot", "name": "language", "value": "en"}
    texts = [
        (name, v["text"])
        for name, variants in domain["responses"].items()
        for v in variants
        if english in v["condition"]
    ]
    trial = load_trial()
    for q in trial.questions:
        texts += [(f"{q.id}.text", localize(q.text)), (f"{q.id}.why", localize(q.why))]
        if q.meaning:
            texts.append((f"{q.id}.meaning", localize(q.meaning)))
        if q.missing:
            texts.append((f"{q.id}.missing", localize(q.missing)))
    for c in trial.criteria:
        for part in ("not_met_reason", "unknown_reason", "site_note"):
            if getattr(c, part):
                texts.append((f"{c.id}.{part}", localize(getattr(c, part))))
        texts += [(f"{c.id}.case", localize(case.reason)) for case in c.cases if case.reason]
    # Caregiver mode (issue 14): the caregiver forms ({person} and the like are slots, as above).
    texts += [(f"caregiver: {own[:30]}", localize(other)) for own, other in caregiver_forms().items()]
    return texts


@pytest.mark.parametrize(("where", "text"), patient_texts(), ids=[w for w, _ in patient_texts()])
def test_reading_grade_at_most_8(where: str, text: str) -> None:
    grade = textstat.flesch_kincaid_grade(plain(text))
    assert grade <= MAX_GRADE, f"{where}: grade {grade}: {text}"


def test_the_check_can_fail() -> None:
    hard = "Pathologically confirmed unresectable malignancies necessitate comprehensive multidisciplinary evaluation."
    assert textstat.flesch_kincaid_grade(plain(hard)) > MAX_GRADE
