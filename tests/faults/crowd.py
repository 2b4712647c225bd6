"""Scripted web patients chatting at once through the gateway, pressing send again when a turn fails.

A patient answers what the bot's last message asks (as a person reads the screen), so a turn that
was taken although its reply was lost does not put the script out of step: the patient simply
answers the question now shown. A failed turn (no connection, a 5xx, a 429, or an empty reply) is
sent again after a pause, a bounded number of times.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.e2e.patients import ELIGIBLE

ANSWERS = [a if isinstance(a, str) else a[0] for a in ELIGIBLE.values()]  # in the order the bot asks
QUESTION = re.compile(r"Question (\d+) of 12")
GREETING = "Is it OK to start the questions?"
REFERRAL = re.compile(r"referral number is (R-[A-Z0-9]+)")
RETRY_PAUSE_S = 1.0
MAX_TRIES_PER_TURN = 90  # a widget user pressing send again for a minute or two at most (a busy machine)
MAX_TURNS = 60


@dataclass
class Progress:
    """Turns answered by the whole crowd, for the fault to strike mid-load."""

    turns: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self) -> None:
        """One more turn answered."""
        with self.lock:
            self.turns += 1

    def wait_for(self, turns: int, timeout: float) -> None:
        """Wait (bounded) until the crowd answered this many turns."""
        deadline = time.monotonic() + timeout
        while self.turns < turns and time.monotonic() < deadline:
            time.sleep(0.05)


@dataclass
class CrowdPatient:
    """One web patient: an eligible screening, then consent to contact, details and 'yes, send it'."""

    gateway_url: str
    number: int
    session: str = ""
    sender: str = ""
    outcome_seen: bool = False
    referral: str | None = None
    retries: int = 0
    greetings: int = 0  # more than one: the conversation started over
    last_sent: str = "hi"
    last_reply: list[dict[str, Any]] = field(default_factory=list)

    def next_message(self) -> str | None:
        """What this patient says now, from the bot's last message; None when the screening is over."""
        text = "\n".join(m["text"] for m in self.last_reply)
        last = self.last_reply[-1]["text"] if self.last_reply else ""
        if match := REFERRAL.search(text):
            self.referral = match.group(1)
            return None
        if "may be able to join" in text or "not a match for you" in text or "study nurse" in text:
            self.outcome_seen = True
        if "only about this one study" in last or "I will not ask for your details" in last:
            return None  # not eligible, or no contact wanted: the screening is over
        steps = [
            ("Please check what I will send", "yes, send it"),
            ("When is a good time", "Morning"),
            ("What phone number or e-mail", f"patient{self.number}@example.org"),
            ("What is your name?", f"Patient Number{self.number}"),
            ("contact you?", "/affirm"),
            ("help you find what is missing?", "/affirm"),
            ("Is this right?", "yes"),
            (GREETING, "yes"),
        ]
        for words, answer in steps:
            if words in last:
                return answer
        if match := QUESTION.search(last):
            return ANSWERS[int(match.group(1)) - 1]
        return self.last_sent  # a reply cut short (a server died mid-turn): say it again

    def send(self, message: str, progress: Progress) -> None:
        """One turn, sent again (bounded) until the bot answers with something to read."""
        self.last_sent = message
        for _ in range(MAX_TRIES_PER_TURN):
            try:
                reply = requests.post(
                    f"{self.gateway_url}/api/chat", json={"session": self.session, "message": message}, timeout=60
                )
                if reply.status_code == 200 and reply.json()["messages"]:
                    self.last_reply = reply.json()["messages"]
                    self.greetings += any(GREETING in m["text"] for m in self.last_reply)
                    progress.add()
                    return
                assert reply.status_code in (200, 429, 503), (reply.status_code, reply.text[:300])
            except (requests.ConnectionError, requests.Timeout):
                pass
            self.retries += 1
            time.sleep(RETRY_PAUSE_S)
        raise AssertionError(f"patient {self.number}: no reply to a turn after {MAX_TRIES_PER_TURN} tries")

    def new_session(self) -> None:
        """A web session from the gateway (asked again while the gateway is down)."""
        for _ in range(MAX_TRIES_PER_TURN):
            try:
                reply = requests.post(f"{self.gateway_url}/api/session", timeout=30)
                if reply.status_code == 201:
                    self.session = reply.json()["session"]
                    self.sender = "web:" + self.session.split(".")[0]
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(RETRY_PAUSE_S)
        raise AssertionError("no session from the gateway")

    def screen(self, progress: Progress) -> CrowdPatient:
        """The whole conversation, bounded."""
        self.new_session()
        for _ in range(MAX_TURNS):
            message = self.next_message()
            if message is None:
                return self
            self.send(message, progress)
        raise AssertionError(f"patient {self.number} did not finish in {MAX_TURNS} turns: {self.last_reply}")

    def goes_on(self) -> str:
        """A further message after the end: the bot's reply text (the conversation is not stuck)."""
        self.send("hello", Progress())
        return "\n".join(m["text"] for m in self.last_reply)


@contextmanager
def chatting(patients: list[CrowdPatient], progress: Progress, timeout: float) -> Iterator[None]:
    """Every patient screens in a thread of its own while the block runs; then all must finish in `timeout`."""
    with ThreadPoolExecutor(max_workers=len(patients)) as pool:
        futures = [pool.submit(patient.screen, progress) for patient in patients]
        yield
        deadline = time.monotonic() + timeout
        for future in futures:
            future.result(timeout=max(1.0, deadline - time.monotonic()))
