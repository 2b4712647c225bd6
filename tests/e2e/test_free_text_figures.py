"""The free-text figures from a hand-made report file (no servers: part of the fast suite)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.free_text_figures import main, read_report, summarise, text

CASES: list[dict[str, Any]] = [
    {"name": "fits, short", "expected": "likely_eligible", "actual": "likely_eligible", "turns": 13, "misread": False},
    {"name": "fits, long", "expected": "likely_eligible", "actual": "likely_eligible", "turns": 16, "misread": False},
    {"name": "fits, mid", "expected": "likely_eligible", "actual": "likely_eligible", "turns": 14, "misread": False},
    {"name": "out, right", "expected": "not_eligible", "actual": "not_eligible", "turns": 4, "misread": False},
    {"name": "misread", "expected": "not_eligible", "actual": "needs_review", "turns": 15, "misread": True},
    {"name": "stuck midway", "expected": "needs_review", "actual": None, "turns": 7, "misread": False},
    # a misread case that happens to end right still counts as wrong, and not in the turns
    {"name": "misread, lucky", "expected": "likely_eligible", "actual": "likely_eligible", "turns": 30,
     "misread": True},
]  # fmt: skip


def test_right_outcomes_leave_out_misread_cases() -> None:
    figures = summarise(CASES)
    assert (figures.cases, figures.right) == (7, 4)
    assert figures.misread == ["misread", "misread, lucky"]
    assert figures.wrong == ["stuck midway (needs_review -> None)"]
    assert figures.false_likely == []


def test_the_median_is_over_eligible_screenings_that_ended_right() -> None:
    figures = summarise(CASES)
    assert sorted(figures.eligible_turns) == [13, 14, 16]
    assert figures.median_turns == 14
    assert figures.holds()


def test_a_false_likely_eligible_breaks_the_figures() -> None:
    wrongly = {"name": "told fits", "expected": "needs_review", "actual": "likely_eligible", "turns": 15}
    figures = summarise([*CASES, wrongly])
    assert figures.false_likely == ["told fits"]
    assert not figures.holds()
    assert "false 'likely eligible': 1 (must be 0)" in text(figures)
    assert "FALSE LIKELY ELIGIBLE: told fits" in text(figures)


def test_long_eligible_screenings_break_the_figures() -> None:
    long = [{**c, "turns": 16} for c in CASES]
    assert summarise(long).median_turns == 16
    assert not summarise(long).holds()
    assert not summarise([c for c in CASES if c["expected"] != "likely_eligible"]).holds()  # none to measure


def test_the_command_prints_the_figures_of_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "free_text.json"
    report.write_text(json.dumps({"cases": CASES}), encoding="utf-8")
    assert read_report(report) == summarise(CASES)
    assert main([str(report)]) == 0
    printed = capsys.readouterr().out
    assert "right outcome: 4 of 7" in printed
    assert "misread (xfail, counted wrong): 2" in printed
    assert "median patient turns, eligible screening: 14 over 3 screenings (must be <= 15)" in printed
    assert main([str(tmp_path / "missing.json")]) == 1
