"""One message, several questions: answers given ahead of time, and earlier answers changed.

"I'm 54 and never had Herceptin" answers the age question and the HER2-medicine
question. "Actually I did have chemo last year" changes an earlier answer. The
medical terms the NLU found (understanding/terms), matched against each question's
`named_by` in the trial file, say which questions a message speaks of; each such
question's own reader then reads the words, so a rule is never written twice, and
what is not clear is never taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from actions.asides import entity_values
from actions.caregiver import RELATION, speak, subject_of
from actions.punctuation import colon, separator
from actions.screening_state import answer_label, answers_of, language_of, trial
from criteria.model import NOT_SURE
from understanding.cues import cues_for
from understanding.interpret import interpret
from understanding.normalise import normalise
from understanding.reading import Reading
from understanding.terms.matcher import medical_terms
from understanding.text import has


def named_questions(tracker: Tracker, text: str) -> list[str]:
    """The questions a message speaks of, in the order they are asked (`named_by` in the trial file)."""
    questions = trial().questions
    named = {q.id for q in questions if any(entity_values(tracker, entity) for entity in q.named_by.entities)}
    for medicine in entity_values(tracker, "medicine"):
        named.update(trial().named_by_medicine_class(medical_terms().medicines.classes.get(str(medicine), "")))
    language = language_of(tracker)
    cues = cues_for(language)
    words = normalise(text)
    named.update(q.id for q in questions if any(has(words, getattr(cues, key)) for key in q.named_by.words))
    named.update(
        q.id
        for q in questions
        if q.named_by.own_words and any(has(words, option.says.get(language, ())) for option in q.options)
    )
    return [q.id for q in questions if q.id in named]


@dataclass
class MoreAnswers:
    """Answers read from one message beyond the question asked."""

    readings: list[Reading] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)  # earlier answers to ask again
    # Filled by the asked question's own reading beyond it (the ISH result with the HER2 score):
    # already in that reading's slots, shown to the patient as noted too.
    along: dict[str, Any] = field(default_factory=dict)

    def slots(self) -> dict[str, Any]:
        """Slot values: the new answers, and None for each question to ask again."""
        values: dict[str, Any] = {q: None for q in self.reopened}
        for reading in self.readings:
            values.update(reading.values)
        return values

    def entries(self) -> list[tuple[str, Reading]]:
        """Each reading with the question it answers, as the answer log keeps them."""
        return [(next(iter(reading.values)), reading) for reading in self.readings]

    def shown(self, tracker: Tracker) -> str:
        """The new answers as the patient sees them: "Age: 54; Ever had a HER2 medicine: No, never"."""
        language = language_of(tracker)
        parts = []
        for values in [self.along, *(reading.values for reading in self.readings)]:
            for qid, value in values.items():
                question = trial().question(qid)
                label = answer_label(question, value, language, tracker.get_slot(RELATION))
                parts.append(f"{speak(question.summary, tracker)}{colon(language)}{label}")
        return separator(language).join(parts)

    def noted(self) -> bool:
        """True when there is anything to tell the patient was noted."""
        return bool(self.readings or self.along)


# A tapped or typed button whose label also says its follow-up ("A blood clot in the last
# 6 months"): the patient chose those words, so they are not told them back as noted.
BY_LABEL = ("button", "typed_label")


def _clear(reading: Reading | None, qid: str) -> bool:
    """A reading that answers the question plainly (not "not sure")."""
    return reading is not None and qid in reading.values and reading.values[qid] != NOT_SURE


def also_answered(
    tracker: Tracker, text: str, already: set[str], asked: tuple[str, Reading] | None = None
) -> MoreAnswers:
    """Plain answers the message gives to other questions: not asked yet, or noted as "not sure".

    A "not sure" is open to a plain answer given later ("never had Herceptin" after the
    bot noted "not sure" for it); any other answer changes only when the patient says so.
    `asked`: the question asked and its reading, whose values beyond it are shown as noted.
    """
    answered = {qid for qid, value in answers_of(tracker).items() if value != NOT_SURE} | already
    more = MoreAnswers()
    if asked is not None and asked[1].how not in BY_LABEL:
        more.along = {k: v for k, v in asked[1].values.items() if k != asked[0]}
    for qid in named_questions(tracker, text):
        if qid in answered:
            continue
        reading = interpret(trial().question(qid), text, language_of(tracker), subject_of(tracker))
        if reading is not None and _clear(reading, qid):
            more.readings.append(reading)
            answered |= set(reading.values)
    return more


def changed_answers(tracker: Tracker, text: str) -> MoreAnswers:
    """Earlier answers the message changes; those it names but does not answer plainly are asked again."""
    earlier = answers_of(tracker)
    more = MoreAnswers()
    for qid in named_questions(tracker, text):
        if qid not in earlier:
            continue
        question = trial().question(qid)
        reading = interpret(question, text, language_of(tracker), subject_of(tracker))
        if reading is not None and _clear(reading, qid):
            more.readings.append(reading)
        else:
            more.reopened += [qid, *(q for q in trial().follow_ups(qid) if q in earlier)]
    return more
