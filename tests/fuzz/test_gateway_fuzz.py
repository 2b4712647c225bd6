"""Garbage through the gateway (/api/session, /api/chat, /api/history): no 5xx, clear 4xx, nothing stored."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
import requests
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.gateway.config import GatewayConfig
from bot.startup.processes import Server
from bot.startup.settings import Settings
from tests.e2e.chat import WebPatient
from tests.fuzz.checks import assert_alive, store_unchanged
from tests.fuzz.garbage import (
    CONTENT_TYPES,
    broken_bodies,
    dumps,
    fuzz_settings,
    json_values,
    not_strings,
    reads_as_yes,
    texts,
)

pytestmark = pytest.mark.e2e

Gateway = tuple[str, Server]
MAX_BODY_BYTES = GatewayConfig(rasa_url="", rasa_api_token="", secret=b"", public_url=None).max_body_bytes


def chat(url: str, body: bytes, content_type: str = "application/json") -> requests.Response:
    """One raw request to /api/chat."""
    return requests.post(f"{url}/api/chat", data=body, headers={"content-type": content_type}, timeout=120)


def new_session(url: str) -> str:
    """A fresh web session: a patient who never consented."""
    reply = requests.post(f"{url}/api/session", timeout=30)
    assert reply.status_code == 201, reply.text
    session: str = reply.json()["session"]
    return session


def assert_bot_replied(reply: requests.Response) -> list[dict[str, Any]]:
    """A 200 with at least one bot message for the patient (413 for a body over the limit, with its notice)."""
    assert reply.status_code in (200, 413), (reply.status_code, reply.text[:300])
    messages = reply.json()["messages"]
    assert isinstance(messages, list) and messages and all(isinstance(m["text"], str) for m in messages)
    return messages


def assert_refused(reply: requests.Response, words: str) -> None:
    """A 400 with an error for the developer and a message for the patient."""
    assert reply.status_code == 400, (reply.status_code, reply.text[:300])
    body = reply.json()
    assert words in body["error"] and body["messages"][0]["text"]


def test_garbage_from_sessions_that_never_consented_is_answered_and_stores_nothing(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway
) -> None:
    url = fuzz_gateway[0]

    @fuzz_settings(40)
    @given(message=texts)
    def garbage(message: str) -> None:
        assert_bot_replied(chat(url, dumps({"session": new_session(url), "message": message})))

    with store_unchanged(settings):
        garbage()
    assert_alive(settings, servers, fuzz_gateway)


def test_garbage_mid_screening_is_answered_and_the_history_still_loads(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway
) -> None:
    url = fuzz_gateway[0]
    patient = WebPatient(settings, url)
    for message in ("hi", "yes", "1+", "never"):
        patient.say(message)
    assert "Question 3 of 12" in patient.last_text

    @fuzz_settings(30)
    @given(message=texts)
    def garbage(message: str) -> None:
        assume(not reads_as_yes(message))  # hypothesis finds "y", which rightly confirms the summary
        assert_bot_replied(patient.post(message))

    with store_unchanged(settings):
        garbage()
        shown = patient.history()
    assert [m["text"] for m in shown if m["from"] == "user"][:4] == ["hi", "yes", "1+", "never"]
    assert patient.slots()["screening_outcome"] is None
    assert_alive(settings, servers, fuzz_gateway)


@pytest.mark.parametrize("field", ["message", "session"])
def test_wrong_json_types_get_a_clear_400(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway, field: str
) -> None:
    url = fuzz_gateway[0]
    error = "expected" if field == "message" else "unknown session"

    @fuzz_settings(25)
    @given(value=not_strings)
    def wrong_type(value: object) -> None:
        body = {"session": new_session(url), "message": "hi", field: value}
        assert_refused(chat(url, dumps(body)), error)

    with store_unchanged(settings):
        wrong_type()
    assert_alive(settings, servers, fuzz_gateway)


def test_sessions_the_gateway_never_issued_are_refused(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway
) -> None:
    url = fuzz_gateway[0]

    @fuzz_settings(30)
    @given(session=texts | st.from_regex(r"[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{24}", fullmatch=True))
    def forged(session: str) -> None:
        body = dumps({"session": session, "message": "hi"})
        if len(body) > MAX_BODY_BYTES:  # hypothesis finds a 256 kB session: refused for its size first
            assert chat(url, body).status_code == 413
        else:
            assert_refused(chat(url, body), "unknown session")
        history = requests.get(f"{url}/api/history", params={"session": session[:2000]}, timeout=30)
        assert history.status_code == 400, history.text[:300]

    with store_unchanged(settings):
        forged()
    assert_alive(settings, servers, fuzz_gateway)


def test_bodies_that_are_not_a_json_object_get_a_clear_400(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway
) -> None:
    url = fuzz_gateway[0]

    @fuzz_settings(40)
    @given(body=broken_bodies | json_values.filter(lambda v: not isinstance(v, dict)).map(dumps))
    def broken(body: bytes) -> None:
        reply = chat(url, body)
        assert reply.status_code == 400, (body, reply.status_code, reply.text[:300])
        assert reply.json()["error"] and reply.json()["messages"][0]["text"]

    with store_unchanged(settings):
        broken()
        session_reply = requests.post(f"{url}/api/session", data=b"\xff{garbage", timeout=30)
        assert session_reply.status_code == 201  # /api/session reads no body
    assert_alive(settings, servers, fuzz_gateway)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_any_content_type_gets_no_5xx(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway, content_type: str
) -> None:
    url = fuzz_gateway[0]
    assert_bot_replied(chat(url, dumps({"session": new_session(url), "message": "asdfgh"}), content_type))
    assert_refused(chat(url, b"session=x&message=hi", content_type), "must be JSON")


def test_randomly_mutated_requests_get_no_5xx(
    settings: Settings, servers: dict[str, Server], fuzz_gateway: Gateway
) -> None:
    url = fuzz_gateway[0]
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    template = json.dumps({"session": new_session(url), "message": "I'm 54 and ER positive"}).encode()
    with store_unchanged(settings):
        for _ in range(fuzz_settings(60).max_examples):
            body = bytearray(template)
            for _ in range(rng.randint(1, 6)):
                body[rng.randrange(len(body))] = rng.randrange(256)
            reply = chat(url, bytes(body))
            assert reply.status_code in (200, 400), (seed, bytes(body), reply.status_code, reply.text[:300])
    assert_alive(settings, servers, fuzz_gateway)
