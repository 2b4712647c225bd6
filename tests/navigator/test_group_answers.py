"""Grouped answers as the navigator reads them back from the store (issue 14)."""

from __future__ import annotations

from bot.navigator.summary import answer_label, final_answers
from criteria import Result, evaluate, load_trial
from tests.navigator.test_parts import answer


def test_several_conditions_and_their_follow_up_are_read_back_and_judged() -> None:
    trial = load_trial()
    rows = [answer(1, "heart_lung", "{'heart_lung': 'blood_clot,heart', 'clot_when': 'before'}")]
    kept = final_answers(trial, rows)
    assert kept == {"heart_lung": "blood_clot,heart", "clot_when": "before"}
    results = evaluate(trial, kept).results
    assert (results["EXC-07"].result, results["EXC-09"].result) == (Result.MET, Result.NOT_MET)
    assert answer_label(trial, "heart_lung", kept["heart_lung"]).startswith("A blood clot in the last 6 months; Heart")
    assert answer_label(trial, "clot_when", "before") == "More than 6 months ago"


def test_a_changed_group_answer_clears_its_follow_ups() -> None:
    trial = load_trial()
    rows = [
        answer(1, "heart_lung", "{'heart_lung': 'blood_clot'}"),
        answer(2, "clot_when", "{'clot_when': 'within'}"),
        answer(3, "heart_lung", "{'heart_lung': 'none'}"),  # changed from the summary
    ]
    assert final_answers(trial, rows) == {"heart_lung": "none"}
