"""While Rasa or the action server is restarting, a Telegram patient is told so kindly (texts/en.yml)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from bot.startup.status import StatusFile, write_status
from bot.telegram.handlers import FrontEnd
from bot.telegram.rasa_client import RasaClient
from tests.telegram.test_logs import CHAT_ID, TEXTS, a_message
from tests.telegram.test_replies import StubBot

ACTIONS_HEALTH = "http://actions/health"


class Servers:
    """Rasa (answers `reply`, or refuses) and the action server's /health (up or refusing)."""

    def __init__(self, reply: list[dict[str, str]], rasa_up: bool = True, actions_up: bool = True) -> None:
        self.reply, self.rasa_up, self.actions_up = reply, rasa_up, actions_up
        self.forwarded: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions":
            if not self.actions_up:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200)
        if not self.rasa_up:
            raise httpx.ConnectError("refused", request=request)
        self.forwarded.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=self.reply)

    def front_end(self, status: StatusFile) -> FrontEnd:
        transport = httpx.MockTransport(self)
        return FrontEnd(RasaClient("http://rasa", transport=transport), TEXTS, status, ACTIONS_HEALTH, transport)


def status_file(tmp_path: Path, state: str | None) -> StatusFile:
    path = tmp_path / "processes.json"
    if state is not None:
        processes = [{"name": "action server", "state": state, "pid": 1, "restarts": 1}]
        write_status(path, {"launcher_pid": 1, "updated_at": "T", "processes": processes})
    return StatusFile(path)


async def say(front_end: FrontEnd, text: str) -> list[str]:
    bot = StubBot()
    await front_end.text(a_message(text), SimpleNamespace(bot=bot, chat_data={}))  # type: ignore[arg-type]
    await front_end.close(None)  # type: ignore[arg-type]
    return [m["text"] for m in bot.sent if m["chat_id"] == CHAT_ID]


async def test_a_restart_under_way_is_said_and_nothing_is_forwarded(tmp_path: Path) -> None:
    servers = Servers([{"text": "Question 2 of 12."}])
    assert await say(servers.front_end(status_file(tmp_path, "starting")), "1+") == [TEXTS.restarting]
    assert servers.forwarded == []
    assert TEXTS.restarting.startswith("The assistant is starting again. Please try again in a minute.")


async def test_no_reply_with_the_action_server_down_is_said_as_restarting(tmp_path: Path) -> None:
    servers = Servers([], actions_up=False)
    assert await say(servers.front_end(status_file(tmp_path, None)), "1+") == [TEXTS.restarting]


@pytest.mark.parametrize(
    ("state", "said"),
    [
        (None, "unavailable"),  # no launcher (systemd, say): nothing says it comes back
        ("failed", "unavailable"),  # a crash loop: the launcher gave up on it
        ("up", "restarting"),  # supervised, and it died a moment ago: the launcher has not noticed yet
    ],
)
async def test_rasa_down_is_restarting_only_when_a_launcher_will_start_it_again(
    tmp_path: Path, state: str | None, said: str
) -> None:
    servers = Servers([], rasa_up=False)
    assert await say(servers.front_end(status_file(tmp_path, state)), "hi") == [getattr(TEXTS, said)]


async def test_replies_pass_when_everything_is_up(tmp_path: Path) -> None:
    servers = Servers([{"text": "Question 2 of 12."}])
    assert await say(servers.front_end(status_file(tmp_path, "up")), "1+") == ["Question 2 of 12."]
