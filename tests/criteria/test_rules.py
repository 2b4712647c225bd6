"""The rule of every asked criterion, case by case, checked against the listing.

Each case gives only the answers the criterion reads, and says in a comment
which words of the registry listing it comes from.
"""

from __future__ import annotations

import pytest

from criteria import Result
from tests.criteria.helpers import (
    ASKED_CRITERIA,
    ELIGIBLE,
    GROUP_CRITERIA,
    TRIAL,
    en,
    result_of,
    tap,
    with_answers,
)

MET, NOT_MET, UNKNOWN, PENDING = Result.MET, Result.NOT_MET, Result.UNKNOWN, Result.PENDING


def ihc(score, ish=None):
    """Answers for the HER2 questions (ish None: not asked yet)."""
    return with_answers({"her2_ihc": score}, her2_ish=ish)


def chemo(history, allergies=None):
    """Answers for EXC-18: chemo since recurrence, and the allergies group."""
    return with_answers({"chemo_metastatic": history}, allergies=allergies)


RULE_CASES = [
    # INC-02 "Age: 18-75 years old"
    pytest.param("INC-02A", {"age": 18}, MET, id="age-18"),
    pytest.param("INC-02A", {"age": 50}, MET, id="age-50"),
    pytest.param("INC-02A", {"age": 75}, MET, id="age-75"),
    pytest.param("INC-02A", {"age": "from_18_to_75"}, MET, id="age-button-18-to-75"),
    pytest.param("INC-02A", {"age": 17}, NOT_MET, id="age-17"),
    pytest.param("INC-02A", {"age": 0}, NOT_MET, id="age-0"),
    pytest.param("INC-02A", {"age": 76}, NOT_MET, id="age-76"),
    pytest.param("INC-02A", {"age": 130}, NOT_MET, id="age-130"),
    pytest.param("INC-02A", {"age": "under_18"}, NOT_MET, id="age-button-under-18"),
    pytest.param("INC-02A", {"age": "over_75"}, NOT_MET, id="age-button-over-75"),
    pytest.param("INC-02A", {"age": "not_sure"}, UNKNOWN, id="age-not-sure"),
    # INC-02 "ECOG PS score: 0-1" (0 = fully active, 1 = light work only)
    pytest.param("INC-02B", {"daily_activity": "fully_active"}, MET, id="ecog-0"),
    pytest.param("INC-02B", {"daily_activity": "light_work"}, MET, id="ecog-1"),
    pytest.param("INC-02B", {"daily_activity": "self_care_only"}, NOT_MET, id="ecog-2"),
    pytest.param("INC-02B", {"daily_activity": "limited_self_care"}, NOT_MET, id="ecog-3"),
    pytest.param("INC-02B", {"daily_activity": "bedbound"}, NOT_MET, id="ecog-4"),
    pytest.param("INC-02B", {"daily_activity": "not_sure"}, UNKNOWN, id="ecog-not-sure"),
    # INC-03 "with low HER2 expression"; the About text: "IHC 2+/ISH- and IHC 1+ (HER2-low)"
    pytest.param("INC-03A", ihc("1+"), MET, id="her2-ihc-1+"),
    pytest.param("INC-03A", ihc("2+", "negative"), MET, id="her2-ihc-2+-ish-negative"),
    pytest.param("INC-03A", ihc("low"), MET, id="her2-says-low"),
    # ASCO/CAP: IHC 2+ with ISH amplified, IHC 3+ and "positive" are HER2-positive, not low
    pytest.param("INC-03A", ihc("2+", "positive"), NOT_MET, id="her2-ihc-2+-ish-positive"),
    pytest.param("INC-03A", ihc("3+"), NOT_MET, id="her2-ihc-3+"),
    pytest.param("INC-03A", ihc("positive"), NOT_MET, id="her2-says-positive"),
    # ASCO/CAP: IHC 0 is HER2-negative but not HER2-low
    pytest.param("INC-03A", ihc("0"), NOT_MET, id="her2-ihc-0"),
    # "HER2-negative" without a score may be 0 (out) or 1+/2+ (in); no ISH question needed
    pytest.param("INC-03A", ihc("negative"), UNKNOWN, id="her2-says-negative-no-score"),
    pytest.param("INC-03A", ihc("not_sure"), UNKNOWN, id="her2-not-sure"),
    # IHC 2+ is equivocal until ISH decides it
    pytest.param("INC-03A", ihc("2+", "not_done"), UNKNOWN, id="her2-ihc-2+-ish-not-done"),
    pytest.param("INC-03A", ihc("2+", "not_sure"), UNKNOWN, id="her2-ihc-2+-ish-not-sure"),
    # INC-03 "locally advanced or metastatic breast cancer ... and unresectable"
    pytest.param("INC-03B", {"disease_extent": "metastatic"}, MET, id="extent-metastatic"),
    pytest.param(
        "INC-03B",
        {"disease_extent": "locally_advanced_unresectable"},
        MET,
        id="extent-locally-advanced-unresectable",
    ),
    pytest.param("INC-03B", {"disease_extent": "early_or_removable"}, NOT_MET, id="extent-early-removable"),
    pytest.param("INC-03B", {"disease_extent": "not_sure"}, UNKNOWN, id="extent-not-sure"),
    # INC-04 "Defined hormone receptor (HR) status"; the About text: "HER2-low, HR+"
    pytest.param("INC-04", {"hormone_receptor": "positive"}, MET, id="hr-positive"),
    pytest.param("INC-04", {"hormone_receptor": "negative"}, NOT_MET, id="hr-negative"),
    pytest.param("INC-04", {"hormone_receptor": "not_sure"}, UNKNOWN, id="hr-not-sure"),
    # INC-05 "Imaging-confirmed disease progression (during or after ... the most recent treatment)"
    pytest.param("INC-05", {"progression": "yes"}, MET, id="progression-yes"),
    pytest.param("INC-05", {"progression": "no"}, NOT_MET, id="progression-no"),
    pytest.param("INC-05", {"progression": "not_sure"}, UNKNOWN, id="progression-not-sure"),
    # EXC-18 "received a control chemotherapeutic agent ... during the recurrent metastatic phase"
    pytest.param("EXC-18", chemo("metastatic", "none"), NOT_MET, id="chemo-metastatic"),
    pytest.param("EXC-18", chemo("metastatic"), NOT_MET, id="chemo-metastatic-allergies-unasked"),
    # ... only the recurrent metastatic phase counts: chemo for early cancer is fine
    pytest.param("EXC-18", chemo("early_only", "none"), MET, id="chemo-early-only"),
    pytest.param("EXC-18", chemo("no", "none"), MET, id="chemo-no"),
    pytest.param("EXC-18", chemo("no", "antibody_allergy"), MET, id="chemo-no-antibody-allergy"),
    # EXC-18 "... inappropriate for reasons such as intolerance or contraindication to that agent"
    pytest.param("EXC-18", chemo("no", "chemo_not_suitable"), NOT_MET, id="chemo-intolerant"),
    pytest.param("EXC-18", chemo("early_only", "study_drug_allergy"), NOT_MET, id="chemo-allergic"),
    pytest.param(
        "EXC-18",
        chemo("not_sure", "chemo_not_suitable"),
        NOT_MET,
        id="chemo-not-sure-but-intolerant",
    ),
    pytest.param(
        "EXC-18",
        chemo("not_sure", "study_drug_allergy"),
        NOT_MET,
        id="chemo-not-sure-but-allergic",
    ),
    pytest.param("EXC-18", chemo("not_sure", "none"), UNKNOWN, id="chemo-not-sure"),
    pytest.param("EXC-18", chemo("no", "not_sure"), UNKNOWN, id="chemo-no-allergies-not-sure"),
    # EXC-19 "Has received prior anti-HER2 therapy"
    pytest.param("EXC-19", {"anti_her2": "yes"}, NOT_MET, id="anti-her2-yes"),
    pytest.param("EXC-19", {"anti_her2": "no"}, MET, id="anti-her2-no"),
    pytest.param("EXC-19", {"anti_her2": "not_sure"}, UNKNOWN, id="anti-her2-not-sure"),
]

PENDING_CASES = [
    # INC-02 "Age: 18-75 years old; ... ECOG PS score: 0-1"
    pytest.param("INC-02A", {}, "age", id="age"),
    pytest.param("INC-02B", {}, "daily_activity", id="ecog"),
    # INC-03 "with low HER2 expression": the IHC score first, ISH only for 2+
    pytest.param("INC-03A", {}, "her2_ihc", id="her2-ihc"),
    pytest.param("INC-03A", ihc("2+"), "her2_ish", id="her2-ihc-2+-waits-for-ish"),
    # INC-03 "locally advanced or metastatic ... unresectable"
    pytest.param("INC-03B", {}, "disease_extent", id="extent"),
    # INC-04 "Defined hormone receptor (HR) status"
    pytest.param("INC-04", {}, "hormone_receptor", id="hr"),
    # INC-05 "Imaging-confirmed disease progression"
    pytest.param("INC-05", {}, "progression", id="progression"),
    # EXC-18 "received ... during the recurrent metastatic phase or ... intolerance"
    pytest.param("EXC-18", {}, "chemo_metastatic", id="chemo"),
    pytest.param("EXC-18", chemo("no"), "allergies", id="chemo-no-waits-for-allergies"),
    pytest.param("EXC-18", chemo("early_only"), "allergies", id="chemo-early-waits-for-allergies"),
    # EXC-19 "Has received prior anti-HER2 therapy"
    pytest.param("EXC-19", {}, "anti_her2", id="anti-her2"),
]


def every(group, result):
    """The same expected result for every criterion the group question answers."""
    return dict.fromkeys(GROUP_CRITERIA[group], result)


# Each option of a one-tap group maps to exactly its own criteria (not met); the
# criteria of the group not named must not be not_met. "none" meets them all and
# "not_sure" leaves them all unknown.
GROUP_CASES = [
    # EXC-01 "other malignant tumors within 5 years prior to randomization"
    pytest.param("cancer_history", "other_cancer", {"EXC-01": NOT_MET}, id="other-cancer"),
    # EXC-17.3 "uncontrollable pleural effusion, ascites, and pericardial effusion ... drainage"
    pytest.param("cancer_history", "fluid_drainage", {"EXC-17.3": NOT_MET}, id="fluid-drainage"),
    # EXC-17.4 "carcinomatous meningitis or clinically active central nervous system metastases"
    pytest.param("cancer_history", "brain", {"EXC-17.4": NOT_MET}, id="brain"),
    # EXC-17.5 "Severe bone damage resulting from tumor bone metastases"
    pytest.param("cancer_history", "bone_damage", {"EXC-17.5": NOT_MET}, id="bone-damage"),
    # "None of these" meets every criterion above; "Not sure" leaves them unknown
    pytest.param("cancer_history", "none", every("cancer_history", MET), id="cancer-none"),
    pytest.param("cancer_history", "not_sure", every("cancer_history", UNKNOWN), id="cancer-unsure"),
    # EXC-05 "interstitial lung disease/pneumonia requiring steroidal drug intervention"
    pytest.param("heart_lung", "lung_inflammation", {"EXC-05": NOT_MET}, id="lung-inflammation"),
    # EXC-06 "moderate to severe pulmonary dysfunction/disease within 3 months"
    pytest.param("heart_lung", "lung_disease", {"EXC-06": NOT_MET}, id="lung-disease"),
    # EXC-07 "arterial/deep vein thrombotic event within 6 months"
    pytest.param("heart_lung", "blood_clot", {"EXC-07": NOT_MET}, id="blood-clot"),
    # EXC-09 "myocardial infarction, cardiac arrhythmias ... heart failure ... angina ... valve"
    pytest.param("heart_lung", "heart", {"EXC-09": NOT_MET}, id="heart"),
    # "None of these" meets every criterion above; "Not sure" leaves them unknown
    pytest.param("heart_lung", "none", every("heart_lung", MET), id="heart-lung-none"),
    pytest.param("heart_lung", "not_sure", every("heart_lung", UNKNOWN), id="heart-lung-unsure"),
    # EXC-04 "Prolonged unhealed wounds or fractures"
    pytest.param("other_conditions", "unhealed_wound", {"EXC-04": NOT_MET}, id="unhealed-wound"),
    # EXC-08 "intravenous administration ... inability to swallow, chronic diarrhea, obstruction"
    pytest.param("other_conditions", "swallow_gut", {"EXC-08": NOT_MET}, id="swallow-gut"),
    # EXC-11 "Cirrhosis of the liver, active hepatitis that is not well controlled"
    pytest.param("other_conditions", "liver", {"EXC-11": NOT_MET}, id="liver"),
    # ... "active hepatitis that is not well controlled": the button says controlled or cured
    pytest.param("other_conditions", "hepatitis", {"EXC-11": MET}, id="hepatitis-controlled"),
    # EXC-12 "Renal failure requiring hemodialysis or peritoneal dialysis"
    pytest.param("other_conditions", "dialysis", {"EXC-12": NOT_MET}, id="dialysis"),
    # EXC-13 "immunodeficiency, including HIV-positive ... or history of organ transplantation"
    pytest.param("other_conditions", "immune", {"EXC-13": NOT_MET}, id="immune"),
    # EXC-16 "psychotropic substance abuse that cannot be abstained from ... psychiatric disorders"
    pytest.param("other_conditions", "mental_health", {"EXC-16": NOT_MET}, id="mental-health"),
    # "None of these" meets every criterion above; "Not sure" leaves them unknown
    pytest.param("other_conditions", "none", every("other_conditions", MET), id="other-none"),
    pytest.param("other_conditions", "not_sure", every("other_conditions", UNKNOWN), id="other-unsure"),
    # EXC-20 "hypersensitivity to humanized monoclonal antibody products"
    pytest.param("allergies", "antibody_allergy", {"EXC-20": NOT_MET}, id="antibody-allergy"),
    # EXC-21 "allergy to any of the study drugs"; EXC-18 "... contraindication to that agent"
    pytest.param(
        "allergies",
        "study_drug_allergy",
        {"EXC-21": NOT_MET, "EXC-18": NOT_MET},
        id="study-drug-allergy",
    ),
    # EXC-18 "a control chemotherapeutic agent ... is inappropriate ... such as intolerance"
    pytest.param("allergies", "chemo_not_suitable", {"EXC-18": NOT_MET}, id="chemo-not-suitable"),
    # "None of these" meets every criterion above; "Not sure" leaves them unknown
    pytest.param("allergies", "none", every("allergies", MET), id="allergies-none"),
    pytest.param("allergies", "not_sure", every("allergies", UNKNOWN), id="allergies-unsure"),
]


def assert_result(criterion_id, answers, expected):
    """Judge the criterion and check its result; not_met and unknown need a reason."""
    judged = result_of(criterion_id, answers)
    assert judged.result is expected, f"{criterion_id}: {judged.result} ({en(judged.reason)})"
    if expected in (NOT_MET, UNKNOWN):
        assert en(judged.reason), f"{criterion_id}: {expected} without a reason"


@pytest.mark.parametrize(("criterion_id", "answers", "expected"), RULE_CASES)
def test_rule(criterion_id, answers, expected):
    assert_result(criterion_id, answers, expected)


@pytest.mark.parametrize(("criterion_id", "answers", "question_id"), PENDING_CASES)
def test_pending_until_its_question_is_answered(criterion_id, answers, question_id):
    judged = result_of(criterion_id, answers)
    assert judged.result is PENDING
    assert judged.waiting_for == question_id


@pytest.mark.parametrize(("group", "option", "expected"), GROUP_CASES)
def test_group_option(group, option, expected):
    # The rest of an eligible patient's answers (EXC-18 also reads chemo_metastatic="no").
    answers = with_answers(**tap(group, option))
    for criterion_id in GROUP_CRITERIA[group]:
        if criterion_id in expected:
            assert_result(criterion_id, answers, expected[criterion_id])
        else:
            assert result_of(criterion_id, answers).result is not NOT_MET, criterion_id


@pytest.mark.parametrize("group", list(GROUP_CRITERIA))
def test_group_criteria_pending_until_the_group_is_answered(group):
    answers = with_answers(ELIGIBLE, **{group: None})
    for criterion_id in GROUP_CRITERIA[group]:
        judged = result_of(criterion_id, answers)
        assert (judged.result, judged.waiting_for) == (PENDING, group), criterion_id


# --------------------------------------------------- the tables cover every rule


def _params(cases):
    return [case.values for case in cases if not case.marks]


def _covered():
    """(criterion id, result) pairs the tables above check."""
    covered = {(cid, expected) for cid, _, expected in _params(RULE_CASES)}
    covered |= {(cid, PENDING) for cid, _, _ in _params(PENDING_CASES)}
    covered |= {(cid, PENDING) for group in GROUP_CRITERIA for cid in GROUP_CRITERIA[group]}
    for _, _, expected in _params(GROUP_CASES):
        covered |= set(expected.items())
    return covered


@pytest.mark.parametrize("criterion_id", ASKED_CRITERIA)
def test_every_asked_criterion_has_met_not_met_unknown_and_pending_cases(criterion_id):
    results = {result for cid, result in _covered() if cid == criterion_id}
    assert results == {MET, NOT_MET, UNKNOWN, PENDING}


@pytest.mark.parametrize("group", list(GROUP_CRITERIA))
def test_group_tables_match_the_trial(group):
    readers = {c.id for c in TRIAL.criteria if c.asked and group in c.questions()}
    assert readers == set(GROUP_CRITERIA[group])
    options = {option for g, option, _ in _params(GROUP_CASES) if g == group}
    assert options == set(TRIAL.question(group).values())


def test_eligible_answers_meet_every_asked_criterion():
    for criterion_id in ASKED_CRITERIA:
        assert result_of(criterion_id, ELIGIBLE).result is MET, criterion_id
