"""Admission control: a bound on the turns in flight to Rasa, patients already mid-screening first.

At most `limit` turns are forwarded at once. When all slots are taken, a patient who has
already had a turn (mid-screening) waits in line, up to `wait_s` seconds, and is admitted
before anyone new; a new patient (no turn yet) is refused at once, so the gateway can tell
them kindly to come back later (HTTP 503 with Retry-After) instead of making everyone slow.

Which senders have had a turn is kept in memory (the most recent `remembered` of them). After
a gateway restart that memory is empty, so the caller also says when it knows a patient from
before (a web session issued before this gateway started: bot/gateway/sessions.py); such a
patient counts as returning.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque


class Admission:
    """Slots for turns, a line of waiting returning patients, and the senders seen."""

    def __init__(self, limit: int, wait_s: float, max_waiting: int = 200, remembered: int = 100_000) -> None:
        self.limit = limit
        self.wait_s = wait_s
        self.max_waiting = max_waiting
        self.remembered = remembered
        self.in_flight = 0
        self._line: deque[asyncio.Future[None]] = deque()
        self._seen: OrderedDict[str, None] = OrderedDict()

    def returning(self, sender: str) -> bool:
        """True when this sender has had a turn through this gateway."""
        return sender in self._seen

    def _remember(self, sender: str) -> None:
        self._seen[sender] = None
        self._seen.move_to_end(sender)
        while len(self._seen) > self.remembered:
            self._seen.popitem(last=False)

    @property
    def waiting(self) -> int:
        """How many returning patients wait for a slot."""
        return sum(1 for future in self._line if not future.done())

    async def enter(self, sender: str, known: bool = False) -> bool:
        """Take a slot for this sender's turn; False: refused (new and full, or waited too long).

        `known`: the caller knows this patient was chatting before (they count as returning).
        """
        if self.in_flight < self.limit and not self.waiting:
            self.in_flight += 1
            self._remember(sender)
            return True
        if not (known or self.returning(sender)) or self.waiting >= self.max_waiting:
            return False
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._line.append(future)
        try:
            await asyncio.wait_for(asyncio.shield(future), self.wait_s)
        except asyncio.TimeoutError:
            if future.done() and not future.cancelled():  # handed a slot just as the wait ran out
                self.leave()
            future.cancel()
            return False
        except asyncio.CancelledError:  # the patient went away while waiting
            if future.done() and not future.cancelled():
                self.leave()
            future.cancel()
            raise
        self._remember(sender)
        return True

    def leave(self) -> None:
        """The turn is over: hand its slot to the first in line, or free it."""
        while self._line:
            future = self._line.popleft()
            if not future.done():
                future.set_result(None)  # the slot passes on: in_flight stays the same
                return
        self.in_flight -= 1
