"""Check the NLU's guess at yes, no, thanks and bye against the words themselves.

The NLU model may take "asdfgh" for "yes". Where a guess would start the
questions, end the chat or give the outcome, the patient's words (or the button
payload) must say it plainly; otherwise the patient is asked again.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.interpretation.text import Cues, cues_for, says_only
from actions.screening_state import language_of

PAYLOADS = {"yes": "/affirm", "no": "/deny"}


def _wanted(kind: str, cues: Cues) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(phrases that say it, phrases that say the opposite)."""
    return {
        "yes": (cues.yes + cues.agree, cues.no + cues.decline + cues.unsure),
        "no": (cues.no + cues.decline, cues.yes + cues.agree + cues.unsure),
        "thanks": (cues.thanks, ()),
        "bye": (cues.bye, ()),
    }[kind]


def said_plainly(tracker: Tracker, kind: str) -> bool:
    """True when the last message is the button for `kind`, or plainly says it."""
    text = str(tracker.latest_message.get("text") or "").strip()
    if kind in PAYLOADS and text == PAYLOADS[kind]:
        return True
    cues = cues_for(language_of(tracker))
    wanted, against = _wanted(kind, cues)
    return says_only(text, cues, wanted, against)
