"""Rasa's SQL tracker store with every event's data encrypted at rest (Fernet).

Conversations hold what patients type: answers in their own words and, later,
contact details. Rasa Open Source stores events as plain JSON under the sender
id; this store keeps the same table layout but writes the `data` column
encrypted with the store's key (SCREENING_DATA_KEY) and files each conversation
under a keyed pseudonym of its sender id (a Telegram chat id identifies a person).
Lookups by sender id (the HTTP API, erasure) go through the same pseudonym. Use it in
endpoints.yml as `type: bot.rasa_server.tracker_store.EncryptedSQLTrackerStore`.

Between turns the latest session's events stay in memory (bot/rasa_server/tracker_cache.py),
checked against the database on every turn; an SQLite file gets WAL and a busy timeout.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.rasa_server.tracker_cache import DEFAULT_SIZE, Stamp, TrackerCache
from bot.startup.settings import var_dir
from bot.store.crypto import Cipher, load_cipher
from bot.store.database import sqlite_pragmas

INTENT_NAME_KEY = "name"
ERASE_SLOT = "erase_conversation"
CACHE_SIZE_ENV = "TRACKER_CACHE_SIZE"  # conversations kept in memory; 0 turns the cache off


# The events Rasa's `_event_query` reads for a conversation's latest session (those from
# its latest session start on, or all when it has none), summed up in one row. Plain SQL:
# the ORM query costs more to build than to run.
LATEST_SESSION_STAMP = sa.text(
    """
    SELECT count(id), min(id), max(id), max(timestamp) FROM events
    WHERE sender_id = :sender AND (
        timestamp >= (SELECT max(timestamp) FROM events WHERE sender_id = :sender AND type_name = :started)
        OR NOT EXISTS (SELECT 1 FROM events WHERE sender_id = :sender AND type_name = :started)
    )
    """
)


def sqlite_tracker_pragmas(connection: Any, record: Any) -> None:
    """The store's pragmas (busy timeout, WAL), and commits that wait for the disk only at checkpoints."""
    sqlite_pragmas(connection, record)
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def tracker_key(cipher: Cipher, sender_id: str) -> str:
    """The pseudonym a conversation is stored under instead of its sender id."""
    return cipher.pseudonym("tracker", sender_id)


class EncryptedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose event data is encrypted and whose sender ids are pseudonyms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Rasa's store; on SQLite, a pool of connections with WAL and a busy timeout.

        Rasa's SQLite engine opens and closes a file connection per query, and with WAL
        the last close also checkpoints. Here connections are kept, and commits wait for
        the disk only at checkpoints (synchronous=NORMAL): a crash of the process loses
        nothing; a power cut may lose the latest turns of conversations, never the
        screening records and referrals, which are in the store (bot/store/, FULL).
        """
        super().__init__(*args, **kwargs)
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        url = engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=QueuePool, connect_args={"check_same_thread": False}, hide_parameters=True
            )
            sa.event.listen(self.engine, "connect", sqlite_tracker_pragmas)
            self.sessionmaker = sessionmaker(bind=self.engine)

    @cached_property
    def cipher(self) -> Cipher:
        """The store's cipher (key from SCREENING_DATA_KEY, or the development key)."""
        return load_cipher(var_dir())

    @cached_property
    def cache(self) -> TrackerCache:
        """The latest sessions of recent conversations (TRACKER_CACHE_SIZE of them, default 500)."""
        return TrackerCache(size=int(os.environ.get(CACHE_SIZE_ENV) or DEFAULT_SIZE))

    def _stamp(self, session: Any, sender_id: str) -> Stamp:
        """Count, first and last id, latest timestamp of the stored events of the latest session."""
        key = tracker_key(self.cipher, sender_id)
        count, first, last, latest = session.execute(
            LATEST_SESSION_STAMP, {"sender": key, "started": SessionStarted.type_name}
        ).one()
        return Stamp(int(count), first, last, latest)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, their data encrypted; or erase the whole chat.

        Rasa saves the tracker after each message, so a chat cannot be deleted from
        inside an action. "Delete my data" sets the `erase_conversation` slot;
        seeing it, this store deletes every event of the conversation instead.
        """
        await self.stream_events(tracker)
        key = tracker_key(self.cipher, tracker.sender_id)
        with self.session_scope() as session:
            before = self._stamp(session, tracker.sender_id)
            new_events = list(tracker.events)[before.count :]
            if any(isinstance(e, SlotSet) and e.key == ERASE_SLOT and e.value for e in new_events):
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == key).delete(synchronize_session=False)
                session.commit()
                self.cache.drop(key)
                return
            texts, rows = [], []
            for event in new_events:
                data = event.as_dict()
                texts.append(json.dumps(data))
                rows.append(
                    self.SQLEvent(
                        sender_id=key,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=self.cipher.encrypt(texts[-1]),
                    )
                )
            session.add_all(rows)
            session.flush()  # the ids, read before the commit expires the rows
            after = before.extended([row.id for row in rows], [row.timestamp for row in rows])
            session.commit()
        if any(isinstance(e, SessionStarted) for e in new_events):
            self.cache.drop(key)  # a new session changes which events are the latest session's
        else:
            self.cache.extend(key, before, after, texts)

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        """Rasa's query, on the pseudonym of the sender id."""
        return super()._event_query(session, tracker_key(self.cipher, sender_id), fetch_events_from_all_sessions)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Read the events back, decrypting their data (the latest session from memory when still current)."""
        key = tracker_key(self.cipher, sender_id)
        with self.session_scope() as session:
            texts = None if fetch_events_from_all_sessions else self.cache.get(key, self._stamp(session, sender_id))
            if texts is None:
                rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
                texts = [self.cipher.decrypt(row.data) for row in rows]
                if rows and not fetch_events_from_all_sessions:
                    stamp = Stamp(0, None, None, None).extended([r.id for r in rows], [r.timestamp for r in rows])
                    self.cache.put(key, stamp, texts)
        events: list[dict[str, Any]] = [json.loads(text) for text in texts]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None
