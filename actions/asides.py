"""Messages that are no answer: an emergency, a wish for a person, a question, off-topic talk.

Each is answered at once and the same question follows. An emergency and a
wish to talk to a person are also kept as flags for the navigators. The NLU's
guess alone never decides: its confidence must be high enough and, where a
wrong guess would matter, the words themselves must say it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.caregiver import speak
from actions.phases import phase_of
from actions.prompts import remind
from actions.screening_state import language_of
from actions.verified_intent import ANSWER_PROMPT, answers_the_prompt
from criteria import Question, localize
from understanding.cues import cues_for
from understanding.normalise import normalise
from understanding.terms.matcher import medical_terms
from understanding.text import has, has_segmenter, not_in_language, without_phrases, words

FLAGS = "flags"
EMERGENCY = "emergency"
PERSON = "asked_for_person"
INTENT_CONFIDENCE = 0.6  # the NLU must be this sure of a side intent
EMERGENCY_CONFIDENCE = 0.8  # without a red-flag term, the emergency intent must be this sure
ANSWER_CONFIDENCE = 0.4  # the ResponseSelector must be this sure of the question it answers
MAX_QUESTION = 500  # a longer message is not a question about the question


def intent_of(tracker: Tracker) -> tuple[str | None, float]:
    """The NLU's top intent of the latest message and its confidence."""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def entity_values(tracker: Tracker, entity: str) -> list[Any]:
    """The values of one entity type in the latest message."""
    return [e.get("value") for e in tracker.latest_message.get("entities") or [] if e.get("entity") == entity]


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def is_emergency(tracker: Tracker) -> bool:
    """A red flag (chest pain, trouble breathing, self-harm, fainting, heavy bleeding) in the message.

    One told only as past history ("I had a heart attack two years ago") is an answer,
    not an emergency, whatever the intent classifier guessed.
    """
    if entity_values(tracker, "red_flag"):
        return True
    name, confidence = intent_of(tracker)
    return (
        name == "emergency"
        and confidence >= EMERGENCY_CONFIDENCE
        and not medical_terms().red_flags.only_history(_text(tracker))
    )


def wants_a_person(tracker: Tracker) -> bool:
    """True for "I want to talk to a person": the NLU says so and the words name a person."""
    name, confidence = intent_of(tracker)
    text = normalise(_text(tracker))
    if text.startswith("/human_handoff"):
        return True
    return (
        name == "human_handoff" and confidence >= INTENT_CONFIDENCE and has(text, cues_for(language_of(tracker)).person)
    )


# Markup or a database command: "<script>...", "'; DROP TABLE events; --".
_ONE_WORD = re.compile(r"\s*[A-Za-z]+[.!?]?\s*")
_CODE = re.compile(r"<\s*/?\s*[a-z][^>]*>|;\s*--|\b(?:drop|select|insert|union|alter)\b[^;]*;", re.IGNORECASE)


def looks_like_words(tracker: Tracker) -> bool:
    """False for markup, a database command or another script's letters: no question of a patient's.

    The intent classifier is sure of itself even on such input ("'; DROP TABLE" came
    out as a question about dosing, with confidence 1.0; 10,000 times "x" off-topic); such a
    message is not understood.
    """
    text = _text(tracker)
    words = text.split()
    if len(words) == 1 and len(words[0]) > 3 and len(set(words[0])) == 1:  # "xxxx…": one letter, again and again
        return False
    return not (_CODE.search(text) or not_in_language(normalise(text), language_of(tracker)))


def quotes_the_question(tracker: Tracker, question: Question | None) -> bool:
    """True when the message asks about words of the question itself ("what's a her2 medicine?").

    Every word of it but the asking and filler words is in the question's text: it
    asks what the question means, not something about the trial. Words are cut as
    the language cuts them (jieba for Chinese: "赫赛莱是什么？"), and in a script
    written without spaces a word counts when the question's text holds it.
    """
    if question is None:
        return False
    language = language_of(tracker)
    cues = cues_for(language)
    text = normalise(_text(tracker), language)
    if not has(text, cues.why):
        return False
    asked_text = normalise(localize(question.text, language), language)
    asked = set(words(asked_text, cues))
    said = words(without_phrases(text, cues.why + cues.filler), cues)
    inside = has_segmenter(cues)
    return bool(said) and all(w in asked or (inside and w in asked_text) for w in said)


def trial_answer(tracker: Tracker) -> str | None:
    """The response that answers a question about the trial (ResponseSelector), if it is sure."""
    name, confidence = intent_of(tracker)
    if name != "faq" or confidence < INTENT_CONFIDENCE:
        return None
    selected = ((tracker.latest_message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    action = selected.get("utter_action")
    if not isinstance(action, str) or float(selected.get("confidence") or 0.0) < ANSWER_CONFIDENCE:
        return None
    return action


def asks_about_the_question(tracker: Tracker, intent: str, confidence: float) -> bool:
    """True for the intent's button, or when the NLU is this sure of it and the words ask.

    The words must hold a why-word (what, why, mean, explain...) and be short: a
    long string of nonsense is not a question.
    """
    text = _text(tracker)
    if text.strip().startswith(f"/{intent}"):
        return True
    name, sure = intent_of(tracker)
    return (
        name == intent
        and sure >= confidence
        and len(text) <= MAX_QUESTION
        and has(normalise(text), cues_for(language_of(tracker)).why)
    )


def asks_meaning(tracker: Tracker) -> bool:
    """True for "What does that mean?"."""
    return asks_about_the_question(tracker, "ask_meaning", INTENT_CONFIDENCE)


def is_off_topic(tracker: Tracker) -> bool:
    """Something this chat cannot help with (the weather, other diseases, medical advice).

    One English word alone ("yesterday", "banana") is no talk about another topic but an answer
    not understood: the bilingual model took such words for out_of_scope (0.99).
    """
    name, confidence = intent_of(tracker)
    return name == "out_of_scope" and confidence >= INTENT_CONFIDENCE and not _ONE_WORD.fullmatch(_text(tracker))


def with_flag(tracker: Tracker, kind: str, question_id: str | None) -> list[dict[str, Any]]:
    """The flags slot with one more flag: what happened, at which question, when."""
    flags = list(tracker.get_slot(FLAGS) or [])
    at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    flags.append({"kind": kind, "question": question_id, "at": at})
    return flags


def previous_text(tracker: Tracker) -> str | None:
    """What the patient said the time before the latest message (None at the first)."""
    said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return said[-2] if len(said) >= 2 else None


def repeated_emergency(tracker: Tracker) -> bool:
    """True when the message is the same emergency message as the one before, already flagged.

    The guidance was given and the flag kept; saying it again must move the chat on,
    not repeat the same reply without end.
    """
    before = previous_text(tracker)
    flagged = any(flag.get("kind") == EMERGENCY for flag in tracker.get_slot(FLAGS) or [])
    return flagged and before is not None and normalise(before) == normalise(_text(tracker)) and is_emergency(tracker)


def answer_emergency(dispatcher: CollectingDispatcher, tracker: Tracker, question_id: str | None) -> dict[str, Any]:
    """Emergency guidance at once, and the flag; an empty dict when there is no emergency.

    The same emergency message again gets a short note (the flag is kept) and an empty
    dict, so the caller goes on: it reads the message as an answer or moves to the next step.
    """
    if not is_emergency(tracker):
        return {}
    if repeated_emergency(tracker):
        dispatcher.utter_message(response="utter_emergency_noted")
        return {}
    dispatcher.utter_message(response="utter_emergency_now")
    return {FLAGS: with_flag(tracker, EMERGENCY, question_id)}


def answer_aside(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: Question | None
) -> dict[str, Any] | None:
    """Answer a wish for a person, a question about the trial or a word, or off-topic talk.

    Returns the slots to set (maybe none), or None when the message is none of these.
    """
    if not looks_like_words(tracker):
        return None
    if wants_a_person(tracker):
        dispatcher.utter_message(response="utter_handoff")
        return {FLAGS: with_flag(tracker, PERSON, question.id if question else None)}
    quoted = quotes_the_question(tracker, question)
    answer = None if quoted else trial_answer(tracker)
    if answer:
        dispatcher.utter_message(response=answer)
        return {}
    if quoted or asks_meaning(tracker):
        if question is not None and question.meaning:
            dispatcher.utter_message(response="utter_meaning", meaning=speak(question.meaning, tracker))
        else:
            dispatcher.utter_message(response="utter_meaning_general")
        return {}
    if is_off_topic(tracker):
        dispatcher.utter_message(response="utter_out_of_scope")
        return {}
    return None


class ActionAnswerAside(Action):
    """Outside the questions: an emergency, a wish for a person, a question, off-topic talk."""

    def name(self) -> str:
        """Action name."""
        return "action_answer_aside"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Answer, keep the flag, then say again what the patient can do now.

        A plain yes or no at a yes/no prompt that the classifier took for an aside is
        the prompt's answer: handed on to the action that reads it.
        """
        slots = answer_emergency(dispatcher, tracker, None)
        if not slots and not repeated_emergency(tracker) and answers_the_prompt(tracker):
            return [FollowupAction(ANSWER_PROMPT)]
        if not slots and not repeated_emergency(tracker):
            answered = answer_aside(dispatcher, tracker, None)
            if answered is None:
                dispatcher.utter_message(response="utter_default")
            slots = answered or {}
        events: list[dict[str, Any]] = [SlotSet(k, v) for k, v in slots.items()]
        return events + remind(phase_of(tracker), dispatcher, tracker)
