"""A screening's conversation from Rasa's tracker store, decrypted, as a transcript.

The store keeps no sender id (only keyed pseudonyms), so a screening is matched to its
conversation through the consent: the screening starts at the time of the patient's
consent, and the conversation holds the `consent` slot event carrying that same time. The
tracker table's `timestamp`, `type_name` and `action_name` (the slot's name for slot
events) are plain, so only a few candidate events need decrypting. Two patients who
consented in the same second are told apart by the words of their answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import InvalidToken
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bot.store.crypto import Cipher

# How long after the consent's time (whole seconds) Rasa may have stamped the consent event.
MATCH_WINDOW_S = 300
PAYLOAD = re.compile(r"^\s*/\w+")


def _as_utc(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if parsed.tzinfo:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def _decrypt(cipher: Cipher, data: str | None) -> dict[str, Any] | None:
    try:
        event = json.loads(cipher.decrypt(data or ""))
    except (InvalidToken, ValueError, TypeError):
        return None
    return event if isinstance(event, dict) else None


def _said_in(events: Sequence[dict[str, Any]]) -> list[str]:
    """The patient's words in the last answer log of the conversation."""
    log: Any = []
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "answer_log" and isinstance(event.get("value"), list):
            log = event["value"]
    return [str(entry.get("said") or "") for entry in log if isinstance(entry, dict)]


@dataclass
class Conversation:
    """The events of the screening's part of a conversation (from the greeting before its consent)."""

    events: list[dict[str, Any]]
    left_out: int = 0  # events of the same chat before a restart or after the next one


def find_conversation(
    tracker: Engine, cipher: Cipher, *, started_at: dt.datetime, said: Sequence[str]
) -> Conversation | None:
    """The conversation of the screening that started (consented) at `started_at`, or None if it is gone."""
    if not inspect(tracker).has_table("events"):
        return None
    start = started_at.replace(tzinfo=dt.timezone.utc).timestamp()
    with tracker.connect() as connection:
        candidates = connection.execute(
            text(
                "SELECT id, sender_id, data FROM events WHERE type_name = 'slot' AND action_name = 'consent'"
                " AND timestamp >= :low AND timestamp <= :high ORDER BY id"
            ),
            {"low": start - 1, "high": start + MATCH_WINDOW_S},
        ).all()
        matches: list[tuple[int, str]] = []
        for event_id, sender, data in candidates:
            event = _decrypt(cipher, data)
            value = (event or {}).get("value")
            if isinstance(value, dict) and _as_utc(value.get("at")) == started_at:
                matches.append((event_id, sender))
        chats: list[tuple[int, list[tuple[int, dict[str, Any]]]]] = []
        for event_id, sender in matches:
            rows = connection.execute(
                text("SELECT id, data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender}
            ).all()
            decrypted = [(row_id, event) for row_id, data in rows if (event := _decrypt(cipher, data)) is not None]
            chats.append((event_id, decrypted))
    if not chats:
        return None
    if len(chats) > 1:  # consents in the same second: the one whose answers are the screening's
        chats.sort(key=lambda chat: _said_in([e for _, e in chat[1]]) != list(said))
    return _screening_part(*chats[0])


def _screening_part(consent_id: int, events: list[tuple[int, dict[str, Any]]]) -> Conversation:
    """The events from the last restart before the consent up to the next restart."""
    position = next(i for i, (row_id, _) in enumerate(events) if row_id == consent_id)
    first = max((i + 1 for i in range(position) if events[i][1].get("event") == "restart"), default=0)
    last = next((i for i in range(position, len(events)) if events[i][1].get("event") == "restart"), len(events))
    kept = [event for _, event in events[first:last]]
    return Conversation(kept, len(events) - len(kept))


# The contact form's questions: what the patient types while one is asked is contact details,
# and the read-back repeats them. Hidden unless the navigator asks to see contact details (audited).
CONTACT_SLOTS = ("contact_name", "contact_reach", "contact_time")
READ_BACK = "utter_contact_read_back"
HIDDEN = "(hidden)"  # a hidden line's text; the pages show their own words for it (`screening.hidden`)


@dataclass(frozen=True)
class Line:
    """One message of the transcript."""

    at: dt.datetime | None
    speaker: str  # patient | bot
    text: str
    button: bool = False  # a patient's button press, shown by its title
    control: bool = False  # a command the patient's app sent (e.g. /restart), shown as sent
    buttons: tuple[str, ...] = field(default_factory=tuple)  # the titles a bot message offered
    hidden: bool = False  # contact details left out


def _time(event: dict[str, Any]) -> dt.datetime | None:
    stamp = event.get("timestamp")
    if not isinstance(stamp, (int, float)):
        return None
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).replace(tzinfo=None)


def transcript(events: Sequence[dict[str, Any]], *, show_contact: bool = False) -> list[Line]:
    """The patient's and the bot's messages in order; a pressed button shows as its title.

    Unless `show_contact`, what the patient typed for the contact form and the bot's read-back
    of it are replaced by a note.
    """
    lines: list[Line] = []
    offered: dict[str, str] = {}
    asking: Any = None
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            asking = event.get("value")
        elif kind == "bot":
            raw = (event.get("data") or {}).get("buttons") or []
            buttons = [b for b in raw if isinstance(b, dict) and b.get("payload")]
            if buttons:
                offered = {str(b["payload"]): str(b.get("title", "")) for b in buttons}
            titles = tuple(str(b.get("title", "")) for b in buttons)
            said = str(event.get("text") or "")
            if not show_contact and (event.get("metadata") or {}).get("utter_action") == READ_BACK:
                lines.append(Line(_time(event), "bot", HIDDEN, buttons=titles, hidden=True))
            elif said or titles:
                lines.append(Line(_time(event), "bot", said, buttons=titles))
        elif kind == "user":
            said = str(event.get("text") or "")
            if said in offered:
                lines.append(Line(_time(event), "patient", offered[said], button=True))
            elif not show_contact and asking in CONTACT_SLOTS:
                lines.append(Line(_time(event), "patient", HIDDEN, hidden=True))
            else:
                lines.append(Line(_time(event), "patient", said, control=bool(PAYLOAD.match(said))))
    return lines
