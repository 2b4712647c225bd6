"""Check the NLU's guess at yes, no, thanks and bye against the words themselves.

The NLU model may take "asdfgh" for "yes". Where a guess would start the
questions, end the chat or give the outcome, the patient's words (or the button
payload) must say it plainly; otherwise the patient is asked again.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.phases import Phase, phase_of
from actions.screening_state import language_of
from understanding.cues import Cues, cues_for
from understanding.normalise import normalise
from understanding.text import has, is_payload, says_only
from understanding.yes_no import PROMPTS, prompt_answer

# The yes/no prompts, as understanding/yes_no.py names them.
CONSENT, SUMMARY, CONTACT_OFFER, CONTACT_CONFIRM, ERASURE = PROMPTS

PAYLOADS = {"yes": "/affirm", "no": "/deny"}
# The phases that wait for a yes or no, and their prompts.
PROMPT_AT = {
    Phase.CONSENT: CONSENT,
    Phase.SUMMARY: SUMMARY,
    Phase.CONTACT_OFFER: CONTACT_OFFER,
    Phase.CONTACT_CONFIRM: CONTACT_CONFIRM,
    Phase.ERASING: ERASURE,
}
ANSWER_PROMPT = "action_answer_prompt"  # reads the yes or no and does what it says (actions/prompt_answers.py)
ERASURE_PAYLOADS = {"/confirm_delete": "yes", "/keep_data": "no"}  # the erasure question's buttons


def answer_at(tracker: Tracker, prompt: str | None) -> str | None:
    """'yes' or 'no' for the last message at a yes/no prompt (a button, or the words); None if unclear."""
    text = str(tracker.latest_message.get("text") or "").strip()
    by_button = {payload: answer for answer, payload in PAYLOADS.items()}
    if prompt == ERASURE:
        by_button |= ERASURE_PAYLOADS
    if text in by_button:
        return by_button[text]
    return prompt_answer(text, prompt, language_of(tracker))


def _wanted(kind: str, cues: Cues) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(phrases that say it, phrases that say the opposite)."""
    return {
        "yes": (cues.yes + cues.agree, cues.no + cues.decline + cues.unsure),
        "no": (cues.no + cues.decline, cues.yes + cues.agree + cues.unsure),
        "thanks": (cues.thanks, ()),
        "hello": (cues.hello, ()),
        "bye": (cues.bye, ()),
    }[kind]


def answers_the_prompt(tracker: Tracker) -> bool:
    """True when the chat waits for a yes or no and the message plainly gives one.

    The intent classifier may take "yes, you can give them my details" for another
    intent; the action that gets such a message hands it on to ANSWER_PROMPT.
    """
    phase = phase_of(tracker)
    prompt = PROMPT_AT.get(phase) if phase else None
    return prompt is not None and answer_at(tracker, prompt) is not None


def said_plainly(tracker: Tracker, kind: str, prompt: str | None = None) -> bool:
    """True when the last message is the button for `kind`, or plainly says it.

    A yes or no at a yes/no `prompt` (understanding/yes_no.py) may open the message
    and go on ("yes, you can give them my details"), unless the rest doubts it.
    """
    text = str(tracker.latest_message.get("text") or "").strip()
    if kind in PAYLOADS and text == PAYLOADS[kind]:
        return True
    if kind in PAYLOADS:
        return answer_at(tracker, prompt) == kind
    cues = cues_for(language_of(tracker))
    wanted, against = _wanted(kind, cues)
    return says_only(text, cues, wanted, against)


def wants_to_change(tracker: Tracker) -> bool:
    """True when the NLU reads "change an answer" and the words name a change or a mistake."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = normalise(str(tracker.latest_message.get("text") or ""))
    return intent == "change_answer" and (
        text.startswith("/change_answer") or has(text, cues_for(language_of(tracker)).change)
    )


# A remark in the middle of the questions that is no answer: (kind, response).
SIDE_REMARKS = (("thanks", "utter_you_are_welcome"), ("hello", "utter_hello_again"), ("bye", "utter_paused"))


def side_remark(tracker: Tracker) -> str | None:
    """The response for a plain "thanks", "hi" or "bye" said instead of an answer."""
    for kind, response in SIDE_REMARKS:
        if said_plainly(tracker, kind):
            return response
    return None


def names_it(tracker: Tracker, kind: str, payload: str) -> bool:
    """True for the button payload, or when the words hold a cue of this kind ("start over", "delete")."""
    text = str(tracker.latest_message.get("text") or "").strip()
    if is_payload(text, payload):
        return True
    cues = cues_for(language_of(tracker))
    return has(
        normalise(text), {"restart": cues.restart, "erase": cues.erase, "why": cues.why, "hello": cues.hello}[kind]
    )
