"""The free-text figures from a hand-made report file (no servers: part of the fast suite)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.free_text_figures import by_language, main, read_report, summarise, text

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


CHINESE: list[dict[str, Any]] = [
    {"name": "zh: fits", "language": "zh", "expected": "likely_eligible", "actual": "likely_eligible", "turns": 14},
    {"name": "zh: fits, chatty", "language": "zh", "expected": "likely_eligible", "actual": "likely_eligible",
     "turns": 15},
    {"name": "zh: HER2 0", "language": "zh", "expected": "not_eligible", "actual": "not_eligible", "turns": 3},
    {"name": "zh: unsure", "language": "zh", "expected": "needs_review", "actual": "not_eligible", "turns": 15},
]  # fmt: skip


def test_the_figures_are_counted_per_language_and_a_record_without_one_is_english() -> None:
    languages = by_language([*CASES, *CHINESE])
    assert list(languages) == ["en", "zh"]
    assert languages["en"] == summarise(CASES)
    chinese = languages["zh"]
    assert (chinese.cases, chinese.right, chinese.median_turns) == (4, 3, 14.5)
    assert chinese.wrong == ["zh: unsure (needs_review -> not_eligible)"] and chinese.false_likely == []
    assert "free-text patients in zh: 4" in text(chinese, "free-text patients in zh")


def test_the_command_prints_each_language_and_fails_when_one_breaks_a_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "free_text.json"
    report.write_text(json.dumps({"cases": [*CASES, *CHINESE]}), encoding="utf-8")
    assert main([str(report)]) == 0
    printed = capsys.readouterr().out
    assert "free-text patients: 11" in printed and "right outcome: 7 of 11" in printed
    english, chinese = printed.split("free-text patients in en: 7")[1].split("free-text patients in zh: 4")
    assert "right outcome: 4 of 7" in english and "over 3 screenings" in english
    assert "right outcome: 3 of 4" in chinese
    assert "median patient turns, eligible screening: 14.5 over 2 screenings (must be <= 15)" in chinese
    # Chinese screenings too long, English ones short: the figures over all hold, the Chinese ones do not.
    quick = [{**CASES[0], "name": f"fits, quick {n}", "turns": 10} for n in range(3)]
    slow = [{**c, "turns": 16} for c in CHINESE]
    cases = [*CASES, *quick, *slow]
    report.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    assert summarise(cases).holds() and not by_language(cases)["zh"].holds()
    assert main([str(report)]) == 1
