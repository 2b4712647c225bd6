"""Patients who answer only in their own words, screened end to end over the REST channel.

With FREE_TEXT_REPORT=<file> set, each case's expected and actual outcome and the number of
messages the patient sent are written to that JSON file when the module ends (for
`make free-text-figures`, tests/e2e/free_text_figures.py); nothing is written otherwise.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.e2e.free_text_all import ALL_FREE_TEXT_CASES, ALL_MISREAD
from tests.e2e.patients import Case
from tests.e2e.test_scripted_patients import screen

pytestmark = pytest.mark.e2e

REPORT_VARIABLE = "FREE_TEXT_REPORT"


def _param(case: Case) -> object:
    misread = ALL_MISREAD.get(case.name)
    marks = [pytest.mark.xfail(strict=True, reason=f"misread: {misread}")] if misread else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def report() -> Iterator[list[dict[str, Any]]]:
    """The cases' records, written to the file FREE_TEXT_REPORT names (if any) at the end."""
    records: list[dict[str, Any]] = []
    yield records
    path = os.environ.get(REPORT_VARIABLE)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps({"cases": records}, indent=1) + "\n", encoding="utf-8")


def _outcome(patient: Patient) -> str | None:
    """The screening's outcome as the tracker holds it (None if it has none, or Rasa is gone)."""
    try:
        outcome = patient.slots().get("screening_outcome")
    except requests.RequestException:
        return None
    return str(outcome) if outcome else None


def _messages(case: Case) -> list[str]:
    """Every message the patient may send."""
    return [m for said in case.answers().values() for m in (said if isinstance(said, list) else [said])]


def _user_texts(patient: Patient) -> list[str]:
    """What the patient sent, as the tracker recorded it."""
    return [str(e.get("text") or "") for e in patient.tracker()["events"] if e.get("event") == "user"]


def test_the_cases_are_free_text_and_cover_every_outcome() -> None:
    assert len(ALL_FREE_TEXT_CASES) >= 40
    assert len({c.name for c in ALL_FREE_TEXT_CASES}) == len(ALL_FREE_TEXT_CASES)
    counts = Counter(c.outcome for c in ALL_FREE_TEXT_CASES)
    assert all(counts[outcome] >= 12 for outcome in ("likely_eligible", "not_eligible", "needs_review")), counts
    for case in ALL_FREE_TEXT_CASES:
        assert all(m.strip() and not m.lstrip().startswith("/") for m in _messages(case)), case.name
        assert case.outcome != "not_eligible" or case.not_met, case.name
        assert case.outcome != "needs_review" or case.unknown, case.name
    assert set(ALL_MISREAD) <= {c.name for c in ALL_FREE_TEXT_CASES}


@pytest.mark.parametrize("case", [_param(c) for c in ALL_FREE_TEXT_CASES])
def test_free_text_patient(settings: Settings, servers: dict, report: list[dict[str, Any]], case: Case) -> None:
    record: dict[str, Any] = {"name": case.name, "expected": case.outcome, "misread": case.name in ALL_MISREAD}
    record["passed"] = False
    report.append(record)
    patient = Patient(settings)
    try:
        patient, asked = screen(settings, case.answers(), patient)
    finally:  # a case that fails midway is recorded too, with what it got so far
        record.update(actual=_outcome(patient), turns=len(patient.replies))
    slots = patient.slots()
    sent = _user_texts(patient)
    assert sent and not [t for t in sent if t.lstrip().startswith("/")], "a button payload was sent"
    assert not [e for e in slots["answer_log"] if e.get("how") == "button"]
    assert slots["screening_outcome"] == case.outcome
    assert slots["criteria_not_met"] == case.not_met
    assert sorted(slots["criteria_unknown"]) == sorted(case.unknown)
    for words in case.says:
        assert words in patient.all_text, f"{words!r} not shown"
    if case.not_met:  # a clear exclusion ends the questions early, at the answer that gave it
        assert asked[-1] in case.changes
        assert "this study is not a match" in patient.all_text
    record["passed"] = True
