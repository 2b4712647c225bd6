"""A whole bot of the fault tests' own: Rasa, actions, gateway, notifier and an SMTP server, each killable.

Every process is started again with exactly the settings and environment it had. The store and the
tracker store are one PostgreSQL database when the server on 127.0.0.1:5432 answers, else SQLite files.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from bot.gateway.process import start_gateway
from bot.startup.processes import Server, free_port, start_action_server, start_notifier, start_rasa_server
from bot.startup.settings import Settings
from tests.databases import PG_ADMIN_URL
from tests.running import on_free_ports
from tests.smtp import Inbox

# Scripted patients answer far faster than people: the gateway must not merely throttle them.
LOOSE_LIMITS = {"RATE_SENDER_BURST": "1000", "RATE_SENDER_PER_SECOND": "100", "RATE_ADDRESS_BURST": "100000"}
# The notifier tries often, backs off little, and a claim cut short by a kill is free again after 12 s.
QUICK_NOTIFIER = {
    "NOTIFIER_INTERVAL": "0.2",
    "NOTIFIER_FIRST_RETRY_S": "0.5",
    "NOTIFIER_MAX_RETRY_S": "1",
    "NOTIFIER_SMTP_TIMEOUT_S": "1",
}
PG_TIMEOUT_S = 60.0


class Mail:
    """The SMTP server on one loopback port; taken down and brought back up, it keeps every message."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inboxes: list[Inbox] = []
        self._controller: Controller | None = None

    def up(self) -> None:
        """Listen (again) on the same port."""
        if self._controller is None:
            inbox = Inbox()
            self._controller = Controller(inbox, hostname="127.0.0.1", port=self.port)
            self._controller.start()
            self.inboxes.append(inbox)

    def down(self) -> None:
        """Stop listening: connections are refused."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def subjects(self) -> list[str]:
        """The subject of every message received, in order."""
        return [subject for inbox in self.inboxes for subject in inbox.subjects()]

    def message_ids(self, subject: str) -> list[str]:
        """The Message-ID of every copy of the message with this subject."""
        return [str(m["Message-ID"]) for inbox in self.inboxes for m in inbox.messages if m["Subject"] == subject]


@dataclasses.dataclass
class Stack:
    """The running processes by name, how to start each again, and the SMTP server."""

    settings: Settings
    starters: dict[str, Callable[[], Server]]
    running: dict[str, Server]
    mail: Mail
    on_postgres: bool

    @property
    def gateway_url(self) -> str:
        """The gateway's base URL."""
        return f"http://127.0.0.1:{self.settings.gateway_port}"

    def start(self, name: str) -> None:
        """Start the process `name` with its settings and wait until it is ready."""
        server = self.starters[name]()
        self.running[name] = server
        server.wait_ready()

    def kill_and_restart(self, name: str, down_s: float = 1.0) -> None:
        """SIGKILL the process (and its children), leave it down a moment, start it again."""
        self.running[name].stop(sig=signal.SIGKILL)
        time.sleep(down_s)
        self.start(name)

    def stop(self) -> None:
        """Stop every process and the SMTP server."""
        for server in self.running.values():
            server.stop()
        self.mail.down()


def postgres_reachable() -> bool:
    """True when the PostgreSQL server of this machine answers."""
    admin = create_engine(PG_ADMIN_URL, future=True)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any connection problem means "not here"
        return False
    finally:
        admin.dispose()


@contextmanager
def store_database() -> Iterator[str | None]:
    """A throw-away PostgreSQL database (dropped afterwards, also after a restart), or None: SQLite then."""
    if not postgres_reachable():
        yield None
        return
    name = f"screening_faults_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        PG_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT", pool_pre_ping=True
    )  # outlives a restart
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        wait_for_postgres()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def wait_for_postgres(timeout: float = PG_TIMEOUT_S) -> None:
    """Wait (bounded) until PostgreSQL answers again."""
    deadline = time.monotonic() + timeout
    while not postgres_reachable():
        if time.monotonic() > deadline:
            raise TimeoutError(f"PostgreSQL did not answer within {timeout:.0f} s")
        time.sleep(0.5)


def postgres_restart_command() -> list[str] | None:
    """The command that restarts this machine's PostgreSQL cluster, or None when this test may not run it."""
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return None
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if (p / "main").is_dir())
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"] if versions else None


def restart_postgres(command: list[str]) -> None:
    """Restart the cluster and wait until it answers again."""
    subprocess.run(command, check=True, timeout=PG_TIMEOUT_S, capture_output=True)
    wait_for_postgres()


@contextmanager
def fault_stack(settings: Settings, model: Path, var_dir: Path) -> Iterator[Stack]:
    """The whole bot on its own ports and data, until the block ends."""
    with store_database() as database_url:
        own = on_free_ports(settings, var_dir, database_url=database_url)
        mail = Mail(free_port())
        notifier_env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mail.port), **QUICK_NOTIFIER}
        logs = var_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        starters: dict[str, Callable[[], Server]] = {
            "actions": lambda: start_action_server(own, logs / "actions.log"),
            "rasa": lambda: start_rasa_server(own, model, logs / "rasa.log"),
            "gateway": lambda: start_gateway(own, logs / "gateway.log", LOOSE_LIMITS),
            "notifier": lambda: start_notifier(own, logs / "notifier.log", notifier_env),
        }
        stack = Stack(own, starters, {}, mail, on_postgres=database_url is not None)
        try:
            mail.up()
            for name in starters:
                stack.running[name] = starters[name]()
            for server in list(stack.running.values()):
                server.wait_ready()
            yield stack
        finally:
            stack.stop()
