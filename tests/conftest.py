"""Shared fixtures: settings on free ports, the trained model, the running servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.startup.processes import Server, free_port, start_action_server, start_rasa_server, train
from bot.startup.settings import ROOT, Settings
from tests.running import running_gateway

TEST_TOKEN = "test-api-token"


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--soak`: run the long variants too (`make soak`)."""
    parser.addoption("--soak", action="store_true", help="also run the tests marked soak (long fuzz and fault runs)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests marked soak unless --soak is given (`make test` does not run them)."""
    if config.getoption("--soak"):
        return
    soak = [item for item in items if item.get_closest_marker("soak")]
    if soak:
        config.hook.pytest_deselected(items=soak)
        items[:] = [item for item in items if not item.get_closest_marker("soak")]


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the test servers: free loopback ports, a temporary tracker store."""
    var_dir = tmp_path_factory.mktemp("var")
    return Settings(
        rasa_port=free_port(),
        actions_port=free_port(),
        gateway_port=free_port(),
        bind_host="127.0.0.1",
        var_dir=var_dir,
        tracker_db=var_dir / "tracker.db",
        models_dir=ROOT / "models",
        rasa_api_token=TEST_TOKEN,
    )


@pytest.fixture(scope="session")
def trained_model(settings: Settings) -> Path:
    """The model trained with the real config.yml (reused while nothing changed)."""
    return train(settings)


@pytest.fixture(scope="session")
def servers(settings: Settings, trained_model: Path) -> Iterator[dict[str, Server]]:
    """The real action server and Rasa server, as subprocesses, until the session ends."""
    running = {
        "actions": start_action_server(settings, settings.var_dir / "actions.log"),
        "rasa": start_rasa_server(settings, trained_model, settings.var_dir / "rasa.log"),
    }
    try:
        for server in running.values():
            server.wait_ready()
        yield running  # a fault test may replace a server here; whatever is here is stopped
    finally:
        for server in running.values():
            server.stop()


@pytest.fixture(scope="session")
def gateway(settings: Settings, servers: dict[str, Server]) -> Iterator[str]:
    """The real gateway in front of the test servers; yields its base URL."""
    # Scripted patients answer far faster than people: looser limits than the defaults here
    # (tests/e2e/test_gateway.py checks the default limits on a gateway of its own).
    loose = {"RATE_SENDER_BURST": "50", "RATE_SENDER_PER_SECOND": "20", "RATE_ADDRESS_BURST": "2000"}
    with running_gateway(settings, "gateway.log", loose) as url:
        yield url
