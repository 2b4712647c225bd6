"""The encrypted tracker store keeps conversations in memory only while the database agrees.

On SQLite and PostgreSQL: what one store (a Rasa replica) reads back always equals what
is stored, whoever wrote or deleted it; the cache only saves reading and decrypting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.rasa_server.tracker_store import ERASE_SLOT, EncryptedSQLTrackerStore
from bot.store.crypto import Cipher
from tests.databases import url_of

DOMAIN = Domain.from_dict({"slots": {ERASE_SLOT: {"type": "any", "mappings": [{"type": "custom"}]}}})


@pytest.fixture
def stores(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EncryptedSQLTrackerStore]]:
    """Two stores on one database, as two Rasa replicas have."""
    monkeypatch.setenv("VAR_DIR", str(tmp_path))  # the development key, shared by both
    made = [EncryptedSQLTrackerStore(domain=DOMAIN, host=url_of(engine)) for _ in range(2)]
    yield made
    for store in made:
        store.engine.dispose()


def session(*said: str) -> list[Event]:
    events: list[Event] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    return events + [UserUttered(words, {"name": "inform", "confidence": 1.0}) for words in said]


def saved(store: EncryptedSQLTrackerStore, sender: str, *said: str) -> DialogueStateTracker:
    """A new conversation saved, then read back as Rasa reads it at the next turn."""
    run(store.save(DialogueStateTracker.from_events(sender, session(*said))))
    return run(store.retrieve(sender))


def texts(tracker: DialogueStateTracker | None) -> list[str | None]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def counting_decrypts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    decrypt = Cipher.decrypt

    def counted(self: Cipher, token: str) -> str:
        calls[0] += 1
        return decrypt(self, token)

    monkeypatch.setattr(Cipher, "decrypt", counted)
    return calls


def test_a_turn_reads_from_memory_while_nothing_else_wrote(
    stores: list[EncryptedSQLTrackerStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = stores[0]
    first = saved(store, "p1", "hi")
    decrypts = counting_decrypts(monkeypatch)
    first.update(UserUttered("54", {"name": "inform", "confidence": 1.0}))
    run(store.save(first))
    again = run(store.retrieve("p1"))
    assert texts(again) == ["hi", "54"]
    assert decrypts == [0]  # nothing read back from the database
    fresh = run(stores[1].retrieve("p1"))  # another store reads it all from the database
    assert decrypts[0] == len(fresh.events)
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in fresh.events]


def test_what_another_replica_wrote_is_read(stores: list[EncryptedSQLTrackerStore]) -> None:
    one, two = stores
    run(one.save(DialogueStateTracker.from_events("p2", session("hi"))))
    assert texts(run(one.retrieve("p2"))) == ["hi"]
    moved = run(two.retrieve("p2"))
    moved.update(UserUttered("I'm 54", {"name": "inform", "confidence": 1.0}))
    run(two.save(moved))
    assert texts(run(one.retrieve("p2"))) == ["hi", "I'm 54"]


def test_rows_deleted_by_someone_else_are_gone_here_too(stores: list[EncryptedSQLTrackerStore], engine: Engine) -> None:
    store = stores[0]
    run(store.save(DialogueStateTracker.from_events("p3", session("hi"))))
    assert texts(run(store.retrieve("p3"))) == ["hi"]
    with engine.begin() as connection:  # as the retention job or the navigator's erasure does
        connection.execute(text("DELETE FROM events"))
    assert run(store.retrieve("p3")) is None
    assert len(store.cache) == 0


def test_erasure_forgets_the_conversation(stores: list[EncryptedSQLTrackerStore]) -> None:
    store = stores[0]
    tracker = saved(store, "p4", "my name is Ann")
    tracker.update(SlotSet(ERASE_SLOT, True))
    run(store.save(tracker))
    assert run(store.retrieve("p4")) is None and len(store.cache) == 0


def test_a_new_session_is_read_as_rasa_reads_it(
    stores: list[EncryptedSQLTrackerStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = stores[0]
    tracker = saved(store, "p5", "first visit")
    for event in session("second visit"):
        tracker.update(event)
    run(store.save(tracker))
    assert texts(run(store.retrieve("p5"))) == ["second visit"]  # the latest session only
    assert texts(run(store.retrieve_full_tracker("p5"))) == ["first visit", "second visit"]
    decrypts = counting_decrypts(monkeypatch)
    assert texts(run(store.retrieve("p5"))) == ["second visit"] and decrypts == [0]  # kept since


def test_without_the_cache_the_same_is_read(
    stores: list[EncryptedSQLTrackerStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    store = EncryptedSQLTrackerStore(domain=DOMAIN, host=str(stores[0].engine.url.render_as_string(False)))
    try:
        run(stores[0].save(DialogueStateTracker.from_events("p6", session("hi", "yes"))))
        assert texts(run(store.retrieve("p6"))) == ["hi", "yes"] and len(store.cache) == 0
    finally:
        store.engine.dispose()


def test_an_sqlite_tracker_store_uses_wal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    store = EncryptedSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    finally:
        store.engine.dispose()
