"""Keep the bot's child processes running: restart one that exits, with back-off; contain a crash loop.

A child that exits while the launcher runs is started again after 1 s, 2 s, 4 s ... up to 30 s
(the delay doubles with each exit until the child has stayed up for a minute); the others keep
serving. A child that exits 5 times within 60 s is a crash loop: it is marked failed and left
down, and the rest keep running. Every exit and every return is logged to stderr (name, exit
code, time; never patient data), and each change is written to the status file
(bot/startup/status.py). SIGINT or SIGTERM stops every child: SIGTERM to all at once, SIGKILL to
any still there after the grace period.

The clock, the sleep and how a child is started are injected, so tests run without waiting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bot.startup.status import DOWN, FAILED, STARTING, STOPPED, UP, write_status

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0
STABLE_AFTER_S = 60.0  # up this long: the next exit starts the back-off from the first delay again
CRASH_LOOP_EXITS = 5
CRASH_LOOP_WINDOW_S = 60.0
STOP_GRACE_S = 8.0  # SIGTERM, then SIGKILL: everything is gone well within 10 s
TICK_S = 0.5


class Child(Protocol):
    """A started child process, as the supervisor sees it (bot.startup.processes.Server is one)."""

    name: str

    @property
    def pid(self) -> int:
        """The process id."""

    def poll(self) -> int | None:
        """The exit code once it has exited, else None."""

    def is_ready(self) -> bool:
        """One quick check that it answers (no waiting)."""

    def send(self, sig: int) -> None:
        """Send a signal to the process and its children."""

    def close(self) -> None:
        """Release what the parent holds for it (its log file)."""


def backoff(streak: int) -> float:
    """The delay before the next start after `streak` exits in a row: 1, 2, 4 ... capped at 30 s."""
    return min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** max(0, streak - 1))


def describe_exit(code: int) -> str:
    """'code 1', or 'signal 9 (SIGKILL)' for a negative code."""
    if code < 0:
        try:
            return f"signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"signal {-code}"
    return f"code {code}"


@dataclass
class Supervised:
    """One child: how to start it, the running process, its state and history."""

    name: str
    start: Callable[[], Child]
    child: Child | None = None
    state: str = UP
    restarts: int = 0
    streak: int = 0  # exits since it was last stable
    up_since: float = 0.0
    down_since: float = 0.0
    next_start: float = 0.0
    last_exit_code: int | None = None
    last_exit_at: str | None = None
    exits: deque[float] = field(default_factory=deque)

    def as_json(self) -> dict[str, Any]:
        """The status file's entry: no patient data, only the process's own facts."""
        return {
            "name": self.name,
            "pid": self.child.pid if self.child and self.state in (UP, STARTING) else None,
            "state": self.state,
            "restarts": self.restarts,
            "last_exit_code": self.last_exit_code,
            "last_exit_at": self.last_exit_at,
        }


def _now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Supervisor:
    """Runs the loop over the children; `step` does one round (the tests call it with a fake clock)."""

    def __init__(
        self,
        children: list[Supervised],
        status_file: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], str] = _now_utc,
        sleep: Callable[[float], None] = time.sleep,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.children = children
        self.status_file = status_file
        self.clock = clock
        self.wall = wall
        self.sleep = sleep
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        now = clock()
        for item in children:
            item.up_since = item.down_since = now
        self.write()

    def add(self, item: Supervised) -> None:
        """Supervise one more child (already started; `starting` until it answers, unless told it is up)."""
        item.up_since = item.down_since = self.clock()
        self.children.append(item)
        self.write()

    def all_up(self) -> bool:
        """True when every child is up (the first start included)."""
        return all(item.state == UP for item in self.children)

    def is_up(self, name: str) -> bool:
        """True when the child of this name is up."""
        return any(item.name == name and item.state == UP for item in self.children)

    def write(self) -> None:
        """Write the status file (when there is one)."""
        if self.status_file is not None:
            status = {"launcher_pid": os.getpid(), "updated_at": self.wall(), "processes": []}
            status["processes"] = [item.as_json() for item in self.children]
            write_status(self.status_file, status)

    def step(self) -> None:
        """Notice exits, start again what is due, notice what came back; write the status on any change."""
        changed = False
        for item in self.children:
            changed = self._step_one(item) or changed
        if changed:
            self.write()

    def _step_one(self, item: Supervised) -> bool:
        now = self.clock()
        if item.state in (UP, STARTING) and item.child is not None and (code := item.child.poll()) is not None:
            self._exited(item, code, now)
            return True
        if item.state == DOWN and now >= item.next_start:
            try:
                item.child = item.start()
            except Exception as error:  # noqa: BLE001 - a failed start counts as one more exit
                self.log(f"{self.wall()} {item.name} could not be started ({error.__class__.__name__})")
                self._exited(item, -1, now)
                return True
            item.state = STARTING
            self.log(f"{self.wall()} {item.name} started again (pid {item.child.pid}, restart {item.restarts + 1})")
            item.restarts += 1
            return True
        if item.state == STARTING and item.child is not None and item.child.is_ready():
            item.state = UP
            item.up_since = now
            pid, down = item.child.pid, now - item.down_since
            if item.restarts:
                self.log(f"{self.wall()} {item.name} is back (pid {pid}) after {down:.1f} s")
            else:
                self.log(f"{self.wall()} {item.name} is up (pid {pid}) after {down:.1f} s")
            return True
        if item.state == UP and item.streak and now - item.up_since >= STABLE_AFTER_S:
            item.streak = 0  # stable again: a later exit starts the back-off anew
        return False

    def _exited(self, item: Supervised, code: int, now: float) -> None:
        if item.child is not None:
            item.child.close()
        item.last_exit_code = code
        item.last_exit_at = self.wall()
        item.exits.append(now)
        while item.exits and now - item.exits[0] > CRASH_LOOP_WINDOW_S:
            item.exits.popleft()
        if item.state == UP:
            item.down_since = now
        if len(item.exits) >= CRASH_LOOP_EXITS:
            item.state = FAILED
            self.log(
                f"{item.last_exit_at} {item.name} exited with {describe_exit(code)}; "
                f"{CRASH_LOOP_EXITS} exits within {CRASH_LOOP_WINDOW_S:.0f} s: marked failed, not restarted"
            )
            return
        item.streak += 1
        delay = backoff(item.streak)
        item.state = DOWN
        item.next_start = now + delay
        self.log(f"{item.last_exit_at} {item.name} exited with {describe_exit(code)}; restarting in {delay:.0f} s")

    def all_failed(self) -> bool:
        """True when no child is left running or coming back."""
        return all(item.state == FAILED for item in self.children)

    def run(
        self, stopping: Callable[[], bool], tick: float = TICK_S, after_step: Callable[[], None] | None = None
    ) -> None:
        """Step until asked to stop (or until every child has failed); `after_step` runs after each round."""
        while not stopping() and not self.all_failed():
            self.step()
            if after_step is not None:
                after_step()
            self.sleep(tick)

    def stop_all(self, grace: float = STOP_GRACE_S) -> None:
        """SIGTERM to every running child at once, SIGKILL to those still there after `grace` seconds."""
        running = [item for item in self.children if item.child is not None and item.state in (UP, STARTING)]
        for item in reversed(running):
            self._signal(item, signal.SIGTERM)
        deadline = self.clock() + grace
        while any(item.child is not None and item.child.poll() is None for item in running):
            if self.clock() >= deadline:
                for item in running:
                    if item.child is not None and item.child.poll() is None:
                        self.log(f"{self.wall()} {item.name} did not stop within {grace:.0f} s: killed")
                        self._signal(item, signal.SIGKILL)
                reaped = self.clock() + 2.0
                while any(i.child is not None and i.child.poll() is None for i in running) and self.clock() < reaped:
                    self.sleep(0.05)
                break
            self.sleep(0.1)
        for item in self.children:
            if item.child is not None:
                item.child.close()
            if item.state != FAILED:
                item.state = STOPPED
        self.write()

    @staticmethod
    def _signal(item: Supervised, sig: int) -> None:
        if item.child is not None:
            with contextlib.suppress(ProcessLookupError):
                item.child.send(sig)
