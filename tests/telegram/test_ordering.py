"""Per-chat ordering: one chat's updates one after another, different chats side by side."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Chat, Message, Update

from bot.telegram.ordering import PerChatUpdateProcessor


def update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, dt.datetime.now(dt.timezone.utc), chat, text="x"))


async def run(updates: list[Update], pause: float) -> list[tuple[str, int]]:
    events: list[tuple[str, int]] = []

    async def handle(u: Update) -> None:
        events.append(("start", u.update_id))
        await asyncio.sleep(pause)
        events.append(("end", u.update_id))

    async with PerChatUpdateProcessor(8) as processor:
        await asyncio.gather(*(processor.process_update(u, handle(u)) for u in updates))
        assert not processor._locks  # nothing kept once the chats are idle
    return events


async def test_one_chat_runs_in_order_one_at_a_time() -> None:
    events = await run([update(1, 10), update(2, 10), update(3, 10)], 0.02)
    assert events == [("start", 1), ("end", 1), ("start", 2), ("end", 2), ("start", 3), ("end", 3)]


async def test_different_chats_overlap() -> None:
    events = await run([update(1, 10), update(2, 20)], 0.05)
    assert events[:2] == [("start", 1), ("start", 2)]


async def test_updates_without_a_chat_are_not_held_up() -> None:
    events = await run([Update(1), Update(2)], 0.05)
    assert events[:2] == [("start", 1), ("start", 2)]
