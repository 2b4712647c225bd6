"""Properties of the engine for any answers a patient could give."""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from criteria import Outcome, Result, evaluate
from tests.criteria.helpers import ASKED_CRITERIA, SITE_CRITERIA, TRIAL, with_answers


def _answer(question):
    """One answer to a question: a button value, or for age any whole number 0..120."""
    values = st.sampled_from(question.values())
    return st.one_of(values, st.integers(0, 120)) if question.id == "age" else values


# Each question answered at random, or not asked yet (missing key or None).
ANSWERS = {q.id: _answer(q) for q in TRIAL.questions}
random_answers = st.fixed_dictionaries(
    {}, optional={qid: st.one_of(st.none(), answer) for qid, answer in ANSWERS.items()}
)
# An eligible patient with a few answers changed or removed, so that every outcome
# turns up often (at random, LIKELY_ELIGIBLE would be rare).
_change = st.sampled_from(list(ANSWERS)).flatmap(
    lambda qid: st.tuples(st.just(qid), st.one_of(st.none(), ANSWERS[qid]))
)
near_eligible_answers = st.lists(_change, max_size=3).map(lambda c: with_answers(**dict(c)))
answers_strategy = st.one_of(random_answers, near_eligible_answers)


def _assess(answers):
    assessment = evaluate(TRIAL, answers)
    event(f"outcome: {assessment.outcome.value if assessment.outcome else 'pending'}")
    return assessment


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_any_criterion_not_met_means_not_eligible(answers):
    assessment = _assess(answers)
    if any(r.result is Result.NOT_MET for r in assessment.results.values()):
        assert assessment.outcome is Outcome.NOT_ELIGIBLE
    assert (assessment.outcome is Outcome.NOT_ELIGIBLE) == bool(assessment.not_met)


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_likely_eligible_means_every_asked_criterion_met(answers):
    assessment = _assess(answers)
    if assessment.outcome is Outcome.LIKELY_ELIGIBLE:
        for criterion_id in ASKED_CRITERIA:
            assert assessment.results[criterion_id].result is Result.MET, criterion_id


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_evaluate_never_raises_and_outcome_is_none_iff_a_question_remains(answers):
    assessment = _assess(answers)
    assert (assessment.outcome is None) == (assessment.next_question is not None)
    if assessment.next_question is not None:
        assert assessment.remaining[0] == assessment.next_question
    assert set(assessment.results) == {c.id for c in TRIAL.criteria}
    for criterion_id in SITE_CRITERIA:
        assert assessment.results[criterion_id].result is Result.SITE
