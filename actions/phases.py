"""The dialogue's phases, named once: where the patient is, kept in the `phase` slot.

The values are the `phase` slot's categorical values in `domain.yml` and the slot
conditions of `bot/flows/rules.yml` (a test holds the three together). Drawn:

    consent ──yes──► screening ──► summary ◄──► choosing (which answer to change)
       │no                            │yes
       ▼                              ▼
     ended             outcome (not eligible)  or  contact_offer
                                                      │yes        │no
                                                      ▼           ▼
                                               contact ──► contact_confirm ──yes──► referred

    any phase ──"delete my data"──► erasing ──yes──► (everything deleted, a fresh start)
                                       │no
                                       ▼
                                 back to the phase it came from (kept in `erase_return`)

    any phase ──"中文" / "English"──► the same phase, its prompt again in that language (actions/language.py)
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

PHASE = "phase"


class Phase(str, Enum):
    """Where the patient is in the conversation."""

    CONSENT = "consent"  # the greeting asked whether to start
    SCREENING = "screening"  # the questions (the screening form)
    SUMMARY = "summary"  # the answers shown back, to confirm or change
    CHOOSING = "choosing"  # which answer to change
    OUTCOME = "outcome"  # told the outcome; nothing more is asked
    CONTACT_OFFER = "contact_offer"  # asked whether the study team may contact them
    CONTACT = "contact"  # the contact details (the contact form)
    CONTACT_CONFIRM = "contact_confirm"  # the details read back, to send or change
    REFERRED = "referred"  # the referral is made
    ENDED = "ended"  # declined to start
    ERASING = "erasing"  # asked whether to delete everything; yes deletes, no goes back


# The phases in which a form asks the questions, and that form's name.
FORMS = {Phase.SCREENING: "screening_form", Phase.CONTACT: "contact_form"}


def phase_of(tracker: Tracker) -> Phase | None:
    """The current phase, or None before the greeting (or for a value no phase has)."""
    try:
        return Phase(tracker.get_slot(PHASE))
    except ValueError:
        return None


def enter(phase: Phase) -> dict[str, Any]:
    """The event that moves the conversation to `phase`."""
    return SlotSet(PHASE, phase.value)
