"""The eligibility engine: answers in, an assessment out. Pure functions."""

from __future__ import annotations

from typing import Any, Mapping

from criteria.model import (
    AnswerValue,
    Assessment,
    Criterion,
    CriterionResult,
    Outcome,
    Result,
    Trial,
    parts,
)

Answers = Mapping[str, AnswerValue | None]


MEMBERSHIP = ("includes", "excludes")


def _holds(condition: Any, value: AnswerValue) -> bool:
    """Whether one answer satisfies one condition of a case.

    A list holds when every option the answer names is in it (one option: the old
    "is one of"). {includes: [...]} holds when the answer names any of them,
    {excludes: [...]} when it names none of them: a grouped answer may name several.
    """
    if isinstance(condition, Mapping) and set(condition) & set(MEMBERSHIP):
        named = set(parts(value))
        if "includes" in condition and not named & {str(c) for c in condition["includes"]}:
            return False
        return not ("excludes" in condition and named & {str(c) for c in condition["excludes"]})
    if isinstance(condition, Mapping):  # numeric range, both ends included
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        low = condition.get("min", float("-inf"))
        high = condition.get("max", float("inf"))
        return bool(low <= value <= high)
    if isinstance(condition, list):
        return set(parts(value)) <= {str(c) for c in condition}
    return str(value) == str(condition)


def judge(criterion: Criterion, answers: Answers) -> CriterionResult:
    """Apply one criterion's rule table to the answers given so far."""
    if not criterion.asked:
        return CriterionResult(criterion.id, Result.SITE, criterion.site_note)
    for case in criterion.cases:
        for qid, condition in case.when.items():
            value = answers.get(qid)
            if value is None:
                return CriterionResult(criterion.id, Result.PENDING, waiting_for=qid)
            if not _holds(condition, value):
                break
        else:
            return _result(criterion, case.result, case.reason)
    return _result(criterion, criterion.otherwise, None)


def _result(criterion: Criterion, result: Result, reason: Any) -> CriterionResult:
    if result is Result.NOT_MET:
        reason = reason or criterion.not_met_reason
    elif result is Result.UNKNOWN:
        reason = reason or criterion.unknown_reason
    return CriterionResult(criterion.id, result, reason)


def evaluate(trial: Trial, answers: Answers) -> Assessment:
    """Assess the answers against every criterion of the trial.

    Any criterion not met gives NOT_ELIGIBLE at once (no more questions). Else,
    while some asked criterion waits for an answer, the outcome is None and
    `next_question` is the first needed question in asking order. When all are
    answered: any unknown gives NEEDS_REVIEW, otherwise LIKELY_ELIGIBLE. What
    only the study team can check never blocks.
    """
    results = {c.id: judge(c, answers) for c in trial.criteria}
    if any(r.result is Result.NOT_MET for r in results.values()):
        return Assessment(Outcome.NOT_ELIGIBLE, results, None, ())
    waiting = {r.waiting_for for r in results.values() if r.result is Result.PENDING}
    remaining = tuple(q for q in trial.questions if q.id in waiting)
    if remaining:
        return Assessment(None, results, remaining[0], remaining)
    if any(r.result is Result.UNKNOWN for r in results.values()):
        return Assessment(Outcome.NEEDS_REVIEW, results, None, ())
    return Assessment(Outcome.LIKELY_ELIGIBLE, results, None, ())
