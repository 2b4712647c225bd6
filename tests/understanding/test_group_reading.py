"""Grouped questions read from free text (issue 14): several conditions, times, qualifiers.

Today is fixed (7 December 2026), so that "three weeks ago" and "last summer" fall on
known days. Many of these wordings are only here, in no training data.
"""

from __future__ import annotations

import datetime as dt

import pytest

from criteria import load_trial
from understanding.interpret import interpret
from understanding.readers.dates import spans

TRIAL = load_trial()
TODAY = dt.date(2026, 12, 7)


def read(question_id: str, text: str) -> dict | None:
    reading = interpret(TRIAL.question(question_id), text, "en", today=TODAY)
    return None if reading is None else dict(reading.values)


CLOT = "blood_clot"
GROUP_CASES = [
    # the examples of the issue, in other words
    pytest.param(
        "cancer_history",
        "I've had breast cancer, and ovarian cancer too, about 4 years ago",
        {"cancer_history": "other_cancer", "other_cancer_when": "within"},
        id="ovarian-4-years",
    ),
    pytest.param("heart_lung", "there was a DVT in my arm over the summer", {"heart_lung": CLOT}, id="dvt-summer-asks"),
    pytest.param("other_conditions", "dialysis 3 times every week", {"other_conditions": "dialysis"}, id="dialysis"),
    pytest.param(
        "other_conditions", "my kidneys failed last year", {"other_conditions": "dialysis"}, id="kidneys-failed"
    ),
    pytest.param(
        "cancer_history",
        "mets in the brain, had gamma knife and they've been stable since",
        {"cancer_history": "brain", "brain_active": "stable"},
        id="brain-stable",
    ),
    pytest.param(
        "other_conditions",
        "hep C but it was cured with pills back in 2020",
        {"other_conditions": "hepatitis", "hepatitis_controlled": "controlled"},
        id="hep-c-cured",
    ),
    pytest.param("heart_lung", "a blood clot a year ago", {"heart_lung": CLOT, "clot_when": "before"}, id="clot-year"),
    pytest.param("heart_lung", "clot in my leg three weeks ago", {"heart_lung": CLOT, "clot_when": "within"}, id="3wk"),
    pytest.param(
        "heart_lung",
        "a clot last spring and also heart failure",
        {"heart_lung": "blood_clot,heart", "clot_when": "before"},
        id="clot-and-heart",
    ),
    # several conditions in one message
    pytest.param("other_conditions", "HIV and I'm on dialysis", {"other_conditions": "dialysis,immune"}, id="two-oc"),
    pytest.param(
        "cancer_history",
        "melanoma in 2015 and fluid on my lungs that gets drained every few weeks",
        {
            "cancer_history": "other_cancer,fluid_drainage",
            "other_cancer_when": "before",
            "fluid_repeated": "repeated",
        },
        id="melanoma-and-fluid",
    ),
    pytest.param(
        "heart_lung",
        "PE 2 months ago, and afib",
        {"heart_lung": "blood_clot,heart", "clot_when": "within"},
        id="pe-and-afib",
    ),
    # negation and other people's history
    pytest.param("heart_lung", "no clots", None, id="no-clots-asks"),
    pytest.param(
        "heart_lung", "never had any clots, but I do have angina", {"heart_lung": "heart"}, id="no-clot-angina"
    ),
    pytest.param("heart_lung", "my mum had a stroke", None, id="mum-stroke"),
    pytest.param("heart_lung", "none of them", {"heart_lung": "none"}, id="none-of-them"),
    pytest.param("cancer_history", "only the breast cancer", None, id="breast-is-not-another"),
    pytest.param("cancer_history", "my dad had bowel cancer", None, id="dad-bowel"),
    # a qualifier that is not said: the follow-up is asked
    pytest.param("cancer_history", "brain mets", {"cancer_history": "brain"}, id="brain-asks"),
    pytest.param("other_conditions", "hepatitis B", {"other_conditions": "hepatitis"}, id="hep-asks"),
    pytest.param("heart_lung", "I had pneumonitis", {"heart_lung": "lung_inflammation"}, id="ild-asks"),
    pytest.param(
        "heart_lung",
        "pneumonitis from radiation, they gave me prednisone",
        {"heart_lung": "lung_inflammation", "ild_steroids": "yes"},
        id="ild-prednisone",
    ),
    pytest.param(
        "cancer_history",
        "some fluid round my lung, drained just once in june",
        {"cancer_history": "fluid_drainage", "fluid_repeated": "once"},
        id="fluid-once",
    ),
    pytest.param(
        "cancer_history",
        "brain mets that are growing",
        {"cancer_history": "brain", "brain_active": "active"},
        id="brain-growing",
    ),
    # doubt is not sure; a qualifier said both ways is asked
    pytest.param("heart_lung", "maybe a clot, not sure", {"heart_lung": "not_sure"}, id="unsure"),
    pytest.param(
        "cancer_history", "brain mets, stable but growing again", {"cancer_history": "brain"}, id="brain-both-ways"
    ),
    # a time said two ways is asked
    pytest.param("heart_lung", "clots in 2019 and again last month", {"heart_lung": CLOT}, id="two-times"),
]


@pytest.mark.parametrize(("question_id", "text", "expected"), GROUP_CASES)
def test_group_reading(question_id, text, expected):
    assert read(question_id, text) == expected


TIME_CASES = [
    ("clot_when", "about a year ago", "before"),
    ("clot_when", "three weeks ago", "within"),
    ("clot_when", "last month", "within"),
    ("clot_when", "in 2019", "before"),
    ("clot_when", "back in march 2026", "before"),
    ("clot_when", "in the summer", None),  # June to August crosses 7 June: asked again
    ("clot_when", "More than 6 months ago", "before"),
    ("clot_when", "no idea", "not_sure"),
    ("clot_when", "yes", None),
    ("other_cancer_when", "years ago", None),  # 2 to 12 years crosses 5 years
    ("other_cancer_when", "in 2010", "before"),
    ("other_cancer_when", "4 years ago", "within"),
    ("other_cancer_when", "I still have it", "within"),
    ("lung_disease_when", "2 months ago", "within"),
    ("lung_disease_when", "last year", "before"),
    ("lung_disease_when", "right now", "within"),
]


@pytest.mark.parametrize(("question_id", "text", "expected"), TIME_CASES)
def test_time_follow_up(question_id, text, expected):
    assert read(question_id, text) == (None if expected is None else {question_id: expected})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2019", [("2019-01-01", "2019-12-31")]),
        ("2 months ago", [("2026-09-07", "2026-10-07")]),
        ("last summer", [("2026-06-01", "2026-08-31")]),
        ("a year ago", [("2024-12-07", "2025-12-07")]),
        ("years ago", [("2014-12-07", "2024-12-07")]),
        ("three weeks ago", [("2026-11-09", "2026-11-16")]),
        ("since 2020", [("2020-01-01", "2026-12-07")]),
        ("in march", [("2026-03-01", "2026-03-31")]),
        ("this year", [("2026-01-01", "2026-12-07")]),
        ("in 2030", []),
        ("may have had one", []),  # "may" is no month here
        ("when i was 30", []),
    ],
)
def test_dates_are_read_as_spans(text, expected):
    got = [(s.earliest.isoformat(), s.latest.isoformat()) for s in spans(text, "en", TODAY)]
    assert got == expected


def test_last_summer_in_summer_is_the_year_before():
    (span,) = spans("last summer", "en", dt.date(2026, 7, 15))
    assert (span.earliest, span.latest) == (dt.date(2025, 6, 1), dt.date(2025, 8, 31))


def test_winter_spans_the_new_year():
    (span,) = spans("last winter", "en", dt.date(2026, 6, 1))
    assert (span.earliest, span.latest) == (dt.date(2025, 12, 1), dt.date(2026, 2, 28))


@pytest.mark.parametrize(
    ("question_id", "said", "value"),
    [
        ("other_conditions", '/answer{"choice": "hepatitis"}', "hepatitis,not_sure"),
        ("other_conditions", "Hepatitis B or C that is under control or cured", "hepatitis,not_sure"),
        ("heart_lung", '/answer{"choice": "blood_clot"}', "blood_clot,not_sure"),
        ("heart_lung", '/answer{"choice": "none"}', "none"),
        ("heart_lung", '/answer{"choice": "not_sure"}', "not_sure"),
    ],
)
def test_one_tapped_condition_leaves_the_rest_of_the_group_not_said(question_id: str, said: str, value: str) -> None:
    """The buttons say "Tap one": a patient with two conditions may tap only one of them."""
    from criteria import Outcome, evaluate
    from tests.criteria.helpers import ELIGIBLE as ELIGIBLE_ANSWERS

    trial = load_trial()
    reading = interpret(trial.question(question_id), said, "en")
    assert reading is not None and reading.values[question_id] == value
    if question_id == "other_conditions":  # controlled hepatitis, tapped: that criterion met, the others unknown
        answers = {**ELIGIBLE_ANSWERS, **reading.values}
        results = {cid: r.result.value for cid, r in evaluate(trial, answers).results.items()}
        assert results["EXC-11"] == "met"
        assert [results[c] for c in ("EXC-04", "EXC-08", "EXC-12", "EXC-13", "EXC-16")] == ["unknown"] * 5
        assert evaluate(trial, answers).outcome is not Outcome.LIKELY_ELIGIBLE
