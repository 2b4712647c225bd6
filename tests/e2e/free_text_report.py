"""What `make free-text-figures` counts: each free-text patient's expected and actual outcome and turns.

The runners of free-text patients (tests/e2e/test_free_text_patients.py, test_free_text_groups.py,
test_free_text_caregivers.py, and the Chinese patients of test_free_text_zh.py) record every case,
with the patient's language, through `recording`; the session fixture `free_text_report`
(tests/e2e/conftest.py) writes them all to the JSON file FREE_TEXT_REPORT names, when it names one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from tests.e2e.chat import Patient
from tests.e2e.patients import Case

REPORT_VARIABLE = "FREE_TEXT_REPORT"


def write_report(records: list[dict[str, Any]]) -> None:
    """Write the records to the file FREE_TEXT_REPORT names; nothing when it is not set."""
    path = os.environ.get(REPORT_VARIABLE)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps({"cases": records}, indent=1) + "\n", encoding="utf-8")


def outcome_of(patient: Patient) -> str | None:
    """The screening's outcome as the tracker holds it (None if it has none, or Rasa is gone)."""
    try:
        outcome = patient.slots().get("screening_outcome")
    except requests.RequestException:
        return None
    return str(outcome) if outcome else None


@contextmanager
def recording(
    report: list[dict[str, Any]], case: Case, patient: Patient, misread: bool = False, language: str = "en"
) -> Iterator[dict[str, Any]]:
    """Record the case; a case that fails midway is recorded too, with what it got so far.

    The caller sets `record["passed"] = True` once every assertion of the case held.
    """
    record: dict[str, Any] = {
        "name": case.name, "language": language, "expected": case.outcome, "misread": misread, "passed": False,
    }  # fmt: skip
    report.append(record)
    try:
        yield record
    finally:
        record.update(actual=outcome_of(patient), turns=len(patient.replies))
