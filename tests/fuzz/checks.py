"""What must hold after garbage: the store unchanged, every process alive and still answering "hi"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from sqlalchemy import inspect, select

from bot.startup.processes import Server
from bot.startup.settings import Settings
from bot.store.database import make_engine, migrate, transaction
from bot.store.schema import Base
from tests.e2e.chat import Patient

GREETING = "automated assistant"


def store_rows(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every store table (screenings, consents, referrals, outbox, ...), in key order."""
    engine = make_engine(settings.store_url)
    try:
        migrate(engine)  # the store exists even before the first screening
        present = set(inspect(engine).get_table_names())
        rows: dict[str, list[tuple[Any, ...]]] = {}
        with transaction(engine) as session:
            for table in Base.metadata.sorted_tables:
                if table.name in present:
                    query = select(table).order_by(*table.primary_key.columns)
                    rows[table.name] = [tuple(row) for row in session.execute(query)]
        return rows
    finally:
        engine.dispose()


@contextmanager
def store_unchanged(settings: Settings) -> Iterator[None]:
    """Fail if any store row was added, changed or removed during the block."""
    before = store_rows(settings)
    yield
    after = store_rows(settings)
    changed = [name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]
    assert not changed, f"garbage changed the store: {changed}"


def assert_alive(settings: Settings, servers: dict[str, Server], gateway: tuple[str, Server] | None = None) -> None:
    """Every process runs, answers its health route, and a new patient's "hi" gets the greeting."""
    processes = dict(servers)
    if gateway:
        processes["gateway"] = gateway[1]
    for name, server in processes.items():
        assert server.process.poll() is None, f"{name} exited with {server.process.returncode}"
    status = requests.get(f"{settings.rasa_url}/status", params={"token": settings.rasa_api_token}, timeout=30)
    assert status.status_code == 200, status.text
    assert requests.get(f"http://127.0.0.1:{settings.actions_port}/health", timeout=30).status_code == 200
    assert GREETING in "".join(m.get("text", "") for m in Patient(settings).say("hi"))
    if gateway:
        url = gateway[0]
        ready = requests.get(f"{url}/readyz", timeout=30)
        assert (ready.status_code, ready.json()["rasa"]) == (200, "ok"), ready.text
        session = requests.post(f"{url}/api/session", timeout=30).json()["session"]
        reply = requests.post(f"{url}/api/chat", json={"session": session, "message": "hi"}, timeout=60)
        assert reply.status_code == 200 and GREETING in reply.text, reply.text
