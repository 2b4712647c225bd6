"""Issue 15: a Telegram user's language_code goes to Rasa as the language hint, and the front end's own
words (/start's note on both languages, errors, help) are in that language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from telegram import Chat, Message, Update, User

from bot.telegram.handlers import FrontEnd
from bot.telegram.rasa_client import RasaClient
from bot.telegram.texts import Texts, available_languages, language_of, load_all, load_texts
from tests.telegram.test_replies import StubBot

CHAT_ID = 4242
ENGLISH = load_texts("en")
# Chinese words for the mechanics under test, whatever texts/zh.yml holds today.
CHINESE = dataclasses.replace(
    ENGLISH,
    help="我是自动助手，不是真人。",
    unavailable="抱歉，现在连不上助手。请稍后再试。",
    languages="您可以用中文或英文聊天。随时发送“中文”或“English”，就能切换。",
    commands={"start": "开始", "restart": "重新开始", "delete": "删除我的数据", "help": "说明"},
)


class Rasa:
    """Rasa's REST channel: records each body, answers `reply` (or refuses)."""

    def __init__(self, reply: list[dict[str, str]], up: bool = True) -> None:
        self.reply, self.up = reply, up
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        self.bodies.append(json.loads(request.content))
        return httpx.Response(200, json=self.reply)

    def front_end(self) -> FrontEnd:
        client = RasaClient("http://rasa", transport=httpx.MockTransport(self))
        return FrontEnd(client, {"en": ENGLISH, "zh": CHINESE})


def a_message(text: str, language_code: str | None) -> Update:
    chat = Chat(CHAT_ID, Chat.PRIVATE)
    user = User(CHAT_ID, "Mei", is_bot=False, language_code=language_code)
    return Update(91, message=Message(7, dt.datetime.now(dt.timezone.utc), chat, from_user=user, text=text))


async def turn(front_end: FrontEnd, handler: str, update: Update) -> list[str]:
    bot = StubBot()
    await getattr(front_end, handler)(update, SimpleNamespace(bot=bot, chat_data={}))
    await front_end.close(None)  # type: ignore[arg-type]
    return [m["text"] for m in bot.sent]


@pytest.mark.parametrize(
    ("code", "language"),
    [("zh-hans", "zh"), ("zh-CN", "zh"), ("zh_TW", "zh"), ("zh", "zh"), ("en", "en"), ("ru", "en"), ("", "en")]
    + [(None, "en")],
)
def test_language_codes(code: str | None, language: str) -> None:
    assert language_of(code) == language


@pytest.mark.parametrize(
    ("code", "hint"), [("zh-hans", {"language": "zh"}), ("en-US", {"language": "en"}), (None, None)]
)
async def test_the_language_code_goes_to_rasa_as_the_hint(code: str | None, hint: dict[str, str] | None) -> None:
    rasa = Rasa([{"text": "Question 2 of 12."}])
    assert await turn(rasa.front_end(), "text", a_message("1+", code)) == ["Question 2 of 12."]
    assert rasa.bodies == [{"sender": f"telegram:{CHAT_ID}", "message": "1+"} | ({"metadata": hint} if hint else {})]


async def test_start_greets_then_tells_both_languages_in_the_user_s_language() -> None:
    rasa = Rasa([{"text": "您好！我是自动助手，不是真人。"}])
    said = await turn(rasa.front_end(), "start", a_message("/start", "zh-hans"))
    assert said == ["您好！我是自动助手，不是真人。", CHINESE.languages]
    assert rasa.bodies[0]["message"] == "/greet" and rasa.bodies[0]["metadata"] == {"language": "zh"}


async def test_start_in_english_names_both_languages_and_how_to_switch() -> None:
    said = await turn(Rasa([{"text": "Hello!"}]).front_end(), "start", a_message("/start", None))
    assert said == ["Hello!", ENGLISH.languages]
    for words in ('"English"', '"中文"', "“中文”", "“English”"):
        assert words in ENGLISH.languages


async def test_start_with_rasa_down_says_only_that_in_the_user_s_language() -> None:
    said = await turn(Rasa([], up=False).front_end(), "start", a_message("/start", "zh-CN"))
    assert said == [CHINESE.unavailable]


async def test_help_is_in_the_user_s_language() -> None:
    front_end = Rasa([]).front_end()
    assert await turn(front_end, "help", a_message("/help", "zh-hans")) == [CHINESE.help]
    assert await turn(Rasa([]).front_end(), "help", a_message("/help", "fr")) == [ENGLISH.help]


async def test_a_language_without_texts_gets_the_default() -> None:
    front_end = FrontEnd(RasaClient("http://rasa"), ENGLISH)
    assert await turn(front_end, "help", a_message("/help", "zh-hans")) == [ENGLISH.help]


async def test_the_command_menu_is_set_for_each_language() -> None:
    calls: list[tuple[list[str], dict[str, Any]]] = []

    class MenuBot:
        async def set_my_commands(self, commands: list[Any], **scope: Any) -> bool:
            calls.append(([c.description for c in commands], scope))
            return True

    await Rasa([]).front_end().set_command_menu(SimpleNamespace(bot=MenuBot()))  # type: ignore[arg-type]
    assert calls == [
        (list(ENGLISH.commands.values()), {}),
        (list(CHINESE.commands.values()), {"language_code": "zh"}),
    ]


def test_every_language_file_loads_complete() -> None:
    texts = load_all()
    assert set(texts) == set(available_languages()) and "en" in texts
    assert all(isinstance(t, Texts) and t.languages for t in texts.values())
