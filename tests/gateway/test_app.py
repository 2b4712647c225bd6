"""The gateway app in process, with no Rasa behind it (a closed port): the checks made before forwarding."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from bot.gateway.app import create_app
from bot.gateway.config import GatewayConfig
from bot.startup.processes import free_port

SECRET_TOKEN = "telegram-secret-for-tests"


@pytest.fixture
def client() -> TestClient:
    """The app, pointed at a Rasa and a Telegram process that are not running."""
    config = GatewayConfig(
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_api_token="t",
        secret=b"s",
        public_url="http://gateway.test",
        address_burst=5,
        address_per_second=0.01,
        telegram_secret=SECRET_TOKEN,
        telegram_port=free_port(),
    )
    return TestClient(create_app(config))


def session(client: TestClient) -> str:
    """A new web session."""
    reply = client.post("/api/session")
    assert reply.status_code == 201
    return str(reply.json()["session"])


def test_messages_over_the_limit_are_answered_by_the_gateway_itself(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"session": session(client), "message": "é" * 2001})
    assert reply.status_code == 200  # not forwarded: Rasa is not even running here
    assert "too long" in reply.json()["messages"][0]["text"]


def test_rasa_unreachable_is_a_503_with_a_kind_message(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"session": session(client), "message": "hi"})
    assert reply.status_code == 503
    assert reply.json()["error"] == "the assistant is unavailable"
    assert "Please try again in a few minutes" in reply.json()["messages"][0]["text"]


def test_one_address_is_limited(client: TestClient) -> None:
    statuses = [client.post("/api/session").status_code for _ in range(8)]
    assert statuses == [201] * 5 + [429] * 3
    limited = client.post("/api/chat", content=b"{}")
    assert limited.status_code == 429 and "Retry-After" in limited.headers


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for reply in (client.get("/livez"), client.post("/api/chat", content=b"nope"), client.get("/nothing-here")):
        assert "default-src 'self'" in reply.headers["content-security-policy"]
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("header", "status"),
    [(None, 403), ("wrong", 403), (SECRET_TOKEN + "x", 403), (SECRET_TOKEN, 503)],
    ids=["missing", "wrong", "longer", "right (Telegram process down: 503, Telegram retries)"],
)
def test_the_telegram_webhook_checks_the_secret_token(client: TestClient, header: str | None, status: int) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": header} if header else {}
    update = json.dumps({"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}}})
    assert client.post("/telegram/webhook", content=update, headers=headers).status_code == status


def test_the_telegram_webhook_is_off_unless_configured() -> None:
    config = GatewayConfig(rasa_url="http://127.0.0.1:9", rasa_api_token="t", secret=b"s", public_url="http://x")
    reply = TestClient(create_app(config)).post("/telegram/webhook", content=b"{}")
    assert reply.status_code == 404
