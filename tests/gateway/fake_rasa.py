"""A fake Rasa and action server behind the gateway app, in process (an httpx transport), for the health and
admission tests: replies can be held until released, and either server can be made to refuse connections."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.gateway.app import create_app
from bot.gateway.config import GatewayConfig

RASA = "http://127.0.0.1:59005"
ACTIONS_HEALTH = "http://127.0.0.1:59055/health"
HOLD = "hold"  # a message whose reply waits until `released` is set


@dataclass
class FakeRasa:
    """Answers the REST channel and `/`; the action server answers `/health`."""

    rasa_up: bool = True
    actions_up: bool = True
    reply: list[dict[str, Any]] = field(default_factory=lambda: [{"text": "Question 1 of 12."}])
    released: asyncio.Event = field(default_factory=asyncio.Event)
    messages: list[str] = field(default_factory=list)
    metadata: list[Any] = field(default_factory=list)  # the REST metadata of each message (None without)
    held: int = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.port == 59055:
            if not self.actions_up:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, json={"status": "ok"})
        if not self.rasa_up:
            raise httpx.ConnectError("refused", request=request)
        if request.url.path == "/":
            return httpx.Response(200, text="Hello from Rasa")
        body = json.loads(request.content)
        message = body["message"]
        self.messages.append(message)
        self.metadata.append(body.get("metadata"))
        if message == HOLD:
            self.held += 1
            try:
                await self.released.wait()
            finally:
                self.held -= 1
        return httpx.Response(200, json=self.reply)

    async def wait_held(self, count: int, timeout: float = 10.0) -> None:
        """Wait (bounded) until this many replies are held."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.held < count:
            assert asyncio.get_running_loop().time() < deadline, f"{self.held} held, wanted {count}"
            await asyncio.sleep(0.01)


def config(tmp_path: Path, **overrides: Any) -> GatewayConfig:
    """A gateway config pointed at the fake servers, a store in tmp_path and no status file unless given."""
    values: dict[str, Any] = {
        "rasa_url": RASA,
        "rasa_api_token": "t",
        "secret": b"s",
        "public_url": "http://gateway.test",
        "actions_health_url": ACTIONS_HEALTH,
        "store_url": f"sqlite:///{tmp_path / 'screening.db'}",
        "status_file": tmp_path / "processes.json",
        **overrides,
    }
    return GatewayConfig(**values)


@asynccontextmanager
async def gateway_client(fake: FakeRasa, gateway_config: GatewayConfig) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the gateway app, which reaches the fake servers."""
    app = create_app(gateway_config, transport=httpx.MockTransport(fake))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as client:
        yield client


async def new_session(client: httpx.AsyncClient) -> str:
    """A new web session."""
    reply = await client.post("/api/session")
    assert reply.status_code == 201
    return str(reply.json()["session"])


async def say(client: httpx.AsyncClient, session: str, message: str) -> httpx.Response:
    """One patient message."""
    return await client.post("/api/chat", json={"session": session, "message": message})
