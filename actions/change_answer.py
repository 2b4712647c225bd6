"""Changing an answer from the summary: the button, the answer's label, or the patient's own words.

"No, I never had chemo" at the summary is a correction, not a message to ask about
again: the words are read by the questions they name (actions/other_answers.py), a
clear new answer replaces the old one and is said back, a question named without a
clear answer is asked again, and the questions go on from there.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_log import logged
from actions.other_answers import MoreAnswers, changed_answers
from actions.phases import Phase, enter
from actions.screening_state import ANSWER_LOG, REPROMPTS, answers_of, trial
from actions.store_access import log_id
from actions.summary import CHANGE_TARGET, SCREENING_FORM, reopen, send_choices, summary_lines

logger = logging.getLogger(__name__)


def said_back(dispatcher: CollectingDispatcher, tracker: Tracker, changed: MoreAnswers, text: str) -> dict[str, Any]:
    """The changed answers told back (a question named without a clear answer: "let's go back to it").

    The slots to set: the new answers, None for the questions to ask again, and the answer log.
    """
    if changed.readings:
        dispatcher.utter_message(response="utter_answer_changed", answers=changed.shown(tracker))
    if changed.reopened:
        dispatcher.utter_message(response="utter_going_back")
    return {**changed.slots(), REPROMPTS: 0, ANSWER_LOG: logged(tracker, changed.entries(), text)}


def corrections(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The answers the patient's words change, said back, and the questions resumed; [] when none.

    An answer said again as it was is no change. The follow-ups of a changed answer
    are cleared, so they are asked again where they still apply.
    """
    text = str(tracker.latest_message.get("text") or "")
    if not text.strip() or text.lstrip().startswith("/"):
        return []
    earlier = answers_of(tracker)
    found = changed_answers(tracker, text)
    readings = [r for r in found.readings if any(earlier.get(q) != v for q, v in r.values.items())]
    changed = MoreAnswers(readings=readings, reopened=found.reopened)
    if not changed.readings and not changed.reopened:
        return []
    logger.info("answer changed at the summary: chat=%s questions=%d", log_id(tracker), len(changed.entries()))
    slots = said_back(dispatcher, tracker, changed, text)
    for qid, _reading in changed.entries():
        slots.update({q: None for q in trial().follow_ups(qid) if q in earlier and q not in slots})
    slots[CHANGE_TARGET] = None
    return [*(SlotSet(k, v) for k, v in slots.items()), enter(Phase.SCREENING), FollowupAction(SCREENING_FORM)]


class ActionChangeAnswer(Action):
    """Clear the chosen answer and go back to the questions, or ask which one."""

    def name(self) -> str:
        """Action name."""
        return "action_change_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """With a valid question chosen, reopen it; with a new answer in the words, take it; else show the choices."""
        target = tracker.get_slot(CHANGE_TARGET)
        answered = [qid for qid, _label, _answer in summary_lines(tracker)]
        if target in answered:
            # Changing a question also clears its follow-ups (`follows` in the trial file).
            return reopen(target)
        corrected = corrections(dispatcher, tracker)
        if corrected:
            return corrected
        send_choices(dispatcher, tracker)
        return [SlotSet(CHANGE_TARGET, None), enter(Phase.CHOOSING)]
