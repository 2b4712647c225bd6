"""The load generator: simulated patients holding whole conversations at once (asyncio + httpx).

A target is where the messages go: our gateway (a web session, then /api/chat) or a Rasa
server's REST channel (the stock bot). `run_level` keeps exactly `concurrency` conversations
going until `conversations` of them are done, and times every turn.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Protocol

import httpx

TURN_TIMEOUT_S = 120.0
BUSY = "the assistant is busy"  # the gateway's error when admission control turns a patient away


class Refused(Exception):
    """The gateway said it is busy (HTTP 503 with Retry-After): the patient is asked to come back later."""


class Target(Protocol):
    """Opens a conversation and sends its turns; a turn answers True when it succeeded."""

    async def open(self, client: httpx.AsyncClient) -> str:
        """Start a conversation; returns what identifies it to `turn`."""
        ...

    async def turn(self, client: httpx.AsyncClient, conversation: str, message: str) -> bool:
        """Send one patient message; True when the bot answered."""
        ...


@dataclass(frozen=True)
class GatewayTarget:
    """Our bot as a web patient reaches it: POST /api/session once, then /api/chat per turn."""

    url: str

    async def open(self, client: httpx.AsyncClient) -> str:
        """A new signed web session."""
        reply = await client.post(f"{self.url}/api/session")
        reply.raise_for_status()
        return str(reply.json()["session"])

    async def turn(self, client: httpx.AsyncClient, conversation: str, message: str) -> bool:
        """One message through the gateway; True on 200 with messages; Refused when it is busy."""
        reply = await client.post(f"{self.url}/api/chat", json={"session": conversation, "message": message})
        if reply.status_code == 503 and "Retry-After" in reply.headers and reply.json().get("error") == BUSY:
            raise Refused()
        return reply.status_code == 200 and bool(reply.json().get("messages"))


@dataclass(frozen=True)
class RestTarget:
    """A Rasa server's REST channel, one sender id per conversation."""

    url: str

    async def open(self, client: httpx.AsyncClient) -> str:
        """A fresh sender id (nothing to ask the server)."""
        return f"bench-{uuid.uuid4().hex[:12]}"

    async def turn(self, client: httpx.AsyncClient, conversation: str, message: str) -> bool:
        """One message to the REST channel; True on 200 with a list (the stock bot may choose to say nothing)."""
        reply = await client.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": conversation, "message": message}
        )
        return reply.status_code == 200 and isinstance(reply.json(), list)


@dataclass
class LevelResult:
    """What one load level measured."""

    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)  # turns answered or failed, not refusals
    errors: int = 0
    answered: int = 0  # turns that succeeded
    seconds: float = 0.0
    conversations: list[str] = field(default_factory=list)  # the ones that finished every turn
    cpu_ms_per_turn: dict[str, float] = field(default_factory=dict)  # per server process, when measured
    refused_new: int = 0  # patients turned away at their first turn ("busy, come back later")
    refused_mid: int = 0  # patients turned away part-way through (admission control must avoid this)
    timeouts: int = 0  # turns the client gave up on after TURN_TIMEOUT_S (also counted as errors)

    @property
    def turns(self) -> int:
        """Turns sent, failed ones included."""
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        """Successful turns per second over the whole level."""
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float:
        """The turn latency below which `share` of the turns fall (nearest rank)."""
        return percentile(self.latencies_ms, share)


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank: the ceil(share x n)-th smallest); NaN for none.

    round() here once took the median of 5 values as the 2nd (Python rounds 2.5 to 2).
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = math.ceil(round(share * len(ordered), 9))  # round first: 0.99 x 100 is 99.00000000000001 in floats
    return ordered[min(len(ordered) - 1, max(0, rank - 1))]


@dataclass
class Pace:
    """How long a patient waits before each message: nothing, or about `think_s` seconds as people type.

    Each wait is drawn between half and one and a half times `think_s`; the first one between
    nothing and `think_s`, so that patients who come at once do not all type in step.
    """

    think_s: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def wait_s(self, first: bool) -> float:
        """The next wait, in seconds."""
        if self.think_s <= 0:
            return 0.0
        return self.rng.uniform(0.0, self.think_s) if first else self.rng.uniform(0.5, 1.5) * self.think_s

    async def think(self, first: bool) -> None:
        """Wait as the patient reads and types."""
        wait = self.wait_s(first)
        if wait:
            await asyncio.sleep(wait)


async def _conversation(
    client: httpx.AsyncClient, target: Target, script: tuple[str, ...], result: LevelResult, pace: Pace
) -> None:
    """One whole conversation; stops at the first failed turn (an error) or refusal (counted apart)."""
    try:
        conversation = await target.open(client)
    except (httpx.HTTPError, ValueError, KeyError):
        result.errors += 1
        return
    for number, message in enumerate(script):
        await pace.think(first=number == 0)
        started = time.perf_counter()
        try:
            ok = await target.turn(client, conversation, message)
        except Refused:
            if number == 0:
                result.refused_new += 1
            else:
                result.refused_mid += 1
            return
        except httpx.TimeoutException:
            ok = False
            result.timeouts += 1
        except (httpx.HTTPError, ValueError):
            ok = False
        result.latencies_ms.append((time.perf_counter() - started) * 1000)
        if not ok:
            result.errors += 1
            return
        result.answered += 1
    result.conversations.append(conversation)


async def run_level(
    target: Target,
    script: tuple[str, ...],
    concurrency: int,
    conversations: int,
    transport: httpx.AsyncBaseTransport | None = None,
    think_s: float = 0.0,
) -> LevelResult:
    """`conversations` whole conversations, `concurrency` of them at any time (transport: tests only).

    With `think_s`, each patient pauses about that long before each message (see Pace).
    """
    pace = Pace(think_s)
    result = LevelResult(concurrency)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(conversations):
        queue.put_nowait(number)
    limits = httpx.Limits(max_connections=concurrency + 5, max_keepalive_connections=concurrency + 5)

    async def patient(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            queue.get_nowait()
            await _conversation(client, target, script, result, pace)

    async with httpx.AsyncClient(timeout=TURN_TIMEOUT_S, limits=limits, transport=transport) as client:
        started = time.perf_counter()
        await asyncio.gather(*(patient(client) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result
