"""Patients who answer only in their own words, screened end to end over the REST channel.

Each case is recorded for `make free-text-figures` (tests/e2e/free_text_report.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.e2e.free_text_all import ALL_FREE_TEXT_CASES, ALL_MISREAD
from tests.e2e.free_text_report import recording
from tests.e2e.patients import Case
from tests.e2e.test_scripted_patients import screen

pytestmark = pytest.mark.e2e


def _param(case: Case) -> object:
    misread = ALL_MISREAD.get(case.name)
    marks = [pytest.mark.xfail(strict=True, reason=f"misread: {misread}")] if misread else []
    return pytest.param(case, id=case.name, marks=marks)


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
def test_free_text_patient(
    settings: Settings, servers: dict, free_text_report: list[dict[str, Any]], case: Case
) -> None:
    patient = Patient(settings)
    with recording(free_text_report, case, patient, misread=case.name in ALL_MISREAD) as record:
        patient, asked = screen(settings, case.answers(), patient)
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
