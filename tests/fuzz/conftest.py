"""A gateway of the fuzz tests' own, with limits loose enough that garbage is never merely throttled."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from bot.gateway.process import start_gateway
from bot.startup.processes import Server, free_port
from bot.startup.settings import Settings

LOOSE = {
    "RATE_SENDER_BURST": "100000",
    "RATE_SENDER_PER_SECOND": "1000",
    "RATE_ADDRESS_BURST": "100000",
    "RATE_ADDRESS_PER_SECOND": "1000",
}


@pytest.fixture(scope="module")
def fuzz_gateway(settings: Settings, servers: dict[str, Server]) -> Iterator[tuple[str, Server]]:
    """The real gateway in front of the test servers: its base URL and its process."""
    own = dataclasses.replace(settings, gateway_port=free_port())
    server = start_gateway(own, settings.var_dir / "gateway-fuzz.log", LOOSE)
    try:
        server.wait_ready()
        yield f"http://127.0.0.1:{own.gateway_port}", server
    finally:
        server.stop()
