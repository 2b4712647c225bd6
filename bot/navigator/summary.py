"""A screening's summary for a navigator: per criterion the question, the words, the reading, the result, the reason.

The result is the one stored when the patient was told the outcome. The reason is the
criteria engine's, run again on the stored readings (the same engine the chat used); if
the two ever disagree the stored result is shown with the criterion's general reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.navigator.conversation import Conversation
from bot.navigator.texts import DEFAULT_LANGUAGE, fill, texts
from bot.store.crypto import Cipher
from bot.store.readings import StoredReading
from bot.store.schema import Answer, CriterionResultRow, ScreeningFlag
from criteria import Criterion, Trial, evaluate, localize
from criteria.model import NOT_SURE, AnswerValue
from understanding.explain import how_phrase

RESULTS = ("met", "not_met", "unknown", "pending")  # their words: `results` in texts/<code>.yml
NOT_UNDERSTOOD_TWICE = "not_understood_twice"  # the reading the chat records then
LEGACY_NOT_UNDERSTOOD = "not understood twice"  # its phrase, stored as the code before migration 0004


def reading_of(answer: Answer) -> StoredReading:
    """How the answer was read, from its stored JSON."""
    return StoredReading.from_json(answer.reading)


@dataclass(frozen=True)
class AnswerView:
    """One stored answer: the patient's own words and what they were read as."""

    answer_id: int
    question_id: str
    said: str  # the words as typed; for a button press, the button's title
    button: bool
    read_as: tuple[tuple[str, str], ...]  # (question summary, answer label)
    how: str  # how it was read, in words (the language data's phrase for the reader's code)
    how_code: str
    replaced: bool  # a later answer changed it


@dataclass(frozen=True)
class CriterionRow:
    """One asked criterion of the screening."""

    criterion_id: str
    kind: str
    title: str
    questions: tuple[tuple[str, str], ...]  # (summary label, words) of each question the patient was asked
    answers: tuple[AnswerView, ...]
    result: str  # met | not_met | unknown | pending
    reason: str


@dataclass(frozen=True)
class Flag:
    """Something a navigator should notice, and whether the chat records it at all."""

    name: str
    state: str  # yes | no | not recorded
    detail: str = ""


@dataclass
class Summary:
    """Everything the summary page shows about the screening's answers."""

    rows: list[CriterionRow]
    site_checks: list[tuple[str, str]]  # (criterion id, what the team checks)
    flags: list[Flag]
    answers: list[AnswerView] = field(default_factory=list)


def answer_label(trial: Trial, question_id: str, value: AnswerValue, language: str = DEFAULT_LANGUAGE) -> str:
    """How an answer value reads in the navigator's language (a button's label, or the age in years)."""
    try:
        question = trial.question(question_id)
    except KeyError:
        return str(value)
    if isinstance(value, int):
        return fill(texts(language)["summary"]["years"], value=value) if question.kind == "age" else str(value)
    return question.label_of(value, language)  # several options of a grouped question: their labels, joined


def _summary_label(trial: Trial, question_id: str, language: str = DEFAULT_LANGUAGE) -> str:
    try:
        return localize(trial.question(question_id).summary, language) or question_id
    except KeyError:
        return question_id


def answer_views(
    trial: Trial, cipher: Cipher, answers: Sequence[Answer], language: str = DEFAULT_LANGUAGE
) -> list[AnswerView]:
    """The stored answers in order, decrypted, each marked if a later answer replaced it."""
    ordered = sorted(answers, key=lambda a: a.id)
    stored = [reading_of(a) for a in ordered]
    readings = [r.values for r in stored]
    views = []
    for index, (answer, reading, kept) in enumerate(zip(ordered, readings, stored, strict=True)):
        later = {a.question_id for a in ordered[index + 1 :]}.union(*readings[index + 1 :])
        button = kept.how == "button"
        said = cipher.decrypt(answer.said_encrypted)
        if button and reading:
            said = answer_label(trial, *next(iter(reading.items())), language)
        views.append(
            AnswerView(
                answer_id=answer.id,
                question_id=answer.question_id,
                said=said,
                button=button,
                read_as=tuple(
                    (_summary_label(trial, q, language), answer_label(trial, q, v, language))
                    for q, v in reading.items()
                ),
                how=how_phrase(kept.how, kept.details, language),
                how_code=kept.how,
                replaced=answer.question_id in later,
            )
        )
    return views


def final_answers(trial: Trial, answers: Sequence[Answer]) -> dict[str, AnswerValue]:
    """The answers as they stood at the end: later answers win, and a changed answer clears its follow-ups."""
    values: dict[str, AnswerValue] = {}
    for answer in sorted(answers, key=lambda a: a.id):
        reading = reading_of(answer).values
        for question in trial.questions:
            if question.follows in reading or question.follows == answer.question_id:
                values.pop(question.id, None)
        values.update(reading)
    return values


def _reason(criterion: Criterion, stored: str, engine_result: Any, language: str) -> str:
    if engine_result is not None and engine_result.result.value == stored and engine_result.reason:
        return localize(engine_result.reason, language)
    if stored == "not_met":
        return localize(criterion.not_met_reason, language)
    if stored == "unknown":
        return localize(criterion.unknown_reason, language)
    words = texts(language)["summary"]
    return str(words["pending_reason"] if stored == "pending" else words["met_reason"])


def criterion_rows(
    trial: Trial,
    views: Sequence[AnswerView],
    answers: Sequence[Answer],
    results: Sequence[CriterionResultRow],
    language: str = DEFAULT_LANGUAGE,
) -> list[CriterionRow]:
    """One row per criterion the chat asks, in the listing's order."""
    stored = {r.criterion_id: r.result for r in results}
    assessment = evaluate(trial, final_answers(trial, answers))
    readings = {a.id: reading_of(a).values for a in answers}
    rows = []
    for criterion in trial.criteria:
        if not criterion.asked:
            continue
        reads = criterion.questions()
        feeding = tuple(
            v for v in views if v.question_id in reads or any(q in readings.get(v.answer_id, {}) for q in reads)
        )
        answered = {v.question_id for v in feeding}.union(*(readings.get(v.answer_id, {}) for v in feeding))
        asked = [q for q in reads if q in answered] or reads[:1]
        result = stored.get(criterion.id, "pending")
        rows.append(
            CriterionRow(
                criterion_id=criterion.id,
                kind=criterion.kind,
                title=localize(criterion.title, language) or criterion.registry,
                questions=tuple(
                    (_summary_label(trial, q, language), localize(trial.question(q).text, language)) for q in asked
                ),
                answers=feeding,
                result=result,
                reason=_reason(criterion, result, assessment.results.get(criterion.id), language),
            )
        )
    return rows


def _listing(trial: Trial, question_ids: Sequence[str], language: str) -> str:
    return "; ".join(dict.fromkeys(_summary_label(trial, q, language) for q in question_ids))


def _raised(trial: Trial, stored: Sequence[ScreeningFlag], kind: str, label: str, language: str) -> Flag:
    """A flag the chat kept (an emergency mentioned, a person asked for), with where it happened."""
    words = texts(language)["summary"]
    mine = [f for f in stored if f.kind == kind]
    where = [
        fill(words["at_question"], question=_summary_label(trial, f.question_id, language))
        if f.question_id
        else str(words["outside_questions"])
        for f in mine
    ]
    return Flag(label, "yes" if mine else "no", "; ".join(dict.fromkeys(where)))


def flags(
    trial: Trial,
    views: Sequence[AnswerView],
    answers: Sequence[Answer],
    conversation: Conversation | None,
    stored: Sequence[ScreeningFlag] = (),
    language: str = DEFAULT_LANGUAGE,
) -> list[Flag]:
    """Answered "not sure", changed answers, answers asked again, a person asked for, an emergency.

    Names and details are in the navigator's language; the state stays a code (yes, no, not recorded).
    """
    names = texts(language)["flags"]
    final = final_answers(trial, answers)
    unsure = [q for q, v in final.items() if v == NOT_SURE]
    changed = [v.question_id for v in views if v.replaced]
    twice = [
        v.question_id
        for v in views
        if v.how_code == NOT_UNDERSTOOD_TWICE or v.how_code.startswith(LEGACY_NOT_UNDERSTOOD)
    ]
    asked_again = list(twice)
    why: list[str] = []
    if conversation is not None:
        asking = ""
        for event in conversation.events:
            if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value"):
                asking = str(event["value"])
            elif event.get("event") == "slot" and event.get("name") == "reprompts" and (event.get("value") or 0) > 0:
                asked_again.append(asking)
            elif event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == "utter_why":
                why.append(asking)
    found = [
        Flag(names["not_sure"], "yes" if unsure else "no", _listing(trial, unsure, language)),
        Flag(names["changed"], "yes" if changed else "no", _listing(trial, changed, language)),
    ]
    if conversation is None:
        detail = _listing(trial, twice, language) + texts(language)["summary"]["conversation_gone"]
        found.append(Flag(names["asked_again"], "yes" if twice else "not recorded", detail))
    else:
        found.append(Flag(names["asked_again"], "yes" if asked_again else "no", _listing(trial, asked_again, language)))
        found.append(Flag(names["why"], "yes" if why else "no", _listing(trial, why, language)))
    found.append(_raised(trial, stored, "asked_for_person", names["person"], language))
    found.append(_raised(trial, stored, "emergency", names["emergency"], language))
    return found


def summarise(
    trial: Trial,
    cipher: Cipher,
    answers: Sequence[Answer],
    results: Sequence[CriterionResultRow],
    conversation: Conversation | None,
    stored_flags: Sequence[ScreeningFlag] = (),
    language: str = DEFAULT_LANGUAGE,
) -> Summary:
    """The summary of one screening, in the navigator's language (the patient's words as typed)."""
    views = answer_views(trial, cipher, answers, language)
    site = [(c.id, localize(c.site_note, language)) for c in trial.criteria if not c.asked]
    return Summary(
        rows=criterion_rows(trial, views, answers, results, language),
        site_checks=site,
        flags=flags(trial, views, answers, conversation, stored_flags, language),
        answers=views,
    )
