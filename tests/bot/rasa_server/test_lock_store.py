"""The Redis lock store serves one holder at a time across servers, in ticket order.

Each "server" here is a thread with its own event loop and its own Redis connection,
as two Rasa replicas have. Skips with the reason when Redis is not reachable.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_server.lock_store import AtomicRedisLockStore
from bot.startup.cluster import redis_env, redis_problem

SERVERS = 4
TURNS = 25


@pytest.fixture
def redis_config() -> Iterator[EndpointConfig]:
    """The cluster's lock store configuration, under a key prefix of this test's own."""
    env = redis_env(key_prefix=f"test{uuid.uuid4().hex[:8]}")
    problem = redis_problem(env)
    if problem:
        pytest.skip(problem)
    config = EndpointConfig(
        url=env["REDIS_HOST"],
        type="bot.rasa_server.lock_store.AtomicRedisLockStore",
        port=env["REDIS_PORT"],
        db=env["REDIS_DB"],
        key_prefix=env["REDIS_KEY_PREFIX"],
    )
    yield config
    client = redis.Redis(host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]), db=int(env["REDIS_DB"]))
    left = list(client.scan_iter(f"{env['REDIS_KEY_PREFIX']}:*"))
    if left:
        client.delete(*left)
    client.close()


def new_store(config: EndpointConfig) -> AtomicRedisLockStore:
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    return store


def test_servers_racing_for_one_conversation_never_overlap(redis_config: EndpointConfig) -> None:
    shared = {"count": 0, "inside": 0, "overlaps": 0}

    async def turns(store: AtomicRedisLockStore) -> None:
        for _ in range(TURNS):
            async with store.lock("chat"):
                shared["inside"] += 1
                shared["overlaps"] += shared["inside"] > 1
                count = shared["count"]
                await asyncio.sleep(0.001)  # a read-modify-write across a pause, as a turn is
                shared["count"] = count + 1
                shared["inside"] -= 1

    threads = [threading.Thread(target=asyncio.run, args=(turns(new_store(redis_config)),)) for _ in range(SERVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert shared == {"count": SERVERS * TURNS, "inside": 0, "overlaps": 0}
    assert new_store(redis_config).get_lock("chat") is None  # the last one out removed the lock


def test_tickets_are_served_in_the_order_they_were_issued(redis_config: EndpointConfig) -> None:
    first, second = new_store(redis_config), new_store(redis_config)
    served: list[str] = []

    async def scenario() -> None:
        async def take(store: AtomicRedisLockStore, name: str, hold_s: float) -> None:
            async with store.lock("chat"):
                served.append(name)
                await asyncio.sleep(hold_s)

        one = asyncio.create_task(take(first, "one", 0.2))
        await asyncio.sleep(0.05)
        two = asyncio.create_task(take(second, "two", 0))
        await asyncio.sleep(0.05)
        three = asyncio.create_task(take(first, "three", 0))
        await asyncio.gather(one, two, three)

    asyncio.run(scenario())
    assert served == ["one", "two", "three"]


def test_a_crashed_holder_blocks_the_conversation_only_for_the_lock_lifetime(redis_config: EndpointConfig) -> None:
    crashed, alive = new_store(redis_config), new_store(redis_config)
    crashed.issue_ticket("chat", lock_lifetime=0.3)  # taken, never given back

    async def next_turn() -> float:
        started = time.monotonic()
        async with alive.lock("chat", lock_lifetime=0.3):
            return time.monotonic() - started

    waited = asyncio.run(next_turn())
    assert 0.2 < waited < 5
    assert alive.get_lock("chat") is None


def test_a_waiting_ticket_stays_alive_but_a_silent_one_lapses(redis_config: EndpointConfig) -> None:
    store = new_store(redis_config)
    holder = store.issue_ticket("chat", lock_lifetime=30)
    waiter = store.issue_ticket("chat", lock_lifetime=0.2)
    assert store.tickets_before("chat", holder) == 0
    assert store.tickets_before("chat", waiter, lock_lifetime=0.2) == 1
    time.sleep(0.4)  # the waiter did not look for longer than its lifetime
    assert store.tickets_before("chat", waiter, lock_lifetime=0.2) == -1
    lock = store.get_lock("chat")
    assert lock is not None and [t.number for t in lock.tickets] == [holder]
    store.finish_serving("chat", holder)
    assert store.get_lock("chat") is None


def test_conversations_do_not_wait_for_each_other(redis_config: EndpointConfig) -> None:
    store = new_store(redis_config)

    async def scenario() -> list[str]:
        order: list[str] = []

        async def take(chat: str, hold_s: float) -> None:
            async with store.lock(chat):
                await asyncio.sleep(hold_s)
                order.append(chat)

        await asyncio.gather(take("slow", 0.3), take("quick", 0))
        return order

    assert asyncio.run(scenario()) == ["quick", "slow"]


def test_redis_down_is_a_lock_error_not_a_hang() -> None:
    store = AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=1, db=0))

    async def turn() -> None:
        async with store.lock("chat"):
            pass

    with pytest.raises(LockError):
        asyncio.run(turn())


def test_writing_a_whole_lock_from_python_is_refused(redis_config: EndpointConfig) -> None:
    store = new_store(redis_config)
    ticket = store.issue_ticket("chat")
    lock = store.get_lock("chat")
    assert lock is not None
    with pytest.raises(LockError):
        store.save_lock(lock)
    store.cleanup("chat", ticket)
    assert not store.is_someone_waiting("chat")
