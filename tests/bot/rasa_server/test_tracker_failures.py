"""A failing tracker store fails the turn (bot/rasa_server/tracker_failures.py), not Rasa starting over in memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_server import tracker_failures


class DatabaseDown(InMemoryTrackerStore):
    """A tracker store whose database does not answer."""

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise ConnectionError("the database is restarting")

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise ConnectionError("the database is restarting")


@pytest.fixture
def patched() -> Iterator[None]:
    saved = (FailSafeTrackerStore.on_tracker_store_error, FailSafeTrackerStore.on_tracker_store_retrieve_error)
    tracker_failures.apply()
    yield
    FailSafeTrackerStore.on_tracker_store_error, FailSafeTrackerStore.on_tracker_store_retrieve_error = saved


async def test_stock_rasa_reads_a_failure_as_no_conversation_and_keeps_the_turn_in_memory() -> None:
    store = FailSafeTrackerStore(DatabaseDown(Domain.empty()))
    assert await store.retrieve("patient") is None  # so Rasa would greet them as someone new
    await store.save(DialogueStateTracker("patient", []))
    assert await store.fallback_tracker_store.retrieve("patient") is not None  # kept in memory only


async def test_with_the_patch_the_failure_reaches_the_channel_and_nothing_is_kept(patched: None) -> None:
    store = FailSafeTrackerStore(DatabaseDown(Domain.empty()))
    with pytest.raises(ConnectionError):
        await store.retrieve("patient")
    with pytest.raises(ConnectionError):
        await store.save(DialogueStateTracker("patient", []))
    assert await store.fallback_tracker_store.retrieve("patient") is None
