"""Plain data classes for a trial, its questions, its criteria and an assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Sequence, Union

# A patient-facing text: language code -> words.
Text = Mapping[str, str]
# One recorded answer: an option value (str) or a number (age in years).
AnswerValue = Union[str, int]

DEFAULT_LANGUAGE = "en"
NOT_SURE = "not_sure"
NONE = "none"  # "None of these" at a grouped question
# A grouped question's answer may name several options: they are kept as one string,
# in the order the question lists them, joined by this mark ("blood_clot,heart"), so
# that slots, the answer log and the store keep a plain str. `parts` splits it.
JOIN = ","


def parts(value: AnswerValue) -> tuple[str, ...]:
    """The option values one answer holds: one, or several for a grouped question."""
    return tuple(str(value).split(JOIN)) if isinstance(value, str) else (str(value),)


def localize(text: Text | None, language: str = DEFAULT_LANGUAGE) -> str:
    """Return the text in `language`, falling back to English, or ''."""
    if not text:
        return ""
    return text.get(language) or text.get(DEFAULT_LANGUAGE) or ""


class Result(str, Enum):
    """The result of one criterion for one patient."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    PENDING = "pending"  # its question has not been asked yet
    SITE = "site"  # only the study team can check it


class Outcome(str, Enum):
    """What the patient is told at the end."""

    LIKELY_ELIGIBLE = "likely_eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class Option:
    """One answer a question offers as a button."""

    value: str
    label: Text
    says: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # What tapping this button also answers: its label already says it ("A blood clot
    # in the last 6 months" settles the follow-up "When was that?" as within).
    settles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TimeLimit:
    """How far back a criterion looks ("within 6 months prior to randomization")."""

    years: int = 0
    months: int = 0
    weeks: int = 0

    def __str__(self) -> str:
        named = [(self.years, "year"), (self.months, "month"), (self.weeks, "week")]
        return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in named if n)


@dataclass(frozen=True)
class NamedBy:
    """What in a message names a question: entity types, medicine classes, cue-word lists."""

    entities: Sequence[str] = ()
    medicine_classes: Sequence[str] = ()
    words: Sequence[str] = ()  # names of cue lists in the language data ("chemo")
    # The question's own answer words (its options' `says`) name it too: "肝上有新病灶"
    # speaks of the scan question, "it has spread to my bones" of the extent question.
    own_words: bool = False


@dataclass(frozen=True)
class Question:
    """A question the chat asks; its answer feeds one or more criteria."""

    id: str
    kind: str
    text: Text
    why: Text
    summary: Text
    options: Sequence[Option]
    meaning: Text | None = None  # the words of the question in plain terms ("what does that mean?")
    missing: Text | None = None
    follows: str | None = None  # id of the question this one follows up
    named_by: NamedBy = NamedBy()
    about: str | None = None  # the parent's option a follow-up asks more about ("blood_clot")
    limit: TimeLimit | None = None  # a time follow-up's limit from the registry ("6 months")
    asks_more: tuple[Question, ...] = ()  # its follow-ups that ask about one option (`about`)

    def option(self, value: str) -> Option | None:
        """The option with this value, if any."""
        return next((o for o in self.options if o.value == value), None)

    @property
    def several(self) -> bool:
        """True when one answer may name several options (a grouped question)."""
        return self.kind == "group"

    def accepts(self, value: AnswerValue) -> bool:
        """Whether a value is an answer this question offers (several only for a group).

        "None of these" stands alone; several options come in the question's order, each
        once. "Not sure" may follow a condition: one tapped button names one condition and
        says nothing of the others (understanding/reading.py `tapped`).
        """
        if not isinstance(value, str):
            return False
        if self.option(value) is not None:
            return True
        values = parts(value)
        return (
            self.several
            and len(values) > 1
            and all(self.option(v) for v in values)
            and NONE not in values
            and values != (NOT_SURE,)
            and value == self.joined(values)
        )

    def joined(self, values: Sequence[str]) -> str:
        """Several option values as one answer, in the question's order, each once."""
        return JOIN.join(v for v in self.values() if v in set(values))

    def label_of(self, value: AnswerValue, language: str = DEFAULT_LANGUAGE) -> str:
        """How an answer is shown: the button labels it names, or the value itself."""
        labels = [self.option(v) for v in parts(value)]
        if not all(labels):
            return str(value)
        return "; ".join(localize(o.label, language) for o in labels if o)

    def values(self) -> list[str]:
        """All option values, in order."""
        return [o.value for o in self.options]


@dataclass(frozen=True)
class Case:
    """One row of a criterion's rule table: conditions and the result they give."""

    when: Mapping[str, Any]
    result: Result
    reason: Text | None = None


@dataclass(frozen=True)
class Criterion:
    """One inclusion or exclusion criterion of the registry listing."""

    id: str
    kind: str  # inclusion | exclusion
    registry: str  # the listing's words, verbatim
    check: str  # chat | site
    title: Text | None = None
    cases: Sequence[Case] = ()
    otherwise: Result = Result.UNKNOWN
    not_met_reason: Text | None = None
    unknown_reason: Text | None = None
    site_note: Text | None = None

    @property
    def asked(self) -> bool:
        """True when the chat asks about it, False when the study team checks it."""
        return self.check == "chat"

    def questions(self) -> list[str]:
        """Ids of the questions this criterion's rule reads, in first-use order."""
        seen: list[str] = []
        for case in self.cases:
            for qid in case.when:
                if qid not in seen:
                    seen.append(qid)
        return seen


@dataclass(frozen=True)
class Trial:
    """The whole trial: listing metadata, questions in asking order, criteria."""

    info: Mapping[str, Any]
    questions: Sequence[Question]
    criteria: Sequence[Criterion]

    @property
    def nct_id(self) -> str:
        """The registry identifier."""
        return str(self.info["nct_id"])

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if none)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def follow_ups(self, question_id: str) -> list[str]:
        """Ids of the questions that follow up this one (changing it clears them too)."""
        return [q.id for q in self.questions if q.follows == question_id]

    def named_by_entity(self, entity: str) -> list[str]:
        """Ids of the questions a mention of this entity type names."""
        return [q.id for q in self.questions if entity in q.named_by.entities]

    def named_by_medicine_class(self, medicine_class: str) -> list[str]:
        """Ids of the questions a medicine of this class names."""
        return [q.id for q in self.questions if medicine_class in q.named_by.medicine_classes]

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (KeyError if none)."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)


@dataclass(frozen=True)
class CriterionResult:
    """A criterion's result for one patient, with the plain reason."""

    criterion_id: str
    result: Result
    reason: Text | None = None
    waiting_for: str | None = None  # question id, when pending


@dataclass(frozen=True)
class Assessment:
    """What `evaluate` returns."""

    outcome: Outcome | None  # None while questions remain
    results: Mapping[str, CriterionResult]
    next_question: Question | None
    remaining: Sequence[Question]  # questions still needed, in asking order

    def ids_with(self, result: Result) -> list[str]:
        """Ids of criteria with this result, in listing order."""
        return [cid for cid, r in self.results.items() if r.result is result]

    @property
    def not_met(self) -> list[str]:
        """Ids of criteria not met."""
        return self.ids_with(Result.NOT_MET)

    @property
    def unknown(self) -> list[str]:
        """Ids of asked criteria whose answer is unknown."""
        return self.ids_with(Result.UNKNOWN)
