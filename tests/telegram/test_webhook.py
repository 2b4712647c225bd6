"""The internal webhook app: the secret-token check, the contract with the gateway, bad bodies."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.testclient import TestClient
from telegram import Bot, Update

from bot.telegram.webhook import SECRET_HEADER, internal_webhook_url, make_webhook_app, secret_matches

SECRET = "s3cret_token-AZ09"
UPDATE = {
    "update_id": 42,
    "message": {
        "message_id": 7,
        "date": 1_700_000_000,
        "chat": {"id": 99, "type": "private"},
        "from": {"id": 99, "is_bot": False, "first_name": "P"},
        "text": "hello",
    },
}


@pytest.mark.parametrize(
    ("given", "ok"),
    [
        (SECRET, True),  # exactly the secret
        (None, False),  # no header
        ("", False),  # an empty header
        ("s3cret_token-AZ0", False),  # one character short
        (SECRET + "9", False),  # one character more
        (SECRET.lower(), False),  # case matters
        (" " + SECRET, False),  # no trimming
        ("sécret", False),  # not ASCII: refused, no error
    ],
)
def test_secret_matches(given: str | None, ok: bool) -> None:
    assert secret_matches(SECRET, given) is ok


def test_no_secret_configured_matches_nothing() -> None:
    assert not secret_matches("", "")
    assert not secret_matches("", None)


def test_internal_url_is_loopback() -> None:
    assert internal_webhook_url(8081) == "http://127.0.0.1:8081/telegram"


class StubApplication:
    """What the app uses of python-telegram-bot's Application."""

    def __init__(self) -> None:
        self.bot = Bot("123:abc")
        self.update_queue: asyncio.Queue[Any] = asyncio.Queue()
        self.running = True


@pytest.fixture
def app() -> tuple[TestClient, StubApplication]:
    application = StubApplication()
    return TestClient(make_webhook_app(application, SECRET)), application  # type: ignore[arg-type]


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + " "}])
def test_missing_or_wrong_secret_is_403_and_queues_nothing(app: Any, headers: dict[str, str]) -> None:
    client, application = app
    reply = client.post("/telegram", json=UPDATE, headers=headers)
    assert reply.status_code == 403
    assert application.update_queue.empty()


def test_right_secret_queues_the_update(app: Any) -> None:
    client, application = app
    reply = client.post("/telegram", json=UPDATE, headers={SECRET_HEADER: SECRET})
    assert reply.status_code == 200
    update = application.update_queue.get_nowait()
    assert isinstance(update, Update)
    assert update.update_id == 42 and update.effective_chat is not None and update.effective_chat.id == 99


@pytest.mark.parametrize("body", [b"{", b"[]", b'"text"', b'{"message": "no update id"}'])
def test_a_body_that_is_no_update_is_400(app: Any, body: bytes) -> None:
    client, application = app
    reply = client.post("/telegram", content=body, headers={SECRET_HEADER: SECRET})
    assert reply.status_code == 400
    assert application.update_queue.empty()


def test_a_huge_body_is_refused(app: Any) -> None:
    client, application = app
    reply = client.post("/telegram", content=b"x" * 1_000_001, headers={SECRET_HEADER: SECRET})
    assert reply.status_code == 413 and application.update_queue.empty()


def test_only_post_and_the_health_check(app: Any) -> None:
    client, application = app
    assert client.get("/telegram").status_code == 405
    assert client.get("/healthz").json() == {"status": "ok"}
    application.running = False
    assert client.get("/healthz").status_code == 503
