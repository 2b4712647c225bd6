"""What the gateway knows about the parts behind it: readiness checks and the detail view.

Readiness: Rasa (every replica), the action server's /health and a `SELECT 1` on the store.
Detail: readiness, each process's state from the launcher's status file (when there is one),
and the outbox backlog. Process names, counts, ages and error class names only: no patient data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from bot.rasa_client import RasaClient, action_server_up
from bot.startup.status import StatusFile
from bot.store.database import make_engine, transaction
from bot.store.outbox import backlog
from bot.store.schema import utcnow

CHECK_TIMEOUT_S = 3.0


class Health:
    """The checks, sharing the gateway's Rasa client and an engine of the store opened on first use."""

    def __init__(
        self,
        rasa: RasaClient,
        actions_health_url: str | None,
        store_url: str | None,
        status_file: Path | None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.rasa = rasa
        self.actions_health_url = actions_health_url
        self.store_url = store_url
        self.status = StatusFile(status_file)
        self.http = httpx.AsyncClient(timeout=CHECK_TIMEOUT_S, transport=transport)
        self._engine: Engine | None = None

    async def actions_up(self) -> bool:
        """True when the action server's /health answers 200 (or no action server is configured)."""
        return await action_server_up(self.http, self.actions_health_url)

    def _engine_of_store(self) -> Engine:
        if self._engine is None:
            assert self.store_url is not None
            self._engine = make_engine(self.store_url)
        return self._engine

    def _select_one(self) -> None:
        with self._engine_of_store().connect() as connection:
            connection.execute(text("SELECT 1"))

    async def database_up(self) -> bool:
        """True when the store answers `SELECT 1` in time (or no store is configured)."""
        if not self.store_url:
            return True
        try:
            await asyncio.wait_for(run_in_threadpool(self._select_one), CHECK_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - any failure means "not ready"; the detail view says no more
            return False
        return True

    async def readiness(self) -> dict[str, str]:
        """'ok' or 'down' for Rasa, the action server and the database, checked at once."""
        rasa, actions, database = await asyncio.gather(self.rasa.healthy(), self.actions_up(), self.database_up())
        checked = {"rasa": rasa, "actions": actions, "database": database}
        return {name: "ok" if up else "down" for name, up in checked.items()}

    def _outbox(self) -> dict[str, Any]:
        with transaction(self._engine_of_store()) as session:
            state = backlog(session, now=utcnow())
        return {
            "undelivered": state.undelivered,
            "oldest_undelivered_age_s": round(state.oldest_age_s, 1) if state.oldest_age_s is not None else None,
            "last_delivery_error": state.last_error,
            "last_delivery_error_at": _iso(state.last_error_at),
        }

    async def outbox(self) -> dict[str, Any] | None:
        """The outbox backlog, or None when the store cannot say (down, or not migrated yet)."""
        if not self.store_url:
            return None
        try:
            return await asyncio.wait_for(run_in_threadpool(self._outbox), CHECK_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - the readiness part says the database is down
            return None

    async def detail(self) -> dict[str, Any]:
        """Readiness, each Rasa replica, the processes (from the launcher's status file) and the outbox."""
        ready, outbox, replicas = await asyncio.gather(self.readiness(), self.outbox(), self.rasa.replicas_up())
        status = self.status.read()
        return {
            "status": "ok",
            "ready": ready,
            "rasa_replicas": {url: "ok" if up else "down" for url, up in replicas.items()},
            "processes": status["processes"] if status else None,
            "processes_updated_at": status.get("updated_at") if status else None,
            "outbox": outbox,
        }

    async def aclose(self) -> None:
        """Close the HTTP client and the store's connections."""
        await self.http.aclose()
        if self._engine is not None:
            self._engine.dispose()


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
