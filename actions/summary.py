"""The summary before the outcome, and changing an answer from it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.caregiver import RELATION, speak
from actions.phases import Phase, enter
from actions.punctuation import colon
from actions.screening_state import (
    REPROMPTS,
    answer_label,
    answers_of,
    language_of,
    trial,
)
from understanding.normalise import normalise

CHANGE_TARGET = "change_target"


def summary_lines(tracker: Tracker) -> list[tuple[str, str, str]]:
    """(question id, summary label, answer label) for each answer, in order."""
    language = language_of(tracker)
    answers = answers_of(tracker)
    return [
        (q.id, speak(q.summary, tracker), answer_label(q, answers[q.id], language, tracker.get_slot(RELATION)))
        for q in trial().questions
        if q.id in answers
    ]


def send_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """What the patient said, with 'Yes, that's right' and 'Change an answer'."""
    between = colon(language_of(tracker))
    lines = "\n".join(f"- {label}{between}{answer}" for _qid, label, answer in summary_lines(tracker))
    dispatcher.utter_message(response="utter_summary", summary=lines)


class ActionShowSummary(Action):
    """Show the answers to confirm or correct before the outcome."""

    def name(self) -> str:
        """Action name."""
        return "action_show_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the summary; the phase becomes 'summary'."""
        send_summary(dispatcher, tracker)
        return [enter(Phase.SUMMARY)]


SCREENING_FORM = "screening_form"
_NOT_A_WORD = " .,;:!?-()"


def typed_choice(tracker: Tracker) -> str | None:
    """The answer to change when the patient typed its label ("年龄", "age") instead of tapping it."""
    language = language_of(tracker)
    said = normalise(str(tracker.latest_message.get("text") or ""), language).strip(_NOT_A_WORD)
    chosen = [qid for qid, label, _a in summary_lines(tracker) if said and normalise(label, language) == said]
    return chosen[0] if len(chosen) == 1 else None


def reopen(target: str) -> list[dict[str, Any]]:
    """The chosen answer (and its follow-ups) cleared, back to the questions."""
    cleared = [SlotSet(q, None) for q in (target, *trial().follow_ups(target))]
    return [*cleared, SlotSet(CHANGE_TARGET, None), SlotSet(REPROMPTS, 0), enter(Phase.SCREENING)]


def reopen_typed(tracker: Tracker) -> list[dict[str, Any]]:
    """For a typed label while choosing: reopen its question and ask it; [] when it names none."""
    target = typed_choice(tracker)
    return [*reopen(target), FollowupAction(SCREENING_FORM)] if target else []


def send_choices(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """'Which answer do you want to change?' with one button per answer given."""
    buttons = [
        {"title": label, "payload": f'/change_answer{{"question": "{qid}"}}'}
        for qid, label, _answer in summary_lines(tracker)
    ]
    dispatcher.utter_message(response="utter_which_answer", buttons=buttons)
