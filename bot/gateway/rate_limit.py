"""Token buckets per key (a session, an address): bursts allowed, a steady rate enforced."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    """`allow(key)` is False once a key has used its burst faster than the refill rate.

    Keys are kept in least-recently-used order and at most `max_keys` are held, so
    memory stays bounded however many senders arrive. Checking is O(1) and never
    waits: one sender over its limit slows nobody else.
    """

    def __init__(
        self, burst: int, per_second: float, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = float(burst)
        self.per_second = per_second
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Take one token from the key's bucket if there is one."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    def retry_after(self, key: str) -> int:
        """Whole seconds until the key has a token again."""
        tokens, _ = self._buckets.get(key, (self.burst, 0.0))
        missing = max(0.0, 1.0 - tokens)
        return max(1, int(missing / self.per_second + 0.999))
