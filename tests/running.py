"""Helpers that start our processes for a test: a gateway, settings on free ports."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.gateway.process import start_gateway
from bot.startup.processes import Server, free_port
from bot.startup.settings import Settings


@contextmanager
def running_gateway(settings: Settings, log_name: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """A real gateway on settings.gateway_port (its log under var/), ready, until the block ends; its base URL."""
    server = start_gateway(settings, settings.var_dir / log_name, env)
    try:
        server.wait_ready()
        yield f"http://127.0.0.1:{settings.gateway_port}"
    finally:
        server.stop()


def on_free_ports(settings: Settings, var_dir: Path, **changes: Any) -> Settings:
    """The settings with Rasa, the action server and the gateway on free ports, and their own var/."""
    return dataclasses.replace(
        settings,
        rasa_port=free_port(),
        actions_port=free_port(),
        gateway_port=free_port(),
        var_dir=var_dir,
        tracker_db=var_dir / "tracker.db",
        **changes,
    )


def ready(server: Server, timeout: float = 60.0) -> Server:
    """The started server once it answers; stopped (and the error raised) if it never does."""
    try:
        server.wait_ready(timeout=timeout)
    except BaseException:
        server.stop()
        raise
    return server
