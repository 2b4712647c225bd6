"""Validation of the screening form: read each answer, decide what to ask next."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import caregiver, language
from actions.answer_log import logged
from actions.asides import answer_aside, answer_emergency, asks_about_the_question
from actions.change_answer import said_back
from actions.other_answers import MoreAnswers, also_answered, changed_answers
from actions.screening_state import (
    ANSWER_LOG,
    FORM,
    REPROMPTS,
    REQUESTED_SLOT,
    assess,
    is_answer,
    language_of,
    question_ids,
    trial,
)
from actions.store_access import log_id
from actions.verified_intent import side_remark, wants_to_change
from criteria import Outcome, Question
from criteria.model import NOT_SURE
from understanding.interpret import interpret
from understanding.reading import Reading

logger = logging.getLogger(__name__)

MAX_FAILURES = 2  # after this many unclear answers, record "not sure"
WHY_CONFIDENCE = 0.5  # the NLU must be this sure before a non-answer is taken as "why?"


class ValidateScreeningForm(FormValidationAction):
    """Reads the answer to the requested question and picks the next question.

    The interpreter reads the answer first, so "metastatic" is an answer even if
    the NLU took it for a question. A message that is no answer and that the NLU
    reads as "why do you ask?" gets the question's reason, then the question.
    An unclear answer is never taken as yes or no: the patient is told kindly
    and asked again; after two unclear answers, "not sure" is recorded.
    """

    def name(self) -> str:
        """Rasa's name for this form's validation action."""
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Validate what the patient just said, then request what the criteria engine still needs."""
        events: list[dict[str, Any]] = []
        updates: dict[str, Any] = {}
        filled = tracker.slots_to_validate()
        if language.switched_now(tracker, filled):  # "English": no answer; the same question, in English
            return language.ask_again_in_form(dispatcher, tracker, filled)
        if caregiver.AUDIENCE in filled:  # caregiver mode: the answer to "Who are the answers about?"
            updates.update(self._audience(filled[caregiver.AUDIENCE], dispatcher, tracker))
        for qid in question_ids():
            if qid in filled and qid not in updates:
                updates.update(self._validate(qid, filled[qid], dispatcher, tracker))
        for slot, value in updates.items():
            events.append(SlotSet(slot, value))
        assessment = assess(tracker, {k: v for k, v in updates.items() if k in question_ids()})
        if assessment.outcome is Outcome.NOT_ELIGIBLE and filled:
            reason = next(
                caregiver.speak(r.reason, tracker, updates)
                for r in assessment.results.values()
                if r.reason and r.result.value == "not_met"
            )
            dispatcher.utter_message(response="utter_early_exclusion", reason=reason)
        next_slot = assessment.next_question.id if assessment.next_question else None
        if caregiver.must_ask(tracker, updates) and assessment.outcome is not Outcome.NOT_ELIGIBLE:
            next_slot = caregiver.AUDIENCE  # asked once, before the next question
        events.append(SlotSet(REQUESTED_SLOT, next_slot))
        return events

    def _validate(self, qid: str, said: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        question = trial().question(qid)
        if said != tracker.latest_message.get("text") and is_answer(question, said):
            return {}  # already read: Rasa re-validates filled slots when the form restarts
        text = said if isinstance(said, str) else ""
        flags = answer_emergency(dispatcher, tracker, qid)
        if wants_to_change(tracker):
            changed = changed_answers(tracker, text)
            if changed.readings or changed.reopened:
                return {**flags, **self._changed(qid, text, changed, dispatcher, tracker)}
        audience = caregiver.noticed(tracker, qid, text)
        if audience and caregiver.PENDING in audience:
            return {**flags, **audience, qid: None}  # "she's 67": whom first, then this is read again
        if audience:  # "I'm asking for my mother": noted, and the questions speak of her from now on
            caregiver.note_audience(dispatcher, audience)
        subject = (audience or {}).get(caregiver.RELATION) or caregiver.subject_of(tracker)
        reading = interpret(question, text, language_of(tracker), subject) if text else None
        if reading is None and audience:
            return {**flags, **audience, qid: None}
        if reading is None:
            aside = self._aside(question, dispatcher, tracker)
            if aside is not None:
                return {**aside, **flags}
            if flags:
                return {**flags, qid: None}  # the emergency came first; the question follows
            return self._other_answers(qid, text, dispatcher, tracker) or self._unclear(qid, text, dispatcher, tracker)
        logger.info("screening answer read: chat=%s question=%s", log_id(tracker), qid)
        logger.debug("screening answer read: question=%s how=%s", qid, reading.how)
        more = also_answered(tracker, text, set(reading.values), (qid, reading))
        if more.noted():
            dispatcher.utter_message(response="utter_also_noted", answers=more.shown(tracker))
        log = logged(tracker, [(qid, reading), *more.entries()], text)
        return {**reading.values, **more.slots(), **flags, **(audience or {}), REPROMPTS: 0, ANSWER_LOG: log}

    def _audience(self, said: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Whom the answers are about: noted, and the message that made the bot ask read again.

        An unclear answer is asked again. After two, a caregiver who tapped "someone
        else" goes on with "the person you are asking for"; when only a "she" made the
        bot ask, nothing is assumed and the questions go on as they were.
        """
        code = caregiver.read_audience(tracker, said)
        pending = tracker.get_slot(caregiver.PENDING) or {}
        if code is None:
            failures = int(tracker.get_slot(REPROMPTS) or 0) + 1
            if failures < MAX_FAILURES:
                dispatcher.utter_message(response="utter_not_understood")
                return {caregiver.AUDIENCE: None, REPROMPTS: failures}
            if pending:
                return {
                    caregiver.AUDIENCE: None,
                    caregiver.ANSWERING_FOR: None,
                    caregiver.ASKED: True,
                    caregiver.PENDING: None,
                    REPROMPTS: 0,
                }
            code = caregiver.OTHER
        slots = {**caregiver.chosen(code, language_of(tracker)), caregiver.AUDIENCE: code, REPROMPTS: 0}
        slots[caregiver.PENDING] = None
        if code != caregiver.SELF:
            caregiver.note_audience(dispatcher, slots)
        qid, text = pending.get("question"), pending.get("text")
        if qid in question_ids() and text:
            reading = interpret(trial().question(qid), text, language_of(tracker), code)
            if reading:
                slots.update({**reading.values, ANSWER_LOG: logged(tracker, [(qid, reading)], text)})
        return slots

    def _changed(
        self, qid: str, text: str, changed: MoreAnswers, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """An earlier answer changed ("actually I did have chemo"): noted, or that question asked again."""
        logger.info("screening answer changed: chat=%s question=%s", log_id(tracker), qid)
        return {qid: None, **said_back(dispatcher, tracker, changed, text)}

    def _aside(self, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any] | None:
        """A message that is no answer but not nonsense either: reply, count no failure.

        A wish for a person, a question about the trial or about a word, off-topic
        talk (actions/asides.py); "why do you ask?" gets the question's reason;
        "I want to change an answer" is told that the summary allows it; "thanks",
        "hi" and "bye" get a short reply. The same question follows. None means
        it was none of these.
        """
        slots = answer_aside(dispatcher, tracker, question)
        if slots is not None:
            return {**slots, question.id: None}
        if asks_why(tracker):
            dispatcher.utter_message(response="utter_why", why=caregiver.speak(question.why, tracker))
        elif wants_to_change(tracker):
            dispatcher.utter_message(response="utter_change_at_summary")
        else:
            response = side_remark(tracker)
            if not response:
                return None
            dispatcher.utter_message(response=response)
        return {question.id: None}

    def _other_answers(
        self, qid: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any] | None:
        """No answer to this question, but a plain one to another ("I'm 54" when asked about HER2).

        Noted and said so; the same question follows, and no failure is counted. None when
        the message answers no other question either.
        """
        more = also_answered(tracker, text, set())
        if not more.readings:
            return None
        logger.info("screening answer read for another question: chat=%s question=%s", log_id(tracker), qid)
        dispatcher.utter_message(response="utter_noted_other_answer", answers=more.shown(tracker))
        log = logged(tracker, more.entries(), text)
        return {qid: None, **more.slots(), ANSWER_LOG: log}

    def _unclear(self, qid: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        failures = int(tracker.get_slot(REPROMPTS) or 0) + 1
        logger.info("screening answer unclear: question=%s failures=%d", qid, failures)
        if failures >= MAX_FAILURES:
            dispatcher.utter_message(response="utter_noted_not_sure")
            reading = Reading({qid: NOT_SURE}, "not_understood_twice")
            return {qid: NOT_SURE, REPROMPTS: 0, ANSWER_LOG: logged(tracker, [(qid, reading)], text)}
        kind = trial().question(qid).kind
        response = "utter_not_understood_group" if kind == "group" else "utter_not_understood"
        dispatcher.utter_message(response=response)
        return {qid: None, REPROMPTS: failures}


def asks_why(tracker: Tracker) -> bool:
    """True for the "Why do you ask?" button, or words like "why?" that the NLU reads as ask_why."""
    return asks_about_the_question(tracker, "ask_why", WHY_CONFIDENCE)
