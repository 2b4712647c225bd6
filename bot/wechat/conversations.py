"""Each follower's messages in order: a queue per follower, worked one message at a time.

The callback is answered at once (`success`); the message waits here for its turn. A
follower's messages reach Rasa in the order they came and their replies are sent in that
order (a reply that fails to send holds the follower's later replies until it is sent or
given up, so none overtakes another). Different followers run side by side.

Rasa knows a follower only as `wechat:<keyed pseudonym of the OpenID>`; the OpenID itself
stays in this process's memory, to address the replies, and never reaches a log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field

import httpx

from bot.rasa_client import RasaClient, RasaUnavailable, action_server_up
from bot.startup.status import StatusFile
from bot.store.crypto import Cipher, log_tag
from bot.wechat.api import CustomerService
from bot.wechat.choices import choice_map, language_of_text, numbered, resolve
from bot.wechat.messages import NOT_TEXT, SUBSCRIBE, TEXT, UNSUBSCRIBE, Inbound
from bot.wechat.splitting import split_text
from bot.wechat.texts import DEFAULT_LANGUAGE, Texts, text

logger = logging.getLogger(__name__)

SENDER_PREFIX = "wechat:"
START_PAYLOAD = "/greet"  # what a new follower sends Rasa: the greeting, which asks consent first
LANGUAGE_HINT = "zh"  # a WeChat patient starts in Chinese ("English" still switches)
MAX_FOLLOWERS = 10_000  # followers whose live choices and language are remembered
MAX_WAITING = 20  # messages one follower may have waiting
MAX_ACTIVE = 2_000  # followers with messages waiting at once


def sender_id(cipher: Cipher, open_id: str) -> str:
    """Rasa's sender id of a follower: a keyed pseudonym of the OpenID, never the OpenID."""
    return SENDER_PREFIX + cipher.pseudonym("wechat", open_id)[:32]


@dataclass
class Follower:
    """What this process remembers of a follower: the live numbered choices and the language seen last."""

    choices: dict[str, str] = field(default_factory=dict)
    language: str = DEFAULT_LANGUAGE


class Conversations:
    """Queues each follower's messages and works them: Rasa's answer, then the replies sent in order."""

    def __init__(
        self,
        rasa: RasaClient,
        api: CustomerService,
        texts: Texts,
        cipher: Cipher,
        status: StatusFile | None = None,
        actions_health_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.rasa = rasa
        self.api = api
        self.texts = texts
        self.cipher = cipher
        self.status = status or StatusFile(None)
        self.actions_health_url = actions_health_url
        self.http = httpx.AsyncClient(timeout=3.0, transport=transport)
        self.followers: OrderedDict[str, Follower] = OrderedDict()
        self._queues: dict[str, asyncio.Queue[Inbound]] = {}
        self._workers: set[asyncio.Task[None]] = set()

    def tag(self, open_id: str) -> str:
        """The follower's tag for a log line: the one the action server logs for the same conversation."""
        return log_tag(self.cipher, sender_id(self.cipher, open_id))

    def has_room(self, open_id: str) -> bool:
        """True when a message of this follower can be queued now."""
        queue = self._queues.get(open_id)
        return queue.qsize() < MAX_WAITING if queue else len(self._queues) < MAX_ACTIVE

    def submit(self, message: Inbound) -> None:
        """Queue the message behind the follower's earlier ones (call `has_room` first)."""
        queue = self._queues.get(message.open_id)
        if queue is None:
            queue = self._queues[message.open_id] = asyncio.Queue()
            task = asyncio.create_task(self._work(message.open_id, queue))
            self._workers.add(task)
            task.add_done_callback(self._workers.discard)
        queue.put_nowait(message)

    async def idle(self) -> None:
        """Wait until every queued message is handled (for tests and a clean stop)."""
        while self._workers:
            await asyncio.gather(*list(self._workers), return_exceptions=True)

    async def _work(self, open_id: str, queue: asyncio.Queue[Inbound]) -> None:
        try:
            while not queue.empty():
                message = queue.get_nowait()
                try:
                    await self.handle(message)
                except Exception as error:  # one message's failure must not stop the follower's others
                    logger.error("chat %s: %s failed with %s", self.tag(open_id), message.detail, type(error).__name__)
        finally:
            del self._queues[open_id]

    def follower(self, open_id: str) -> Follower:
        """The follower's memory (the least recently seen are forgotten past MAX_FOLLOWERS)."""
        known = self.followers.pop(open_id, None) or Follower()
        self.followers[open_id] = known
        while len(self.followers) > MAX_FOLLOWERS:
            self.followers.popitem(last=False)
        return known

    async def handle(self, message: Inbound) -> None:
        """One message: text to Rasa, a new follower greeted, anything else asked to type."""
        tag = self.tag(message.open_id)
        if message.kind == UNSUBSCRIBE:
            self.followers.pop(message.open_id, None)
            logger.info("chat %s: unsubscribed", tag)
            return
        follower = self.follower(message.open_id)
        if message.kind == NOT_TEXT:
            logger.info("chat %s: %s message, asked to type", tag, message.detail)
            await self._send(message.open_id, text(self.texts, follower.language, "please_type"), tag)
            return
        if message.kind == SUBSCRIBE:
            sent = await self._turn(message.open_id, follower, START_PAYLOAD, tag, "subscribe")
            if sent:
                await self._send(message.open_id, text(self.texts, follower.language, "languages"), tag)
            return
        if message.kind == TEXT:
            chosen = resolve(message.text, follower.choices)
            await self._turn(message.open_id, follower, chosen or message.text, tag, "choice" if chosen else "text")
            return
        logger.info("chat %s: %s ignored", tag, message.detail)

    async def _turn(self, open_id: str, follower: Follower, said: str, tag: str, what: str) -> bool:
        """Send what the follower said to Rasa and Rasa's messages back; False when Rasa could not answer."""
        if self.status.restarting():
            logger.info("chat %s: held back, a restart is under way", tag)
            await self._send(open_id, text(self.texts, follower.language, "restarting"), tag)
            return False
        try:
            replies = await self.rasa.send(sender_id(self.cipher, open_id), said, LANGUAGE_HINT)
        except RasaUnavailable as error:
            logger.warning("chat %s: Rasa unavailable (%s)", tag, error)
            key = "restarting" if self.status.will_restart() else "unavailable"
            await self._send(open_id, text(self.texts, follower.language, key), tag)
            return False
        if not replies and not await action_server_up(self.http, self.actions_health_url):
            logger.warning("chat %s: the action server is down", tag)
            await self._send(open_id, text(self.texts, follower.language, "restarting"), tag)
            return False
        follower.choices = {}
        sent = 0
        for reply in replies:
            if reply.text:
                follower.language = language_of_text(reply.text)
            if reply.buttons:
                follower.choices = choice_map(reply.buttons)  # the latest question's choices are the live ones
            for piece in split_text(numbered(reply.text, reply.buttons)):
                sent += await self._send(open_id, piece, tag)
        logger.info("chat %s: %s forwarded, %d message(s) back", tag, what, sent)
        return True

    async def _send(self, open_id: str, content: str, tag: str) -> int:
        """1 when the text was sent, 0 when WeChat never took it (logged)."""
        return int(await self.api.send_text(open_id, content, tag))

    async def aclose(self) -> None:
        """Finish the queued messages (briefly), then close the connections."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.idle(), timeout=10.0)
        await self.http.aclose()
