"""Conversation locks in Redis that hold across several Rasa servers.

Rasa Open Source's RedisLockStore reads a conversation's ticket list, changes it in
Python and writes it back. Two replicas doing that at the same moment can hand out the
same ticket or drop each other's, and then both handle a message of one conversation
at once: one of the two messages is lost from the tracker (RasaHQ/rasa#9213; the fix,
#11256, was reverted from Open Source). This lock store keeps Rasa's ticket order
(first come, first served) but takes every step in one Redis script, so it is atomic:

- a ticket's number comes from INCR, and it is filed in a sorted set by number;
- a ticket lapses `lock_lifetime` seconds after its holder last showed signs of life
  (a waiting server renews its ticket at every look; the serving one when it starts),
  by the Redis server's clock, so a crashed server blocks a conversation for at most that;
- the first live ticket is served; waiting servers look every `poll_s` seconds.

Use it in endpoints.cluster.yml as `type: bot.rasa_server.lock_store.AtomicRedisLockStore`, with the
same `url`, `port`, `db`, `password` and `key_prefix` as Rasa's `redis` type.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_POLL_S = 0.02

# KEYS: counter, queue (ticket -> its number), lapse (ticket -> when it lapses, ms)
# ARGV: the ticket's lifetime in ms, the keys' idle lifetime in ms
_NOW_MS = "local clock = redis.call('TIME') local now = clock[1] * 1000 + math.floor(clock[2] / 1000) "
_KEEP_KEYS = (  # lengthened, never shortened: a short-lived ticket must not take a long-lived one along
    "for i = 1, 3 do if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[2]) then "
    + "redis.call('PEXPIRE', KEYS[i], ARGV[2]) end end "
)
ISSUE = (
    _NOW_MS
    + "local ticket = redis.call('INCR', KEYS[1]) "
    + "redis.call('ZADD', KEYS[2], ticket, ticket) "
    + "redis.call('ZADD', KEYS[3], now + ARGV[1], ticket) "
    + _KEEP_KEYS
    + "return ticket"
)
# ARGV: lifetime ms, keys' lifetime ms, ticket. Returns -1 if the ticket lapsed, else how
# many live tickets are before it (0: its turn).
TURN = (
    _NOW_MS
    + "for _, lapsed in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do "
    + "redis.call('ZREM', KEYS[2], lapsed) redis.call('ZREM', KEYS[3], lapsed) end "
    + "if not redis.call('ZSCORE', KEYS[3], ARGV[3]) then return -1 end "
    + "redis.call('ZADD', KEYS[3], now + ARGV[1], ARGV[3]) "
    + _KEEP_KEYS
    + "return redis.call('ZRANK', KEYS[2], ARGV[3])"
)
# ARGV: ticket. Forgets it, and the whole lock once no ticket is left.
RELEASE = (
    "redis.call('ZREM', KEYS[2], ARGV[1]) redis.call('ZREM', KEYS[3], ARGV[1]) "
    + "if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end "
    + "return 0"
)


class AtomicRedisLockStore(LockStore):
    """Rasa's ticket lock, with each step one atomic Redis script."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        *,
        client: Any = None,
        key_prefix: str | None = None,
        poll_s: float = DEFAULT_POLL_S,
    ) -> None:
        """Connect as Rasa's `redis` lock store does (or use `client`, a redis.Redis)."""
        import redis

        options = dict(endpoint_config.kwargs) if endpoint_config else {}
        self.red = client or redis.Redis(
            host=(endpoint_config.url if endpoint_config else None) or "localhost",
            port=int(options.get("port") or 6379),
            db=int(options.get("db") or 1),
            username=options.get("username"),
            password=options.get("password"),
            socket_timeout=float(options.get("socket_timeout") or 10),
        )
        prefix = key_prefix if key_prefix is not None else options.get("key_prefix")
        self.key_prefix = f"{prefix}:lock:" if prefix else "lock:"
        self.poll_s = poll_s
        self._issue = self.red.register_script(ISSUE)
        self._turn = self.red.register_script(TURN)
        self._release = self.red.register_script(RELEASE)
        super().__init__()

    def _keys(self, conversation_id: str) -> list[str]:
        """The lock's three keys, in one hash slot should Redis run as a cluster."""
        tag = f"{self.key_prefix}{{{conversation_id}}}"
        return [f"{tag}:counter", f"{tag}:queue", f"{tag}:lapse"]

    @staticmethod
    def _lifetimes(lock_lifetime: float) -> list[int]:
        """A ticket's lifetime, and the keys' idle lifetime (twice as long), in milliseconds."""
        ms = max(1, int(lock_lifetime * 1000))
        return [ms, 2 * ms]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket, behind every ticket already issued for this conversation."""
        try:
            return int(self._issue(keys=self._keys(conversation_id), args=self._lifetimes(lock_lifetime)))
        except Exception as error:  # Redis down or refusing: Rasa expects a LockError
            raise LockError(f"Error while issuing a ticket: {error.__class__.__name__}") from error

    def tickets_before(self, conversation_id: str, ticket: int, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """How many live tickets are before this one (renewing it), or -1 when it has lapsed."""
        args = [*self._lifetimes(lock_lifetime), ticket]
        return int(self._turn(keys=self._keys(conversation_id), args=args))

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Wait for this conversation's turn, hold it for the block, then let the next one go.

        `wait_time_in_seconds` is Rasa's polling interval; this store polls every `poll_s`.
        """
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            while (before := self.tickets_before(conversation_id, ticket, lock_lifetime)) > 0:
                await asyncio.sleep(self.poll_s)
            if before < 0:
                raise LockError(f"The ticket for a conversation lapsed after {lock_lifetime} s of waiting.")
            yield TicketLock(conversation_id, deque([Ticket(ticket, time.time() + lock_lifetime)]))
        finally:
            self.finish_serving(conversation_id, ticket)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Forget the ticket, and the lock when no one else holds a ticket."""
        self._release(keys=self._keys(conversation_id), args=[ticket_number])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Rasa's name for finishing a ticket: the lock goes with the last ticket."""
        self.finish_serving(conversation_id, ticket_number)

    def is_someone_waiting(self, conversation_id: str) -> bool:
        """Whether any ticket for this conversation is still issued."""
        return bool(self.red.zcard(self._keys(conversation_id)[1]))

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """A snapshot of the conversation's tickets (number and lapse time), or None."""
        counter, queue, lapse = self._keys(conversation_id)
        lapses = {int(member): score / 1000 for member, score in self.red.zrange(lapse, 0, -1, withscores=True)}
        if not lapses:
            return None
        tickets = deque(Ticket(number, lapses[number]) for number in sorted(lapses))
        return TicketLock(conversation_id, tickets)

    def delete_lock(self, conversation_id: str) -> None:
        """Remove every ticket of the conversation (an operator's reset)."""
        self.red.delete(*self._keys(conversation_id))

    def save_lock(self, lock: TicketLock) -> None:
        """Not offered: a lock written whole from Python is the race this store removes."""
        raise LockError("AtomicRedisLockStore changes tickets only through its Redis scripts.")
