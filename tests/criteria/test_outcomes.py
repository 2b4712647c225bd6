"""What the whole assessment tells the patient, and the order of the questions."""

from __future__ import annotations

import pytest

from criteria import Outcome, Result, evaluate
from tests.criteria.helpers import (
    ASKED_CRITERIA,
    ELIGIBLE,
    GROUP_CRITERIA,
    GROUP_FOLLOW_UPS,
    QUESTION_ORDER,
    SITE_CRITERIA,
    TRIAL,
    en,
    in_listing_order,
    tap,
    walk,
    with_answers,
)

# Eligible patients along every path that meets the criteria.
ELIGIBLE_CASES = [
    pytest.param({}, id="ihc-1+"),
    # INC-03 / About: "IHC 2+/ISH-" is HER2-low
    pytest.param({"her2_ihc": "2+", "her2_ish": "negative"}, id="ihc-2+-ish-negative"),
    pytest.param({"her2_ihc": "low"}, id="says-her2-low"),
    # EXC-18: chemo for early cancer is not "during the recurrent metastatic phase"
    pytest.param({"chemo_metastatic": "early_only"}, id="chemo-early-only"),
    # INC-02 "Age: 18-75"; "ECOG PS score: 0-1"
    pytest.param({"age": 18, "daily_activity": "light_work"}, id="age-18-ecog-1"),
    pytest.param({"age": "from_18_to_75"}, id="age-button"),
    # INC-03 "locally advanced ... and unresectable"
    pytest.param({"disease_extent": "locally_advanced_unresectable"}, id="locally-advanced"),
]

# One answer (changed from an eligible patient's) that fails each asked criterion.
NOT_MET_CASES = [
    # INC-02 "Age: 18-75 years old"
    pytest.param({"age": 17}, ["INC-02A"], id="age-17"),
    pytest.param({"age": 76}, ["INC-02A"], id="age-76"),
    pytest.param({"age": "over_75"}, ["INC-02A"], id="age-over-75"),
    # INC-02 "ECOG PS score: 0-1"
    pytest.param({"daily_activity": "self_care_only"}, ["INC-02B"], id="ecog-2"),
    # INC-03 "low HER2 expression"
    pytest.param({"her2_ihc": "0"}, ["INC-03A"], id="her2-0"),
    pytest.param({"her2_ihc": "3+"}, ["INC-03A"], id="her2-3+"),
    pytest.param({"her2_ihc": "2+", "her2_ish": "positive"}, ["INC-03A"], id="her2-2+-ish+"),
    # INC-03 "locally advanced or metastatic ... unresectable"
    pytest.param({"disease_extent": "early_or_removable"}, ["INC-03B"], id="early"),
    # INC-04 "Defined hormone receptor (HR) status" (HR+)
    pytest.param({"hormone_receptor": "negative"}, ["INC-04"], id="hr-negative"),
    # INC-05 "Imaging-confirmed disease progression"
    pytest.param({"progression": "no"}, ["INC-05"], id="no-progression"),
    # EXC-01 "other malignant tumors within 5 years"
    pytest.param(tap("cancer_history", "other_cancer"), ["EXC-01"], id="other-cancer"),
    # EXC-04 "Prolonged unhealed wounds or fractures"
    pytest.param(tap("other_conditions", "unhealed_wound"), ["EXC-04"], id="unhealed-wound"),
    # EXC-05 "interstitial lung disease/pneumonia requiring steroidal drug intervention"
    pytest.param(tap("heart_lung", "lung_inflammation"), ["EXC-05"], id="ild"),
    # EXC-06 "moderate to severe pulmonary dysfunction/disease within 3 months"
    pytest.param(tap("heart_lung", "lung_disease"), ["EXC-06"], id="lung-disease"),
    # EXC-07 "arterial/deep vein thrombotic event within 6 months"
    pytest.param(tap("heart_lung", "blood_clot"), ["EXC-07"], id="blood-clot"),
    # EXC-08 "inability to swallow, chronic diarrhea, intestinal obstruction"
    pytest.param(tap("other_conditions", "swallow_gut"), ["EXC-08"], id="swallow-gut"),
    # EXC-09 "myocardial infarction, cardiac arrhythmias ... congestive heart failure"
    pytest.param(tap("heart_lung", "heart"), ["EXC-09"], id="heart"),
    # EXC-11 "Cirrhosis of the liver, active hepatitis"
    pytest.param(tap("other_conditions", "liver"), ["EXC-11"], id="liver"),
    # EXC-12 "Renal failure requiring hemodialysis or peritoneal dialysis"
    pytest.param(tap("other_conditions", "dialysis"), ["EXC-12"], id="dialysis"),
    # EXC-13 "immunodeficiency, including HIV-positive ... organ transplantation"
    pytest.param(tap("other_conditions", "immune"), ["EXC-13"], id="immune"),
    # EXC-16 "psychotropic substance abuse ... or psychiatric disorders"
    pytest.param(tap("other_conditions", "mental_health"), ["EXC-16"], id="mental-health"),
    # EXC-17.3 "pleural effusion, ascites, and pericardial effusion ... repeated drainage"
    pytest.param(tap("cancer_history", "fluid_drainage"), ["EXC-17.3"], id="fluid-drainage"),
    # EXC-17.4 "carcinomatous meningitis or clinically active CNS metastases"
    pytest.param(tap("cancer_history", "brain"), ["EXC-17.4"], id="brain"),
    # EXC-17.5 "Severe bone damage resulting from tumor bone metastases"
    pytest.param(tap("cancer_history", "bone_damage"), ["EXC-17.5"], id="bone-damage"),
    # EXC-18 "control chemotherapeutic agent ... during the recurrent metastatic phase"
    pytest.param({"chemo_metastatic": "metastatic"}, ["EXC-18"], id="chemo-metastatic"),
    # EXC-18 "... inappropriate for reasons such as intolerance or contraindication"
    pytest.param(tap("allergies", "chemo_not_suitable"), ["EXC-18"], id="chemo-intolerant"),
    pytest.param(
        {"chemo_metastatic": "not_sure", "allergies": "chemo_not_suitable"},
        ["EXC-18"],
        id="chemo-unsure-but-intolerant",
    ),
    # EXC-19 "Has received prior anti-HER2 therapy"
    pytest.param({"anti_her2": "yes"}, ["EXC-19"], id="anti-her2"),
    # EXC-20 "hypersensitivity to humanized monoclonal antibody products"
    pytest.param(tap("allergies", "antibody_allergy"), ["EXC-20"], id="antibody-allergy"),
    # EXC-21 "allergy to any of the study drugs" (also EXC-18 "contraindication")
    pytest.param(tap("allergies", "study_drug_allergy"), ["EXC-18", "EXC-21"], id="drug-allergy"),
]

# One doubtful answer (and nothing not met) and the criteria it leaves unknown: each
# "Not sure" button, and the two HER2 answers ASCO/CAP cannot call low or not low.
UNKNOWN_CASES = [
    pytest.param({"her2_ihc": "not_sure"}, ["INC-03A"], id="her2-ihc"),
    # INC-03 "low HER2 expression": "HER2-negative" with no score may be 0 or 1+
    pytest.param({"her2_ihc": "negative"}, ["INC-03A"], id="her2-negative-no-score"),
    pytest.param({"her2_ihc": "2+", "her2_ish": "not_sure"}, ["INC-03A"], id="her2-ish"),
    pytest.param({"her2_ihc": "2+", "her2_ish": "not_done"}, ["INC-03A"], id="her2-ish-not-done"),
    pytest.param({"anti_her2": "not_sure"}, ["EXC-19"], id="anti-her2"),
    pytest.param({"chemo_metastatic": "not_sure"}, ["EXC-18"], id="chemo"),
    pytest.param({"hormone_receptor": "not_sure"}, ["INC-04"], id="hr"),
    pytest.param({"disease_extent": "not_sure"}, ["INC-03B"], id="extent"),
    pytest.param({"progression": "not_sure"}, ["INC-05"], id="progression"),
    pytest.param({"age": "not_sure"}, ["INC-02A"], id="age"),
    pytest.param({"daily_activity": "not_sure"}, ["INC-02B"], id="ecog"),
    *(pytest.param({group: "not_sure"}, list(criteria), id=group) for group, criteria in GROUP_CRITERIA.items()),
    # A condition named, then "Not sure" at its follow-up (issue 14): its criterion only.
    pytest.param({"cancer_history": "other_cancer", "other_cancer_when": "not_sure"}, ["EXC-01"], id="cancer-when"),
    pytest.param({"cancer_history": "fluid_drainage", "fluid_repeated": "not_sure"}, ["EXC-17.3"], id="fluid"),
    pytest.param({"cancer_history": "brain", "brain_active": "not_sure"}, ["EXC-17.4"], id="brain-active"),
    pytest.param({"heart_lung": "lung_inflammation", "ild_steroids": "not_sure"}, ["EXC-05"], id="steroids"),
    pytest.param({"heart_lung": "lung_disease", "lung_disease_when": "not_sure"}, ["EXC-06"], id="lung-when"),
    pytest.param({"heart_lung": "blood_clot", "clot_when": "not_sure"}, ["EXC-07"], id="clot-when"),
    pytest.param({"other_conditions": "hepatitis", "hepatitis_controlled": "not_sure"}, ["EXC-11"], id="hepatitis"),
]


def _values(cases):
    return [case.values for case in cases if not case.marks]


def _alone(changes):
    """Only the excluding answers, nothing else asked yet.

    With an allergies answer comes the chemo answer EXC-18 also reads (asked earlier).
    """
    context = {"chemo_metastatic": "no"} if "allergies" in changes else {}
    return {**context, **changes}


def _answered_in_order(changes):
    """The question ids of `changes`, in asking order."""
    return [qid for qid in QUESTION_ORDER if qid in changes]


# ------------------------------------------------------------------ outcomes


@pytest.mark.parametrize("changes", ELIGIBLE_CASES)
def test_all_met_patient_is_likely_eligible(changes):
    assessment = evaluate(TRIAL, with_answers(**changes))
    assert assessment.outcome is Outcome.LIKELY_ELIGIBLE
    assert assessment.not_met == []
    assert assessment.unknown == []
    assert assessment.next_question is None
    assert list(assessment.remaining) == []
    for criterion_id in ASKED_CRITERIA:
        assert assessment.results[criterion_id].result is Result.MET, criterion_id


@pytest.mark.parametrize(("changes", "not_met"), NOT_MET_CASES)
def test_one_criterion_not_met_gives_not_eligible(changes, not_met):
    assessment = evaluate(TRIAL, with_answers(**changes))
    assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert assessment.not_met == not_met
    assert assessment.next_question is None
    assert list(assessment.remaining) == []
    for criterion_id in not_met:
        assert en(assessment.results[criterion_id].reason), criterion_id


@pytest.mark.parametrize(("changes", "not_met"), NOT_MET_CASES)
def test_a_clear_exclusion_alone_ends_the_questions(changes, not_met):
    assessment = evaluate(TRIAL, _alone(changes))
    assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert assessment.not_met == not_met
    assert assessment.next_question is None


@pytest.mark.parametrize(("changes", "not_met"), NOT_MET_CASES)
def test_the_chat_stops_asking_at_the_excluding_answer(changes, not_met):
    asked, assessment = walk(with_answers(**changes))
    assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert assessment.not_met == not_met
    assert asked[-1] == _answered_in_order(changes)[-1]


def test_her2_ihc_zero_alone_is_already_not_eligible():
    assessment = evaluate(TRIAL, {"her2_ihc": "0"})
    assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert assessment.not_met == ["INC-03A"]
    assert assessment.next_question is None
    assert walk(with_answers(her2_ihc="0"))[0] == ["her2_ihc"]


@pytest.mark.parametrize(("changes", "unknown"), UNKNOWN_CASES)
def test_one_not_sure_gives_needs_review(changes, unknown):
    assessment = evaluate(TRIAL, with_answers(**changes))
    assert assessment.outcome is Outcome.NEEDS_REVIEW
    assert assessment.not_met == []
    assert assessment.unknown == in_listing_order(unknown)
    assert assessment.next_question is None
    for criterion_id in unknown:
        assert en(assessment.results[criterion_id].reason), criterion_id


def test_a_not_sure_does_not_end_the_questions():
    assessment = evaluate(TRIAL, {"her2_ihc": "not_sure"})
    assert assessment.outcome is None
    assert assessment.next_question is not None and assessment.next_question.id == "anti_her2"


def test_the_tables_cover_every_asked_criterion_and_question():
    excluded = {cid for _, not_met in _values(NOT_MET_CASES) for cid in not_met}
    assert excluded == set(ASKED_CRITERIA)
    doubted = {qid for changes, _ in _values(UNKNOWN_CASES) for qid in changes}
    assert doubted == set(QUESTION_ORDER)


# ------------------------------------------------------- checked by the site


def test_the_site_checked_criteria_are_exactly_these():
    assert [c.id for c in TRIAL.criteria if not c.asked] == list(SITE_CRITERIA)


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({}, id="nothing-answered"),
        pytest.param(ELIGIBLE, id="eligible"),
        pytest.param(with_answers(her2_ihc="0"), id="not-eligible"),
        pytest.param(with_answers(progression="not_sure"), id="needs-review"),
    ],
)
def test_site_checked_criteria_are_site_and_never_block(answers):
    assessment = evaluate(TRIAL, answers)
    for criterion_id in SITE_CRITERIA:
        judged = assessment.results[criterion_id]
        assert judged.result is Result.SITE, criterion_id
        assert en(judged.reason), criterion_id
        assert criterion_id not in assessment.not_met + assessment.unknown


# ---------------------------------------------------------- question order


def test_questions_are_asked_in_the_yaml_order():
    assert [q.id for q in TRIAL.questions] == list(QUESTION_ORDER)
    without_ish = [qid for qid in QUESTION_ORDER if qid != "her2_ish" and qid not in GROUP_FOLLOW_UPS]
    assert walk(ELIGIBLE)[0] == without_ish
    assert [q.id for q in evaluate(TRIAL, {}).remaining] == without_ish
    first = evaluate(TRIAL, {}).next_question
    assert first is not None and first.id == "her2_ihc"


def test_ish_is_asked_right_after_an_ihc_of_2_plus():
    asked, assessment = walk(with_answers(her2_ihc="2+", her2_ish="negative"))
    assert asked == [qid for qid in QUESTION_ORDER if qid not in GROUP_FOLLOW_UPS]
    assert assessment.outcome is Outcome.LIKELY_ELIGIBLE


@pytest.mark.parametrize("score", TRIAL.question("her2_ihc").values())
def test_ish_is_asked_only_for_2_plus(score):
    assessment = evaluate(TRIAL, {"her2_ihc": score})
    asked_next = assessment.next_question.id if assessment.next_question else None
    if score == "2+":
        assert asked_next == "her2_ish"
    elif score in ("0", "3+", "positive"):
        assert asked_next is None  # already not eligible
    else:
        assert asked_next == "anti_her2"
    assert ("her2_ish" in [q.id for q in assessment.remaining]) == (score == "2+")


def test_next_question_is_the_first_unanswered_in_yaml_order():
    assessment = evaluate(TRIAL, with_answers(anti_her2=None, age=None, allergies=None))
    assert assessment.outcome is None
    assert assessment.next_question is not None and assessment.next_question.id == "anti_her2"
    assert [q.id for q in assessment.remaining] == ["anti_her2", "age", "allergies"]
