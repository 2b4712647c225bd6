"""Admission control with a fake Rasa whose replies are held: new patients turned away kindly when full,
patients mid-screening wait their turn and go first."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.gateway.admission import Admission
from tests.gateway.fake_rasa import HOLD, FakeRasa, config, gateway_client, new_session, say


async def test_when_full_a_new_patient_is_turned_away_and_one_mid_screening_waits(tmp_path: Path) -> None:
    fake = FakeRasa()
    async with gateway_client(fake, config(tmp_path, max_in_flight=2, queue_wait_s=30.0)) as client:
        sessions = [await new_session(client) for _ in range(3)]
        for session in sessions:  # each has had a turn: mid-screening
            assert (await say(client, session, "hi")).status_code == 200
        held = [asyncio.create_task(say(client, s, HOLD)) for s in sessions[:2]]
        await fake.wait_held(2)
        waiting = asyncio.create_task(say(client, sessions[2], "1+"))
        newcomer = await say(client, await new_session(client), "hi")
        assert newcomer.status_code == 503
        assert newcomer.headers["Retry-After"] == "120"
        assert newcomer.json()["error"] == "the assistant is busy"
        assert "try again in a few minutes" in newcomer.json()["messages"][0]["text"]
        assert not waiting.done()  # in line, not refused
        fake.released.set()
        replies = await asyncio.wait_for(asyncio.gather(*held, waiting), timeout=10)
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert fake.messages.count("1+") == 1 and "hi" in fake.messages


async def test_a_patient_mid_screening_who_waits_too_long_is_told_to_try_again(tmp_path: Path) -> None:
    fake = FakeRasa()
    async with gateway_client(fake, config(tmp_path, max_in_flight=1, queue_wait_s=0.2)) as client:
        first, second = await new_session(client), await new_session(client)
        for session in (first, second):
            await say(client, session, "hi")
        held = asyncio.create_task(say(client, first, HOLD))
        await fake.wait_held(1)
        late = await say(client, second, "1+")
        fake.released.set()
        assert (await asyncio.wait_for(held, timeout=10)).status_code == 200
    assert (late.status_code, late.json()["error"]) == (503, "the assistant is busy")
    assert "1+" not in fake.messages


async def test_slots_go_to_the_line_first_then_to_anyone() -> None:
    admission = Admission(limit=1, wait_s=5.0)
    assert await admission.enter("a")  # a: first turn, a free slot
    admission.leave()
    assert await admission.enter("b")
    waiting = asyncio.create_task(admission.enter("a"))  # a is returning: waits
    await asyncio.sleep(0.01)
    assert admission.waiting == 1
    assert not await admission.enter("c")  # new: refused while anyone waits
    admission.leave()  # b's turn ends: the slot passes to a
    assert await asyncio.wait_for(waiting, timeout=5)
    assert admission.in_flight == 1
    admission.leave()
    assert admission.in_flight == 0
    assert await admission.enter("c")  # free again: a new patient is welcome


async def test_a_patient_who_leaves_the_line_gives_nothing_away() -> None:
    admission = Admission(limit=1, wait_s=5.0)
    for sender in ("a", "b"):
        assert await admission.enter(sender)
        admission.leave()
    assert await admission.enter("a")
    waiting = asyncio.create_task(admission.enter("b"))
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    admission.leave()
    assert (admission.in_flight, admission.waiting) == (0, 0)


async def test_the_line_is_bounded() -> None:
    admission = Admission(limit=1, wait_s=5.0, max_waiting=1)
    for sender in ("a", "b", "c"):
        assert await admission.enter(sender)
        admission.leave()
    assert await admission.enter("a")
    waiting = asyncio.create_task(admission.enter("b"))
    await asyncio.sleep(0.01)
    assert not await admission.enter("c")  # returning, but the line is full
    admission.leave()
    assert await asyncio.wait_for(waiting, timeout=5)
    admission.leave()


def test_senders_remembered_are_bounded() -> None:
    admission = Admission(limit=1, wait_s=1.0, remembered=2)
    for sender in ("a", "b", "c"):
        admission._remember(sender)
    assert [admission.returning(s) for s in ("a", "b", "c")] == [False, True, True]


async def test_after_a_gateway_restart_a_patient_from_before_waits_in_line_and_a_new_one_is_turned_away(
    tmp_path: Path,
) -> None:
    settings = config(tmp_path, max_in_flight=1, queue_wait_s=30.0)
    earlier = new_session_issued(settings.secret, time.time() - 600)  # chatting before the restart
    fake = FakeRasa()
    async with gateway_client(fake, settings) as client:  # a new gateway: it has seen nobody
        held = asyncio.create_task(say(client, await new_session(client), HOLD))
        await fake.wait_held(1)
        waiting = asyncio.create_task(say(client, earlier, "1+"))
        newcomer = await say(client, await new_session(client), "hi")
        assert (newcomer.status_code, newcomer.json()["error"]) == (503, "the assistant is busy")
        await asyncio.sleep(0.05)
        assert not waiting.done()  # in line, not turned away
        fake.released.set()
        replies = await asyncio.wait_for(asyncio.gather(held, waiting), timeout=10)
    assert [r.status_code for r in replies] == [200, 200]
    assert fake.messages.count("1+") == 1


def new_session_issued(secret: bytes, at: float) -> str:
    from bot.gateway.sessions import new_session as issue

    return issue(secret, clock=lambda: at)


def test_a_session_carries_the_time_it_was_issued_and_old_sessions_have_none() -> None:
    from bot.gateway.sessions import issued_at, sender_of
    from bot.gateway.sessions import new_session as issue

    session = issue(b"k" * 32, clock=lambda: 1_796_000_000.7)
    assert issued_at(session) == 1_796_000_000.0
    assert sender_of(b"k" * 32, session) == "web:" + session.split(".")[0]
    assert issued_at("AbCdEfGhIjKlMnOpQrStUvWx.sig") is None  # 24 random characters: issued before times were kept
    assert issued_at("zzzzzzzz" + "A" * 24 + ".sig") is None
