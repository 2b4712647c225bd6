"""Sending Rasa's messages: plain text, split when too long, keyboards remembered, typing shown."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from telegram import InlineKeyboardMarkup

from bot.telegram import replies
from bot.telegram.keyboards import Choice, resolve
from bot.telegram.rasa_client import BotMessage, Button
from bot.telegram.replies import send_replies, split_text, typing
from bot.telegram.texts import load_texts

TEXTS = load_texts()


class StubBot:
    """Records what would go to Telegram."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.actions: list[str] = []

    async def send_message(self, **kwargs: Any) -> SimpleNamespace:
        self.sent.append(kwargs)
        return SimpleNamespace(message_id=100 + len(self.sent))

    async def send_chat_action(self, chat_id: int, action: str) -> bool:
        self.actions.append(action)
        return True


def test_split_text_keeps_short_text_whole() -> None:
    assert split_text("Hello") == ["Hello"]
    assert split_text("   ") == []


def test_split_text_cuts_at_line_breaks_then_spaces() -> None:
    text = "a" * 30 + "\n" + "b" * 30
    assert split_text(text, limit=40) == ["a" * 30, "b" * 30]
    assert (
        split_text("word " * 20, limit=22)
        == ["word word word word", "word word word word"] + ["word word word word"] * 3
    )
    assert split_text("x" * 50, limit=20) == ["x" * 20, "x" * 20, "x" * 10]  # no space: a hard cut
    assert "".join(split_text("x" * 9000)) == "x" * 9000


async def test_messages_go_out_in_order_as_plain_text_with_the_keyboard_last() -> None:
    bot = StubBot()
    chat_data: dict = {}
    messages = [
        BotMessage("<b>Hello</b> *there*"),
        BotMessage("Question 1 of 12.", [Button("1+", '/answer{"choice": "1+"}'), Button("Not sure", "/n")]),
    ]
    sent = await send_replies(bot, 5, messages, chat_data, TEXTS)  # type: ignore[arg-type]
    assert sent == 2
    assert [m["text"] for m in bot.sent] == ["<b>Hello</b> *there*", "Question 1 of 12."]
    assert all("parse_mode" not in m for m in bot.sent)
    assert bot.sent[0]["reply_markup"] is None
    assert isinstance(bot.sent[1]["reply_markup"], InlineKeyboardMarkup)
    assert resolve(chat_data, 102, '/answer{"choice": "1+"}') == Choice('/answer{"choice": "1+"}', "1+")


async def test_a_new_turn_expires_the_old_keyboards() -> None:
    bot = StubBot()
    chat_data: dict = {}
    await send_replies(bot, 5, [BotMessage("Q1", [Button("Yes", "/affirm")])], chat_data, TEXTS)  # type: ignore[arg-type]
    await send_replies(bot, 5, [BotMessage("What is your name?")], chat_data, TEXTS)  # type: ignore[arg-type]
    assert resolve(chat_data, 101, "/affirm") is None


async def test_long_button_words_are_written_out_and_a_long_text_split() -> None:
    bot = StubBot()
    long_title = "Heart attack, heart failure, uneven heartbeat, chest pain needing medicine, or a bad heart valve"
    message = BotMessage("x " * 2500, [Button(long_title, "/heart"), Button("None of these", "/none")])
    await send_replies(bot, 5, [message], {}, TEXTS)  # type: ignore[arg-type]
    assert len(bot.sent) == 2 and all(len(m["text"]) <= 4096 for m in bot.sent)
    assert bot.sent[0]["reply_markup"] is None and bot.sent[1]["reply_markup"] is not None
    assert bot.sent[1]["text"].endswith(f"{TEXTS.all_choices}\n- {long_title}\n- None of these")


async def test_buttons_without_text_still_get_words() -> None:
    bot = StubBot()
    await send_replies(bot, 5, [BotMessage("", [Button("Yes", "/affirm")])], {}, TEXTS)  # type: ignore[arg-type]
    assert bot.sent[0]["text"] == f"{TEXTS.all_choices}\n- Yes"


async def test_typing_is_shown_at_once_and_repeated_while_waiting(monkeypatch: Any) -> None:
    monkeypatch.setattr(replies, "TYPING_EVERY_S", 0.05)
    bot = StubBot()
    async with typing(bot, 5):  # type: ignore[arg-type]
        assert bot.actions == ["typing"]  # before anything is awaited
        await asyncio.sleep(0.18)
    count = len(bot.actions)
    assert count >= 3 and set(bot.actions) == {"typing"}
    await asyncio.sleep(0.1)
    assert len(bot.actions) == count  # stopped with the block
