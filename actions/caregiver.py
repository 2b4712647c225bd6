"""Caregiver mode: who the answers are about, asked once, and kept in slots.

The consent buttons say it ("Yes, for myself" / "Yes, for someone else"), or the
patient's words do ("yes, for my mum"; later "she's 67"). When it is not known yet
and a message speaks of someone else, the bot asks once, "Who are the answers
about?", then reads the message that made it ask with that subject. Reading is
understanding/'s (understanding/audience.py); the texts are criteria/'s and domain.yml's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.screening_state import language_of
from criteria import localize
from criteria.audience import SELF, addressed, load_relations, relation
from criteria.model import Text
from understanding.audience import SOMEONE, for_someone_else, read_relation

AUDIENCE = "audience"  # the form slot of "Who are the answers about?"
ANSWERING_FOR = "answering_for"  # self | someone_else: responses are conditioned on it
RELATION = "relation"  # SELF or a relation code (mother, ...); None while not known
PERSON = "patient_person"  # "your mother", for the responses of domain.yml
PERSONS = "patient_persons"  # "your mother's"
ASKED = "audience_asked"  # the question was asked once: it is never asked again
PENDING = "audience_pending"  # {"question", "text"}: the message read again once the answer is known
SOMEONE_ELSE = "someone_else"
OTHER = "other"  # the relation code of "another person" (criteria/data/relations.yml)

_PAYLOAD = re.compile(r"^\s*/(?P<intent>\w+)\s*(?P<entities>\{.*\})?\s*$", re.DOTALL)


def subject_of(tracker: Tracker) -> str | None:
    """Who the answers are about, for the readers: SELF, a relation code, SOMEONE, or None (not known)."""
    code = tracker.get_slot(RELATION)
    if code:
        return str(code)
    return SOMEONE if tracker.get_slot(ANSWERING_FOR) == SOMEONE_ELSE else None


def speak(text: Text | None, tracker: Tracker, updates: dict[str, Any] | None = None) -> str:
    """A text of the trial, spoken to whoever answers (the caregiver form for a caregiver).

    `updates` are slots about to be set: whom a caregiver just named counts already.
    """
    who = (updates or {}).get(RELATION) or tracker.get_slot(RELATION)
    return addressed(text, language_of(tracker), who)


def chosen(code: str, language: str) -> dict[str, Any]:
    """The slots once it is known whom the answers are about."""
    if code == SELF:
        return {ANSWERING_FOR: SELF, RELATION: SELF, PERSON: None, PERSONS: None, ASKED: True}
    found = relation(code)
    forms = found.filled(language) if found else {}
    return {
        ANSWERING_FOR: SOMEONE_ELSE,
        RELATION: code,
        PERSON: forms.get("person"),
        PERSONS: forms.get("persons"),
        ASKED: True,
    }


def _payload_value(text: str, key: str) -> str | None:
    """The value of `key` in a button payload such as /affirm{"audience": "self"}."""
    m = _PAYLOAD.match(text)
    if not m or not m.group("entities"):
        return None
    try:
        data = json.loads(m.group("entities"))
    except ValueError:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def at_consent(tracker: Tracker) -> dict[str, Any] | None:
    """What the consent answer says of the audience: the slots to set, or None when it says nothing.

    "Yes, for myself" is SELF; "Yes, for someone else" and "yes, on her behalf" ask
    whom next; "yes, for my mum" is mother. A plain "yes" says nothing: the bot asks
    later, only if a message speaks of someone else.
    """
    text = str(tracker.latest_message.get("text") or "")
    language = language_of(tracker)
    button = _payload_value(text, AUDIENCE)
    if button == SELF:
        return chosen(SELF, language)
    if button == SOMEONE_ELSE:
        known = tracker.get_slot(RELATION)  # "I'm asking for my mother" said before the tap
        return chosen(known, language) if known and known != SELF else {ANSWERING_FOR: SOMEONE_ELSE, RELATION: None}
    if text.lstrip().startswith("/"):
        return None
    named = for_someone_else(text, language)
    if named == SOMEONE:
        return {ANSWERING_FOR: SOMEONE_ELSE, RELATION: None}
    if named:
        return chosen(named, language)
    if read_relation(text, language) == SELF:
        return chosen(SELF, language)
    return None


def named_at_consent(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """A person named at the consent question without a yes ("I'm asking for my mother"): noted, no consent.

    The slots to set, or {} when the message names no one; the consent question follows.
    """
    audience = at_consent(tracker) or {}
    if not audience.get(PERSON):
        return {}
    note_audience(dispatcher, audience)
    return audience


def note_audience(dispatcher: CollectingDispatcher, slots: dict[str, Any]) -> None:
    """Say whom the questions are about from now on ("your mother"; "您母亲的" in Chinese).

    Both forms go with the message: the slots are set only after this turn, and a form
    missing from the message would be filled from the empty slot as "None".
    """
    dispatcher.utter_message(
        response="utter_audience_noted", patient_person=slots.get(PERSON), patient_persons=slots.get(PERSONS)
    )


def is_consent_button(tracker: Tracker) -> bool:
    """True for a consent button that carries the audience (/affirm{"audience": ...})."""
    text = str(tracker.latest_message.get("text") or "")
    m = _PAYLOAD.match(text)
    return bool(m and m.group("intent") == "affirm" and _payload_value(text, AUDIENCE))


def noticed(tracker: Tracker, question_id: str, text: str) -> dict[str, Any] | None:
    """A message that speaks of someone else while the audience is not known: the slots to set.

    "I'm asking for my mother" sets the mother at once; "she's 67" asks whom, once,
    and keeps the message to read again with the answer. None when the audience is
    known, was asked already, or the message speaks of no one else.
    """
    known = tracker.get_slot(RELATION)
    if not text or text.lstrip().startswith("/") or known not in (None, OTHER):
        return None
    person = read_relation(text, language_of(tracker))
    if tracker.get_slot(ANSWERING_FOR) == SOMEONE_ELSE and person not in (None, SELF, OTHER):
        # "我妈妈" after "Yes, for someone else" (or "替家人回答", read as "a relative"): whom, said alone
        return chosen(str(person), language_of(tracker))
    if known:
        return None
    if tracker.get_slot(ASKED):
        return None
    named = for_someone_else(text, language_of(tracker))
    if named is None:
        return None
    if named == SOMEONE:
        return {ANSWERING_FOR: SOMEONE_ELSE, PENDING: {"question": question_id, "text": text}}
    return chosen(named, language_of(tracker))


def must_ask(tracker: Tracker, updates: dict[str, Any]) -> bool:
    """True when someone else answers and whom is not known yet: "Who are the answers about?" comes next."""
    slots = {k: tracker.get_slot(k) for k in (ANSWERING_FOR, RELATION)}
    slots.update({k: v for k, v in updates.items() if k in slots})
    return slots[ANSWERING_FOR] == SOMEONE_ELSE and not slots[RELATION]


def read_audience(tracker: Tracker, said: Any) -> str | None:
    """The answer to "Who are the answers about?": a button, a typed label, or words; None when unclear."""
    text = str(said or "")
    language = language_of(tracker)
    button = _payload_value(text, "choice")
    codes = [r.code for r in load_relations()]
    if button is not None:
        return button if button in codes else None
    typed = " ".join(text.lower().split()).rstrip(".!")
    for found in load_relations():
        if typed == localize(found.label, language).lower():
            return found.code
    return read_relation(text, language)


def audience_buttons(language: str) -> list[dict[str, str]]:
    """One button per relation, and "Myself" first."""
    return [
        {"title": localize(r.label, language), "payload": f'/answer{{"choice": "{r.code}"}}'} for r in load_relations()
    ]


class AskAudience(Action):
    """Ask once whom the answers are about: the form's ask action for the `audience` slot."""

    def name(self) -> str:
        """Rasa's naming rule for a form's ask action."""
        return f"action_ask_{AUDIENCE}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Send the question with its buttons; it is never asked again once answered."""
        dispatcher.utter_message(response="utter_ask_audience", buttons=audience_buttons(language_of(tracker)))
        return []
