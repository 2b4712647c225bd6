"""Recent conversations' events, kept in the Rasa process between turns.

Without it every turn reads the whole conversation back from the database and decrypts
every event (in a py-spy profile under load, about a tenth of the Rasa server's time).
An entry holds the decrypted JSON of a conversation's events of its latest session and
the stamp they were read or written with: how many events there are, their lowest and
highest ids and their latest timestamp. The store checks the stamp against the database
on every use (one aggregate query), so a write by anyone else (another replica, an
erasure, the retention job) makes the store read the conversation in full again.

Patient text stays in memory no longer than it must: at most `size` conversations, none
idle for more than `idle_s` seconds, and an entry goes as soon as its stamp is stale.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_SIZE = 500
DEFAULT_IDLE_S = 30 * 60.0


@dataclass(frozen=True)
class Stamp:
    """What identifies the stored events of a conversation's latest session."""

    count: int
    first_id: int | None
    last_id: int | None
    last_timestamp: float | None

    def extended(self, ids: list[int], timestamps: list[float | None]) -> Stamp:
        """The stamp once events with these ids and timestamps are added."""
        if not ids:
            return self
        times = [t for t in (self.last_timestamp, *timestamps) if t is not None]
        first = self.first_id if self.first_id is not None else min(ids)
        return Stamp(self.count + len(ids), first, max(ids), max(times) if times else None)


@dataclass
class _Entry:
    stamp: Stamp
    events: list[str]
    used: float


@dataclass
class TrackerCache:
    """Events (decrypted JSON texts) by conversation key, least recently used first."""

    size: int = DEFAULT_SIZE
    idle_s: float = DEFAULT_IDLE_S
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[str, _Entry] = field(default_factory=OrderedDict)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, stamp: Stamp) -> list[str] | None:
        """A copy of the events kept under `key` if they are still the stored ones, else None."""
        self._sweep()
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.stamp != stamp:
            del self._entries[key]
            return None
        entry.used = self.clock()
        self._entries.move_to_end(key)
        return list(entry.events)

    def put(self, key: str, stamp: Stamp, events: list[str]) -> None:
        """Keep the events read from the store with this stamp."""
        if self.size <= 0:
            return
        self._entries[key] = _Entry(stamp, list(events), self.clock())
        self._entries.move_to_end(key)
        self._sweep()

    def extend(self, key: str, before: Stamp, after: Stamp, new: list[str]) -> None:
        """Add events just written; the entry goes unless it held exactly the `before` events."""
        entry = self._entries.get(key)
        if entry is None or entry.stamp != before:
            self._entries.pop(key, None)
            return
        entry.events += new
        entry.stamp, entry.used = after, self.clock()
        self._entries.move_to_end(key)

    def drop(self, key: str) -> None:
        """Forget a conversation (it was erased)."""
        self._entries.pop(key, None)

    def _sweep(self) -> None:
        """Drop entries idle too long, then the least recently used beyond `size`."""
        oldest = self.clock() - self.idle_s
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if entry.used >= oldest and len(self._entries) <= self.size:
                break
            del self._entries[key]
