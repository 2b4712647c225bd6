"""Grouped questions answered in free text, screened end to end over the REST channel (issue 14)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.e2e.free_text_groups import GROUP_CASES
from tests.e2e.free_text_report import recording
from tests.e2e.patients import ELIGIBLE, Case
from tests.e2e.test_scripted_patients import screen

pytestmark = pytest.mark.e2e

GROUPS = ("cancer_history", "heart_lung", "other_conditions", "allergies")


def _messages(case: Case) -> list[str]:
    return [m for said in case.changes.values() for m in (said if isinstance(said, list) else [said])]


def test_the_cases_are_free_text_at_the_grouped_questions() -> None:
    assert len(GROUP_CASES) >= 25
    assert len({c.name for c in GROUP_CASES}) == len(GROUP_CASES)
    counts = Counter(c.outcome for c in GROUP_CASES)
    assert all(counts[outcome] >= 5 for outcome in ("likely_eligible", "not_eligible", "needs_review")), counts
    for case in GROUP_CASES:
        assert any(q in GROUPS for q in case.changes), case.name
        assert all(m.strip() and not m.lstrip().startswith("/") for m in _messages(case)), case.name


@pytest.mark.parametrize("case", GROUP_CASES, ids=[c.name for c in GROUP_CASES])
def test_free_text_group_patient(
    settings: Settings, servers: dict, free_text_report: list[dict[str, Any]], case: Case
) -> None:
    patient = Patient(settings)
    with recording(free_text_report, case, patient) as record:
        patient, asked = screen(settings, case.answers(), patient)
    slots = patient.slots()
    assert slots["screening_outcome"] == case.outcome, patient.all_text
    assert slots["criteria_not_met"] == case.not_met
    assert sorted(slots["criteria_unknown"]) == sorted(case.unknown)
    for words in case.says:
        assert words in patient.all_text, f"{words!r} not shown"
    follow_ups = [q for q in case.changes if q not in GROUPS]
    assert [q for q in asked if q not in ELIGIBLE] == follow_ups  # asked only when not already said
    if case.not_met:
        assert asked[-1] in case.changes
        assert "this study is not a match" in patient.all_text
    record["passed"] = True


def test_two_conditions_and_their_follow_up_are_shown_and_kept(settings: Settings, servers: dict) -> None:
    answers = {**ELIGIBLE, "heart_lung": "pneumonitis once, no steroids, and an old clot from 2015"}
    patient, asked = screen(settings, answers)
    slots = patient.slots()
    assert slots["heart_lung"] == "lung_inflammation,blood_clot"
    assert (slots["ild_steroids"], slots["clot_when"]) == ("no", "before")
    assert slots["screening_outcome"] == "likely_eligible"
    assert "Lung inflammation treated with steroids (ILD or pneumonitis); A blood clot" in patient.all_text
    assert len(patient.replies) == 15  # a condition and its time in one message cost no extra turn
