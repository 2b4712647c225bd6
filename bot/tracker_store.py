"""Rasa's SQL tracker store with every event's data encrypted at rest (Fernet).

Conversations hold what patients type: answers in their own words and, later,
contact details. Rasa Open Source stores events as plain JSON under the sender
id; this store keeps the same table layout but writes the `data` column
encrypted with the store's key (SCREENING_DATA_KEY) and files each conversation
under a keyed pseudonym of its sender id (a Telegram chat id identifies a person).
Lookups by sender id (the HTTP API, erasure) go through the same pseudonym. Use it in
endpoints.yml as `type: bot.tracker_store.EncryptedSQLTrackerStore`.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import var_dir
from bot.store.crypto import Cipher, load_cipher

INTENT_NAME_KEY = "name"
ERASE_SLOT = "erase_conversation"


def tracker_key(cipher: Cipher, sender_id: str) -> str:
    """The pseudonym a conversation is stored under instead of its sender id."""
    return cipher.pseudonym("tracker", sender_id)


class EncryptedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose event data is encrypted and whose sender ids are pseudonyms."""

    @cached_property
    def cipher(self) -> Cipher:
        """The store's cipher (key from SCREENING_DATA_KEY, or the development key)."""
        return load_cipher(var_dir())

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, their data encrypted; or erase the whole chat.

        Rasa saves the tracker after each message, so a chat cannot be deleted from
        inside an action. "Delete my data" sets the `erase_conversation` slot;
        seeing it, this store deletes every event of the conversation instead.
        """
        await self.stream_events(tracker)
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
            if any(isinstance(e, SlotSet) and e.key == ERASE_SLOT and e.value for e in new_events):
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker_key(self.cipher, tracker.sender_id)
                ).delete(synchronize_session=False)
                session.commit()
                return
            for event in new_events:
                data = event.as_dict()
                session.add(
                    self.SQLEvent(
                        sender_id=tracker_key(self.cipher, tracker.sender_id),
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=self.cipher.encrypt(json.dumps(data)),
                    )
                )
            session.commit()

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        """Rasa's query, on the pseudonym of the sender id."""
        return super()._event_query(session, tracker_key(self.cipher, sender_id), fetch_events_from_all_sessions)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Read the events back, decrypting their data."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            events: list[dict[str, Any]] = [json.loads(self.cipher.decrypt(row.data)) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None
