"""Garbage straight at Rasa's REST channel: never a 5xx, a clear 400 for a malformed request, nothing stored."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import pytest
import requests
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.startup.processes import Server
from bot.startup.settings import Settings
from tests.e2e.chat import Patient
from tests.fuzz.checks import assert_alive, store_unchanged
from tests.fuzz.garbage import CONTENT_TYPES, broken_bodies, dumps, fuzz_settings, not_strings, reads_as_yes, texts

pytestmark = pytest.mark.e2e


def post(settings: Settings, body: bytes, content_type: str = "application/json") -> requests.Response:
    """One raw request to the REST channel."""
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    return requests.post(url, data=body, headers={"content-type": content_type}, timeout=120)


def assert_answered(reply: requests.Response) -> list[dict[str, Any]]:
    """A 200 with a JSON list of the bot's messages."""
    assert reply.status_code == 200, (reply.status_code, reply.text[:300])
    messages = reply.json()
    assert isinstance(messages, list)
    return messages


def assert_refused(reply: requests.Response, words: str = "") -> None:
    """A 400 with a JSON error that says what is wrong."""
    assert reply.status_code == 400, (reply.status_code, reply.text[:300])
    error = reply.json()["error"]
    assert error and words in error, error


def test_garbage_from_senders_who_never_consented_is_answered_and_stores_nothing(
    settings: Settings, servers: dict[str, Server]
) -> None:
    @fuzz_settings(40)
    @given(message=texts)
    def garbage(message: str) -> None:
        sender = f"fuzz-{uuid.uuid4().hex[:12]}"
        assert_answered(post(settings, dumps({"sender": sender, "message": message})))
        patient = Patient(settings, sender=sender)
        assert patient.slots()["screening_outcome"] is None

    with store_unchanged(settings):
        garbage()
    assert_alive(settings, servers)


def test_garbage_mid_screening_is_answered_and_stores_nothing(settings: Settings, servers: dict[str, Server]) -> None:
    patient = Patient(settings)
    for message in ("hi", "yes", "1+", "never"):
        patient.say(message)
    assert "Question 3 of 12" in patient.last_text

    @fuzz_settings(30)
    @given(message=texts)
    def garbage(message: str) -> None:
        assume(not reads_as_yes(message))  # hypothesis finds "y", which rightly confirms the summary
        assert_answered(post(settings, dumps({"sender": patient.sender, "message": message})))

    with store_unchanged(settings):
        garbage()
    assert patient.slots()["screening_outcome"] is None
    assert_alive(settings, servers)


def test_random_senders_are_answered_or_refused_clearly(settings: Settings, servers: dict[str, Server]) -> None:
    @fuzz_settings(30)
    @given(sender=st.text(max_size=300))
    def any_sender(sender: str) -> None:
        reply = post(settings, dumps({"sender": sender, "message": "asdfgh"}))
        if reply.status_code == 400:
            assert "sender" in reply.json()["error"]
        else:
            assert_answered(reply)

    with store_unchanged(settings):
        any_sender()
    assert_alive(settings, servers)


@pytest.mark.parametrize("field", ["message", "sender", "metadata"])
def test_wrong_json_types_get_a_400_naming_the_field(
    settings: Settings, servers: dict[str, Server], field: str
) -> None:
    @fuzz_settings(25)
    @given(value=not_strings.filter(lambda v: field != "metadata" or not (v is None or isinstance(v, dict))))
    def wrong_type(value: object) -> None:
        body = {"sender": f"fuzz-{uuid.uuid4().hex[:12]}", "message": "hi", field: value}
        assert_refused(post(settings, dumps(body)), f'"{field}"')

    with store_unchanged(settings):
        wrong_type()
    assert_alive(settings, servers)


def test_bodies_that_are_not_a_request_get_a_400(settings: Settings, servers: dict[str, Server]) -> None:
    @fuzz_settings(40)
    @given(body=broken_bodies | st.lists(st.text(max_size=5), max_size=3).map(dumps) | st.just(b"null"))
    def broken(body: bytes) -> None:
        assert_refused(post(settings, body))  # hypothesis finds "{}": then it is the message that is missing

    with store_unchanged(settings):
        broken()
    assert_alive(settings, servers)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_any_content_type_gets_no_5xx(settings: Settings, servers: dict[str, Server], content_type: str) -> None:
    valid = dumps({"sender": f"fuzz-{uuid.uuid4().hex[:12]}", "message": "asdfgh"})
    assert_answered(post(settings, valid, content_type))  # the body is read as JSON, whatever it is called
    assert_refused(post(settings, b"sender=x&message=hi", content_type), "must be JSON")


def test_randomly_mutated_requests_get_no_5xx(settings: Settings, servers: dict[str, Server]) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    template = json.dumps({"sender": "fuzz-mutant", "message": "I'm 54 and ER positive"}).encode()
    with store_unchanged(settings):
        for _ in range(fuzz_settings(60).max_examples):
            body = bytearray(template)
            for _ in range(rng.randint(1, 6)):
                body[rng.randrange(len(body))] = rng.randrange(256)
            reply = post(settings, bytes(body))
            assert reply.status_code in (200, 400), (seed, bytes(body), reply.status_code, reply.text[:300])
    assert_alive(settings, servers)
