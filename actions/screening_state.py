"""Read the screening's state from a Rasa tracker: answers, language, progress."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from criteria import Assessment, Question, Trial, evaluate, load_trial
from criteria.audience import addressed
from criteria.model import AnswerValue, parts

LANGUAGE = "language"
REPROMPTS = "reprompts"
ANSWER_LOG = "answer_log"
REQUESTED_SLOT = "requested_slot"
FORM = "screening_form"


def trial() -> Trial:
    """The trial this bot screens for (loaded once, on first use)."""
    return load_trial()


def question_ids() -> list[str]:
    """Ids of every question, which are also the form's slot names."""
    return [q.id for q in trial().questions]


def language_of(tracker: Tracker) -> str:
    """The patient's language (English until a translation is added)."""
    return tracker.get_slot(LANGUAGE) or "en"


def answers_of(tracker: Tracker, overrides: dict[str, Any] | None = None) -> dict[str, AnswerValue]:
    """The canonical answers recorded so far (slot values that are valid answers)."""
    slots = {qid: tracker.get_slot(qid) for qid in question_ids()}
    slots.update(overrides or {})
    return {qid: v for qid, v in slots.items() if is_answer(trial().question(qid), v)}


def is_answer(question: Question, value: Any) -> bool:
    """Whether a slot value is a valid, already-read answer to the question."""
    if value is None:
        return False
    if question.kind == "age" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return question.accepts(value)  # one option, or several for a grouped question


def assess(tracker: Tracker, overrides: dict[str, Any] | None = None) -> Assessment:
    """Run the criteria engine on the answers in the tracker."""
    return evaluate(trial(), answers_of(tracker, overrides))


def answer_label(question: Question, value: AnswerValue, language: str, who: str | None = None) -> str:
    """How an answer is shown back (button label, or the age); `who`: a caregiver's relation."""
    if isinstance(value, (int, float)):
        return str(int(value))
    options = [question.option(v) for v in parts(value)]  # several for a grouped question
    if not all(options):
        return str(value)
    return "; ".join(addressed(o.label, language, who) for o in options if o)


def progress(tracker: Tracker, assessment: Assessment, question: Question) -> tuple[int, int]:
    """(number, expected total) for 'Question 3 of 12'; a follow-up keeps its parent's number."""
    done = len([qid for qid in answers_of(tracker) if not trial().question(qid).follows])
    ahead = len([q for q in assessment.remaining if not q.follows])
    if question.follows:
        return done, done + ahead
    return done + 1, done + max(ahead, 1)
