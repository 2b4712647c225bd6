"""A fake Telegram Bot API server on loopback, for tests: records every call, serves queued updates.

It implements what the bot calls (getMe, deleteWebhook, setWebhook, setMyCommands,
getUpdates as a short long-poll, sendMessage, sendChatAction, answerCallbackQuery,
editMessageText, editMessageReplyMarkup) with the shapes python-telegram-bot parses,
and answers `{"ok": false}` to any other method so a missing one shows up.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from bot.bench.loopback import LoopbackServer

BOT_ID = 7000001
MAX_POLL_S = 0.5  # getUpdates waits at most this long, so the bot stops quickly
JSON_FIELDS = ("reply_markup", "allowed_updates", "commands", "link_preview_options", "reply_parameters")


@dataclass
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        """The chat the call is about, when it names one."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


def _user(user_id: int, is_bot: bool = False) -> dict[str, Any]:
    return {"id": user_id, "is_bot": is_bot, "first_name": "Screening bot" if is_bot else "Patient"}


def _chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Patient"}


class FakeBotApi(LoopbackServer):
    """The fake server: start(), queue updates, read the calls, stop()."""

    def __init__(self, token: str):
        self.token = token
        self.calls: list[Call] = []
        self.unknown: list[str] = []  # methods the fake does not implement, if the bot called any
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message id) -> Message
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1001)
        self._callback_ids = itertools.count(1)
        self._changed = threading.Condition()
        self.language_codes: dict[int, str] = {}  # chat id -> the patient's Telegram language_code, when set

    # --- what the test does ---------------------------------------------------------------------
    def next_update_id(self) -> int:
        """A fresh update id."""
        with self._changed:
            return next(self._update_ids)

    def queue(self, update: dict[str, Any]) -> int:
        """Queue one update (its update_id is set here); getUpdates hands it out."""
        with self._changed:
            update["update_id"] = self.next_update_id()
            self._updates.append(update)
            self._changed.notify_all()
            return int(update["update_id"])

    def _patient(self, chat_id: int) -> dict[str, Any]:
        """The patient as Telegram describes them: with their app's language_code when one is set."""
        code = self.language_codes.get(chat_id)
        return _user(chat_id) | ({"language_code": code} if code else {})

    def text_update(self, chat_id: int, text: str) -> dict[str, Any]:
        """An update with a patient's text message (a command when it starts with '/')."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": self._patient(chat_id),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": message}

    def location_update(self, chat_id: int) -> dict[str, Any]:
        """An update with something that is not text (a location)."""
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": self._patient(chat_id),
            "location": {"latitude": 31.2, "longitude": 121.5},
        }
        return {"message": message}

    def press_update(self, chat_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        """An update with a button press on a message the bot sent."""
        return {
            "callback_query": {
                "id": f"cb-{next(self._callback_ids)}",
                "from": self._patient(chat_id),
                "chat_instance": f"ci-{chat_id}",
                "message": message,
                "data": data,
            }
        }

    def calls_of(self, method: str, chat_id: int | None = None, since: int = 0) -> list[Call]:
        """The calls of one method (for one chat), from index `since` on."""
        with self._changed:
            return [c for c in self.calls[since:] if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        """Wait until predicate() holds (checked whenever a call arrives)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the bot did not do what was expected in time")
                self._changed.wait(min(left, 0.1))

    def wait_turn(self, chat_id: int, since: int, timeout: float = 30.0, quiet: float = 0.3) -> list[Call]:
        """Wait until the bot has sent a message to this chat after call `since` and then gone quiet."""

        def done() -> bool:
            mine = [c for c in self.calls[since:] if c.chat_id == chat_id]
            sent = any(c.method == "sendMessage" for c in mine)
            return sent and time.monotonic() - mine[-1].at >= quiet

        self.wait_for(done, timeout)
        with self._changed:
            return [c for c in self.calls[since:] if c.chat_id == chat_id]

    # --- the Bot API ------------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlparse(request.path)
        prefix = f"/bot{self.token}/"
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if not parsed.path.startswith(prefix):
            self._reply(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = parsed.path[len(prefix) :]
        params = self._params(request.headers.get("Content-Type", ""), body, parsed.query)
        handler = getattr(self, f"_api_{method}", None)
        with self._changed:
            self.calls.append(Call(method, params))
            self._changed.notify_all()
            if handler is None:
                self.unknown.append(method)
        if handler is None:
            self._reply(request, 404, {"ok": False, "error_code": 404, "description": f"Not Found: {method}"})
            return
        self._reply(request, 200, {"ok": True, "result": handler(params)})

    @staticmethod
    def _params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
        if "application/json" in content_type:
            params: dict[str, Any] = json.loads(body or b"{}")
        else:
            pairs = urllib.parse.parse_qsl(body.decode("utf-8") or query, keep_blank_values=True)
            params = dict(pairs)
            for name in JSON_FIELDS:
                if isinstance(params.get(name), str):
                    params[name] = json.loads(params[name])
        return params

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {**_user(BOT_ID, is_bot=True), "username": "screening_test_bot", "can_join_groups": False}

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), MAX_POLL_S)
        deadline = time.monotonic() + wait
        with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]  # older ones are confirmed
            while not self._updates and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return list(self._updates)

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": _user(BOT_ID, is_bot=True),
            "text": params["text"],
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        with self._changed:
            self.messages[(chat_id, message["message_id"])] = message
        return message

    def _edit(self, params: dict[str, Any], text: str | None) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._changed:
            message = dict(self.messages[key])
            if text is not None:
                message["text"] = text
            message.pop("reply_markup", None)
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            self.messages[key] = message
            return message

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return self._edit(params, params["text"])

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return self._edit(params, None)


def running_fake(token: str) -> Iterator[FakeBotApi]:
    """A started fake, stopped afterwards (for fixtures)."""
    fake = FakeBotApi(token).start()
    try:
        yield fake
    finally:
        fake.stop()
