"""Grouped questions (issue 14): several conditions per answer, their time limits and qualifiers.

Every case says which words of the registry listing it comes from. A grouped answer
names one option or several ("blood_clot,heart"); a follow-up is asked only when its
condition was named; the time follow-ups compare a date with the registry's limit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from criteria import Result, evaluate
from criteria.loading import TrialDataError, parse_trial
from criteria.model import TimeLimit
from criteria.timing import BEFORE, WITHIN, Span, compare, compare_all, months_before, start_of
from tests.criteria.helpers import ELIGIBLE, GROUP_FOLLOW_UPS, TRIAL, result_of, with_answers

MET, NOT_MET, UNKNOWN, PENDING = Result.MET, Result.NOT_MET, Result.UNKNOWN, Result.PENDING

# Every time limit and qualifier the registry makes decisive, with both answers and "not sure".
FOLLOW_UP_CASES = [
    # EXC-01 "other malignant tumors within 5 years prior to randomization"
    pytest.param(
        "EXC-01", {"cancer_history": "other_cancer", "other_cancer_when": "within"}, NOT_MET, id="cancer-5y-in"
    ),
    pytest.param("EXC-01", {"cancer_history": "other_cancer", "other_cancer_when": "before"}, MET, id="cancer-5y-out"),
    pytest.param(
        "EXC-01", {"cancer_history": "other_cancer", "other_cancer_when": "not_sure"}, UNKNOWN, id="cancer-5y-?"
    ),
    pytest.param("EXC-01", {"cancer_history": "other_cancer"}, PENDING, id="cancer-5y-asks"),
    # EXC-06 "moderate to severe pulmonary dysfunction/disease within 3 months prior to randomization"
    pytest.param("EXC-06", {"heart_lung": "lung_disease", "lung_disease_when": "within"}, NOT_MET, id="lung-3m-in"),
    pytest.param("EXC-06", {"heart_lung": "lung_disease", "lung_disease_when": "before"}, MET, id="lung-3m-out"),
    pytest.param("EXC-06", {"heart_lung": "lung_disease", "lung_disease_when": "not_sure"}, UNKNOWN, id="lung-3m-?"),
    pytest.param("EXC-06", {"heart_lung": "lung_disease"}, PENDING, id="lung-3m-asks"),
    # EXC-07 "arterial/deep vein thrombotic event within 6 months prior to randomization"
    pytest.param("EXC-07", {"heart_lung": "blood_clot", "clot_when": "within"}, NOT_MET, id="clot-6m-in"),
    pytest.param("EXC-07", {"heart_lung": "blood_clot", "clot_when": "before"}, MET, id="clot-6m-out"),
    pytest.param("EXC-07", {"heart_lung": "blood_clot", "clot_when": "not_sure"}, UNKNOWN, id="clot-6m-?"),
    pytest.param("EXC-07", {"heart_lung": "blood_clot"}, PENDING, id="clot-6m-asks"),
    # EXC-05 "interstitial lung disease/pneumonia requiring steroidal drug intervention"
    pytest.param("EXC-05", {"heart_lung": "lung_inflammation", "ild_steroids": "yes"}, NOT_MET, id="ild-steroids"),
    pytest.param("EXC-05", {"heart_lung": "lung_inflammation", "ild_steroids": "no"}, MET, id="ild-no-steroids"),
    pytest.param("EXC-05", {"heart_lung": "lung_inflammation", "ild_steroids": "not_sure"}, UNKNOWN, id="ild-?"),
    pytest.param("EXC-05", {"heart_lung": "lung_inflammation"}, PENDING, id="ild-asks"),
    # EXC-11 "Cirrhosis of the liver, active hepatitis that is not well controlled"
    pytest.param("EXC-11", {"other_conditions": "liver"}, NOT_MET, id="cirrhosis"),
    pytest.param(
        "EXC-11",
        {"other_conditions": "liver,hepatitis", "hepatitis_controlled": "controlled"},
        NOT_MET,
        id="cirrhosis-whatever-the-hepatitis",
    ),
    pytest.param(
        "EXC-11", {"other_conditions": "hepatitis", "hepatitis_controlled": "not_controlled"}, NOT_MET, id="hep-active"
    ),
    pytest.param(
        "EXC-11", {"other_conditions": "hepatitis", "hepatitis_controlled": "controlled"}, MET, id="hep-cured"
    ),
    pytest.param("EXC-11", {"other_conditions": "hepatitis", "hepatitis_controlled": "not_sure"}, UNKNOWN, id="hep-?"),
    pytest.param("EXC-11", {"other_conditions": "hepatitis"}, PENDING, id="hep-asks"),
    # EXC-17.3 "pleural effusion, ascites ... that requires repeated drainage to relieve clinical symptoms"
    pytest.param(
        "EXC-17.3", {"cancer_history": "fluid_drainage", "fluid_repeated": "repeated"}, NOT_MET, id="fluid-again"
    ),
    pytest.param("EXC-17.3", {"cancer_history": "fluid_drainage", "fluid_repeated": "once"}, MET, id="fluid-once"),
    pytest.param("EXC-17.3", {"cancer_history": "fluid_drainage", "fluid_repeated": "not_sure"}, UNKNOWN, id="fluid-?"),
    pytest.param("EXC-17.3", {"cancer_history": "fluid_drainage"}, PENDING, id="fluid-asks"),
    # EXC-17.4 "Known carcinomatous meningitis or clinically active central nervous system metastases"
    pytest.param("EXC-17.4", {"cancer_history": "brain", "brain_active": "active"}, NOT_MET, id="brain-active"),
    pytest.param("EXC-17.4", {"cancer_history": "brain", "brain_active": "stable"}, MET, id="brain-stable"),
    pytest.param("EXC-17.4", {"cancer_history": "brain", "brain_active": "not_sure"}, UNKNOWN, id="brain-?"),
    pytest.param("EXC-17.4", {"cancer_history": "brain"}, PENDING, id="brain-asks"),
]

# Several conditions in one answer: each criterion judged from the set.
SEVERAL_CASES = [
    # EXC-07 "thrombotic event within 6 months": a heart problem alone says no clot
    pytest.param("EXC-07", {"heart_lung": "heart"}, MET, id="heart-means-no-clot"),
    pytest.param("EXC-09", {"heart_lung": "blood_clot,heart", "clot_when": "before"}, NOT_MET, id="clot-and-heart-09"),
    pytest.param("EXC-07", {"heart_lung": "blood_clot,heart", "clot_when": "before"}, MET, id="old-clot-and-heart-07"),
    pytest.param("EXC-07", {"heart_lung": "blood_clot,heart", "clot_when": "within"}, NOT_MET, id="new-clot-and-heart"),
    pytest.param("EXC-05", {"heart_lung": "blood_clot,heart"}, MET, id="clot-and-heart-no-ild"),
    # EXC-01 "other malignant tumors within 5 years" with EXC-17.4 "clinically active CNS metastases"
    pytest.param(
        "EXC-01",
        {"cancer_history": "other_cancer,brain", "other_cancer_when": "before", "brain_active": "stable"},
        MET,
        id="old-cancer-stable-brain-01",
    ),
    pytest.param(
        "EXC-17.4",
        {"cancer_history": "other_cancer,brain", "other_cancer_when": "before", "brain_active": "stable"},
        MET,
        id="old-cancer-stable-brain-17.4",
    ),
    pytest.param("EXC-17.5", {"cancer_history": "other_cancer,brain"}, MET, id="no-bone-damage-named"),
    # EXC-12 "Renal failure requiring hemodialysis" and EXC-13 "organ transplantation"
    pytest.param("EXC-12", {"other_conditions": "dialysis,immune"}, NOT_MET, id="dialysis-and-transplant-12"),
    pytest.param("EXC-13", {"other_conditions": "dialysis,immune"}, NOT_MET, id="dialysis-and-transplant-13"),
    pytest.param("EXC-16", {"other_conditions": "dialysis,immune"}, MET, id="dialysis-and-transplant-16"),
    # EXC-20 "hypersensitivity to humanized monoclonal antibody products"; EXC-21 "allergy to any of the study drugs"
    pytest.param("EXC-20", {"allergies": "antibody_allergy,study_drug_allergy"}, NOT_MET, id="both-allergies-20"),
    pytest.param("EXC-21", {"allergies": "antibody_allergy,study_drug_allergy"}, NOT_MET, id="both-allergies-21"),
    pytest.param("EXC-21", {"allergies": "antibody_allergy"}, MET, id="antibody-only-21"),
    # "Not sure" leaves every criterion of its group unknown
    pytest.param("EXC-09", {"heart_lung": "not_sure"}, UNKNOWN, id="unsure-heart"),
]


@pytest.mark.parametrize(("criterion_id", "answers", "expected"), FOLLOW_UP_CASES + SEVERAL_CASES)
def test_group_rule(criterion_id, answers, expected):
    judged = result_of(criterion_id, with_answers(ELIGIBLE, **answers))
    assert judged.result is expected, criterion_id


@pytest.mark.parametrize("follow_up", list(GROUP_FOLLOW_UPS))
def test_a_follow_up_is_asked_only_when_its_condition_was_named(follow_up):
    group, option = GROUP_FOLLOW_UPS[follow_up]
    named = evaluate(TRIAL, with_answers(ELIGIBLE, **{group: option}))
    assert named.next_question is not None and named.next_question.id == follow_up
    others = [o for o in TRIAL.question(group).values() if o not in (option, "none", "not_sure")]
    for other in others:
        remaining = [q.id for q in evaluate(TRIAL, with_answers(ELIGIBLE, **{group: other})).remaining]
        assert follow_up not in remaining, other
    question = TRIAL.question(follow_up)
    assert (question.follows, question.about) == (group, option)


def test_each_time_follow_up_carries_the_registry_limit():
    limits = {q.id: q.limit for q in TRIAL.questions if q.kind == "time"}
    assert limits == {
        "other_cancer_when": TimeLimit(years=5),  # EXC-01 "within 5 years"
        "lung_disease_when": TimeLimit(months=3),  # EXC-06 "within 3 months"
        "clot_when": TimeLimit(months=6),  # EXC-07 "within 6 months"
    }
    criteria = {"other_cancer_when": "EXC-01", "lung_disease_when": "EXC-06", "clot_when": "EXC-07"}
    for qid, limit in limits.items():
        assert f"within {limit}" in TRIAL.criterion(criteria[qid]).registry
        assert qid in TRIAL.criterion(criteria[qid]).questions()


def test_every_button_label_that_says_the_time_or_qualifier_settles_it():
    settled = {(q.id, o.value): dict(o.settles) for q in TRIAL.questions for o in q.options if o.settles}
    assert settled == {
        ("cancer_history", "other_cancer"): {"other_cancer_when": WITHIN},
        ("cancer_history", "fluid_drainage"): {"fluid_repeated": "repeated"},
        ("cancer_history", "brain"): {"brain_active": "active"},
        ("heart_lung", "lung_inflammation"): {"ild_steroids": "yes"},
        ("heart_lung", "lung_disease"): {"lung_disease_when": WITHIN},
        ("heart_lung", "blood_clot"): {"clot_when": WITHIN},
        ("other_conditions", "hepatitis"): {"hepatitis_controlled": "controlled"},
    }


# --------------------------------------------------------------- answers of several


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("blood_clot", True),
        ("blood_clot,heart", True),
        ("heart,blood_clot", False),  # not in the question's order: never stored so
        ("blood_clot,blood_clot", False),
        ("blood_clot,none", False),  # "None of these" stands alone
        ("heart,not_sure", True),  # one tapped condition: the rest not said (understanding/reading.py tapped)
        ("blood_clot,liver", False),
        ("", False),
    ],
)
def test_a_group_accepts_several_options_in_order(value, accepted):
    assert TRIAL.question("heart_lung").accepts(value) is accepted


def test_only_a_group_takes_several():
    assert not TRIAL.question("disease_extent").accepts("metastatic,early_or_removable")


def test_several_are_joined_in_order_and_shown_by_their_labels():
    question = TRIAL.question("heart_lung")
    assert question.joined(["heart", "blood_clot", "heart"]) == "blood_clot,heart"
    assert question.label_of("blood_clot,heart") == "A blood clot in the last 6 months; " + (
        "Heart attack, heart failure, uneven heartbeat, chest pain needing medicine, or a bad heart valve"
    )
    assert question.label_of("banana") == "banana"


def _with_rule(when):
    raw = {
        "trial": {"nct_id": "X"},
        "questions": [
            {
                "id": "g",
                "kind": "group",
                "text": {"en": "t"},
                "why": {"en": "w"},
                "summary": {"en": "s"},
                "options": [{"value": "a", "label": {"en": "A"}}, {"value": "none", "label": {"en": "N"}}],
            }
        ],
        "criteria": [
            {
                "id": "C",
                "kind": "exclusion",
                "registry": "r",
                "check": "chat",
                "cases": [{"when": when, "result": "met"}],
            }
        ],
    }
    return parse_trial(raw)


def test_the_trial_file_check_refuses_unknown_options_in_membership():
    assert _with_rule({"g": {"includes": ["a"]}})
    with pytest.raises(TrialDataError):
        _with_rule({"g": {"includes": ["b"]}})
    with pytest.raises(TrialDataError):
        _with_rule({"g": {"excludes": ["a", "b"]}})


# ---------------------------------------------------------- the time limits


TODAY = dt.date(2026, 12, 7)
SIX_MONTHS = TimeLimit(months=6)
FIVE_YEARS = TimeLimit(years=5)
THREE_MONTHS = TimeLimit(months=3)


def day(text):
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("earliest", "latest", "limit", "expected"),
    [
        # EXC-07 "within 6 months prior to randomization" (today stands for randomization)
        pytest.param("2026-11-16", "2026-11-16", SIX_MONTHS, WITHIN, id="clot-three-weeks-ago"),
        pytest.param("2025-12-07", "2025-12-07", SIX_MONTHS, BEFORE, id="clot-a-year-ago"),
        pytest.param("2026-06-07", "2026-06-07", SIX_MONTHS, WITHIN, id="clot-6-months-to-the-day"),
        pytest.param("2026-06-06", "2026-06-06", SIX_MONTHS, BEFORE, id="clot-a-day-more"),
        pytest.param("2026-06-01", "2026-08-31", SIX_MONTHS, None, id="clot-in-the-summer-crosses"),
        pytest.param("2026-03-01", "2026-05-31", SIX_MONTHS, BEFORE, id="clot-last-spring"),
        # EXC-01 "within 5 years prior to randomization"
        pytest.param("2019-01-01", "2019-12-31", FIVE_YEARS, BEFORE, id="cancer-in-2019"),
        pytest.param("2022-01-01", "2022-12-31", FIVE_YEARS, WITHIN, id="cancer-in-2022"),
        pytest.param("2021-01-01", "2021-12-31", FIVE_YEARS, None, id="cancer-in-2021-crosses"),
        pytest.param("2021-12-07", "2022-12-07", FIVE_YEARS, WITHIN, id="cancer-4-years-ago"),
        # EXC-06 "within 3 months prior to randomization"
        pytest.param("2026-10-07", "2026-10-07", THREE_MONTHS, WITHIN, id="lung-2-months-ago"),
        pytest.param("2026-01-01", "2026-06-30", THREE_MONTHS, BEFORE, id="lung-early-this-year"),
    ],
)
def test_a_span_against_a_limit(earliest, latest, limit, expected):
    assert compare(Span(day(earliest), day(latest)), limit, TODAY) == expected


def test_several_times_must_agree():
    recent, old = Span(day("2026-11-01"), day("2026-11-01")), Span(day("2020-01-01"), day("2020-01-01"))
    assert compare_all([recent, recent], SIX_MONTHS, TODAY) == WITHIN
    assert compare_all([recent, old], SIX_MONTHS, TODAY) is None
    assert compare_all([], SIX_MONTHS, TODAY) is None


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        ("2026-12-07", 6, "2026-06-07"),
        ("2026-08-31", 6, "2026-02-28"),
        ("2024-03-31", 1, "2024-02-29"),
        ("2026-01-15", 13, "2024-12-15"),
    ],
)
def test_months_before_keeps_the_day_or_the_month_end(today, months, expected):
    assert months_before(day(today), months) == day(expected)


def test_start_of_a_limit_in_weeks_and_years():
    assert start_of(TimeLimit(years=5), TODAY) == day("2021-12-07")
    assert start_of(TimeLimit(weeks=2), TODAY) == day("2026-11-23")
