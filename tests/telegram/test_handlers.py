"""The error handler and the log: failures logged by type and place, never their words; a kind reply."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Chat, Message, Update
from telegram.error import NetworkError

from bot.telegram.handlers import FrontEnd
from bot.telegram.logs import RedactToken, chat_tag
from bot.telegram.rasa_client import RasaClient
from bot.telegram.texts import load_texts

TEXTS = load_texts()


class StubBot:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_message(self, **kwargs: Any) -> None:
        self.sent.append(kwargs)


def failure(message: str) -> Exception:
    try:
        raise KeyError(message)
    except KeyError as error:
        return error


def front_end() -> FrontEnd:
    return FrontEnd(RasaClient("http://127.0.0.1:9"), TEXTS)


def an_update(chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(77, message=Message(5, dt.datetime.now(dt.timezone.utc), chat, text="I had Herceptin in 2019"))


async def test_error_is_logged_without_its_words_and_the_patient_gets_a_kind_reply(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = StubBot()
    context = SimpleNamespace(error=failure("I had Herceptin in 2019"), bot=bot)
    with caplog.at_level(logging.INFO):
        await front_end().on_error(an_update(31), context)  # type: ignore[arg-type]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert f"update 77 (chat {chat_tag(31)}) failed with KeyError" in logged
    assert "test_handlers.py" in logged  # where it happened
    assert "Herceptin" not in logged  # not what it said
    assert bot.sent == [{"chat_id": 31, "text": TEXTS.error}]


async def test_a_network_error_without_an_update_is_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    bot = StubBot()
    context = SimpleNamespace(error=NetworkError("httpx.ConnectError"), bot=bot)
    with caplog.at_level(logging.INFO):
        await front_end().on_error(None, context)  # type: ignore[arg-type]
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert bot.sent == []


def test_the_token_is_redacted_from_log_lines() -> None:
    token = "123456:SECRET-token"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s", (f"https://api/bot{token}/getMe",), None)
    assert RedactToken(token).filter(record)
    assert record.getMessage() == "POST https://api/bot<token>/getMe"
