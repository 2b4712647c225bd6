"""The Telegram front end logs a keyed tag of the chat, never its id (a chat id identifies a person)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from types import SimpleNamespace

import httpx
import pytest
from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.error import NetworkError

from bot.store.crypto import Cipher
from bot.telegram.handlers import FrontEnd
from bot.telegram.logs import chat_tag
from bot.telegram.rasa_client import RasaClient
from bot.telegram.texts import load_texts
from tests.telegram.test_replies import StubBot

CHAT_ID = 987654321
TEXTS = load_texts()


class TypingFails(StubBot):
    """Records what would go to Telegram; the typing action fails (logged at DEBUG, with the chat)."""

    async def send_chat_action(self, chat_id: int, action: str) -> bool:
        raise NetworkError("typing failed")


def rasa(status: int = 200) -> RasaClient:
    """A Rasa client whose server answers every message with one text, or with an error status."""

    def answer(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["sender"] == f"telegram:{CHAT_ID}"
        return httpx.Response(status, json=[{"text": "Hello! I am an automated assistant."}])

    return RasaClient("http://rasa", transport=httpx.MockTransport(answer))


def a_message(text: str) -> Update:
    chat = Chat(CHAT_ID, Chat.PRIVATE)
    user = User(CHAT_ID, "Mei", is_bot=False)
    return Update(77, message=Message(5, dt.datetime.now(dt.timezone.utc), chat, from_user=user, text=text))


def all_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.levelname} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)


def test_the_tag_is_the_one_the_actions_log(data_key: Cipher) -> None:
    assert chat_tag(CHAT_ID) == data_key.pseudonym("log", f"telegram:{CHAT_ID}")[:12]
    assert chat_tag(CHAT_ID) != chat_tag(CHAT_ID + 1)
    assert chat_tag(None) == "-"


async def test_handling_an_update_logs_the_tag_and_never_the_chat_id(caplog: pytest.LogCaptureFixture) -> None:
    bot = TypingFails()
    context = SimpleNamespace(bot=bot, chat_data={}, error=None)
    caplog.set_level(logging.DEBUG)
    await FrontEnd(rasa(), TEXTS).text(a_message("hi"), context)  # type: ignore[arg-type]
    await FrontEnd(rasa(500), TEXTS).text(a_message("hi"), context)  # type: ignore[arg-type]
    await FrontEnd(rasa(), TEXTS).help(a_message("/help"), context)  # type: ignore[arg-type]
    press = Update(78, callback_query=CallbackQuery("1", User(CHAT_ID, "Mei", is_bot=False), "chat", data="old"))
    context.error = KeyError("boom")
    await FrontEnd(rasa(), TEXTS).on_error(press, context)  # type: ignore[arg-type]
    await FrontEnd(rasa(), TEXTS).on_error(a_message("hi"), context)  # type: ignore[arg-type]

    assert [m["chat_id"] for m in bot.sent].count(CHAT_ID) >= 3  # the bot did answer this chat
    logged = all_logged(caplog)
    assert {r.levelname for r in caplog.records} >= {"DEBUG", "INFO", "WARNING", "ERROR"}
    assert str(CHAT_ID) not in logged
    assert f"chat {chat_tag(CHAT_ID)} update 77: text forwarded, 1 message(s) back" in logged
    assert f"chat {chat_tag(CHAT_ID)} update 77: Rasa unavailable" in logged
    assert f"update 77 (chat {chat_tag(CHAT_ID)}) failed with KeyError" in logged
