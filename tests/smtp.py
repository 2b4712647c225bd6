"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives; it can stall on request."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd handler keeping every message; it may hold the first RCPT for a while before accepting."""

    def __init__(self, stall_first_rcpt_s: float = 0.0) -> None:
        self.messages: list[Message] = []
        self.rcpt_seen = threading.Event()  # set when a client names its first recipient
        self._stall_s = stall_first_rcpt_s

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        """Accept the recipient, after the one stall asked for (a server slow to answer)."""
        self.rcpt_seen.set()
        stall, self._stall_s = self._stall_s, 0.0
        if stall:
            await asyncio.sleep(stall)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        """Keep the message (headers decoded: a Chinese subject reads as written)."""
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def subjects(self) -> list[str]:
        """The subject of every message received, in order."""
        return [str(m["Subject"]) for m in self.messages]

    def wait_for(self, count: int, timeout: float) -> list[Message]:
        """Wait (bounded) until at least `count` messages are here; return them."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return list(self.messages)

    def wait_for_subject(self, subject: str, timeout: float, then: float = 1.5) -> list[str]:
        """Wait (bounded) for a message with this subject, then `then` seconds more (for any copy); the subjects."""
        deadline = time.monotonic() + timeout
        while subject not in self.subjects() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(then)
        return self.subjects()


@contextmanager
def smtp_server(port: int, stall_first_rcpt_s: float = 0.0) -> Iterator[Inbox]:
    """An SMTP server on 127.0.0.1:port until the block ends."""
    inbox = Inbox(stall_first_rcpt_s)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
