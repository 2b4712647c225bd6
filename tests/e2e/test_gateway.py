"""The gateway end to end: real gateway, Rasa and action servers, over HTTP."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.gateway.process import start_gateway
from bot.startup.processes import free_port
from bot.startup.settings import Settings
from tests.e2e.chat import WebPatient
from tests.e2e.patients import CASES, button
from tests.e2e.test_scripted_patients import screen, start

pytestmark = pytest.mark.e2e


def one_case_per_outcome() -> list:
    """The first scripted patient of each outcome."""
    seen: dict[str, object] = {}
    for case in CASES:
        seen.setdefault(case.outcome, case)
    return list(seen.values())


@pytest.fixture(scope="module")
def strict_gateway(settings: Settings, servers: dict) -> Iterator[str]:
    """A second gateway with the default rate limits (8 messages at once, then 1 a second)."""
    own = dataclasses.replace(settings, gateway_port=free_port())
    server = start_gateway(own, settings.var_dir / "gateway-strict.log")
    server.wait_ready()
    yield f"http://127.0.0.1:{own.gateway_port}"
    server.stop()


@pytest.fixture(scope="module")
def gateway_without_rasa(settings: Settings) -> Iterator[str]:
    """A gateway whose Rasa server is not there (a closed port)."""
    own = dataclasses.replace(settings, gateway_port=free_port(), rasa_port=free_port())
    server = start_gateway(own, settings.var_dir / "gateway-no-rasa.log")
    server.wait_ready()
    yield f"http://127.0.0.1:{own.gateway_port}"
    server.stop()


@pytest.mark.parametrize("case", one_case_per_outcome(), ids=lambda c: c.outcome)
def test_a_screening_through_the_gateway_reaches_each_outcome(settings: Settings, gateway: str, case) -> None:
    patient, _ = screen(settings, case.answers(), WebPatient(settings, gateway))
    slots = patient.slots()
    assert slots["screening_outcome"] == case.outcome
    assert slots["criteria_not_met"] == case.not_met
    for words in case.says:
        assert words in patient.all_text


def test_history_after_a_reload_shows_the_conversation_with_button_titles(settings: Settings, gateway: str) -> None:
    patient = WebPatient(settings, gateway)
    start(settings, patient)
    patient.say(button("1+"))
    shown = patient.history()
    assert shown[0] == {"from": "user", "text": "hi", "buttons": []}
    assert shown[1]["from"] == "bot" and "automated assistant" in shown[1]["text"]
    assert [m["text"] for m in shown if m["from"] == "user"] == ["hi", "yes", "1+"]  # the button's title
    assert "Question 2 of 12" in shown[-1]["text"]
    assert shown[-1]["buttons"], "the last question's buttons come back for the quick replies"


def test_a_fifty_kilobyte_message_gets_a_kind_reply_and_loses_nothing(settings: Settings, gateway: str) -> None:
    patient = start(settings, WebPatient(settings, gateway))
    patient.say("x" * 50_000)
    assert "too long" in patient.last_text
    assert "2,000" in patient.last_text
    assert patient.slots()["requested_slot"] == "her2_ihc"  # nothing reached Rasa
    patient.say("1+")
    assert "Question 2 of 12" in patient.last_text


def test_a_body_over_the_limit_is_refused_without_reading_it_all(gateway: str, settings: Settings) -> None:
    patient = WebPatient(settings, gateway)
    reply = patient.post("y" * 400_000)
    assert reply.status_code == 413
    assert "too long" in reply.json()["messages"][0]["text"]


def test_fifty_messages_a_second_from_one_sender_are_throttled_and_others_are_served(
    settings: Settings, strict_gateway: str
) -> None:
    flooder = WebPatient(settings, strict_gateway)
    other = WebPatient(settings, strict_gateway)
    other.say("hi")
    with ThreadPoolExecutor(max_workers=10) as pool:
        flood = list(pool.map(lambda i: flooder.post(f"message {i}"), range(50)))
        others = [other.post(text) for text in ("yes", "1+", "never")]
    statuses = [r.status_code for r in flood]
    assert statuses.count(429) >= 35, statuses  # 8 at once, then about one a second
    assert set(statuses) <= {200, 429}
    throttled = next(r for r in flood if r.status_code == 429)
    assert int(throttled.headers["Retry-After"]) >= 1
    assert "wait a few seconds" in throttled.json()["messages"][0]["text"]
    assert [r.status_code for r in others] == [200, 200, 200]
    assert "Question 3 of 12" in json.dumps(others[-1].json())


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"{not json", "must be JSON"),
        (b"", "must be JSON"),
        (b"[1, 2]", "expected"),
        (json.dumps({"session": "x", "message": 5}).encode(), "expected"),
        (json.dumps({"message": "hi"}).encode(), "unknown session"),
        (json.dumps({"session": "telegram:42", "message": "hi"}).encode(), "unknown session"),
        (json.dumps({"session": "AAAAAAAAAAAAAAAAAAAAAAAA.forged", "message": "hi"}).encode(), "unknown session"),
    ],
    ids=["broken", "empty", "a list", "a number", "no session", "another channel", "forged signature"],
)
def test_malformed_requests_get_a_400_with_a_clear_error(gateway: str, body: bytes, error: str) -> None:
    reply = requests.post(f"{gateway}/api/chat", data=body, headers={"content-type": "application/json"}, timeout=10)
    assert reply.status_code == 400
    assert error in reply.json()["error"]
    assert reply.json()["messages"][0]["text"]


def test_rasa_down_gives_a_friendly_message_and_no_stack_trace(settings: Settings, gateway_without_rasa: str) -> None:
    patient = WebPatient(settings, gateway_without_rasa)
    reply = patient.post("hi")
    assert reply.status_code == 503
    text = reply.json()["messages"][0]["text"]
    assert "try again in a few minutes" in text
    assert "Traceback" not in reply.text and "ConnectError" not in reply.text
    ready = requests.get(f"{gateway_without_rasa}/readyz", timeout=10)
    assert (ready.status_code, ready.json()["rasa"]) == (503, "down")
    assert "rasa" in ready.json()["down"]
    assert requests.get(f"{gateway_without_rasa}/healthz", timeout=10).status_code == 200  # alive all the same
    assert requests.get(f"{gateway_without_rasa}/api/history", params={"session": patient.session}).status_code == 503


def test_health_and_security_headers(gateway: str) -> None:
    ready = requests.get(f"{gateway}/readyz", timeout=10)
    assert (ready.status_code, ready.json()) == (
        200,
        {"status": "ok", "rasa": "ok", "actions": "ok", "database": "ok", "down": []},
    ), ready.text
    page = requests.get(gateway, timeout=10)
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "server" not in page.headers
    widget = requests.get(f"{gateway}/widget.js", timeout=10)
    assert widget.headers["content-type"].startswith("text/javascript")
    assert "x-frame-options" not in widget.headers  # other sites embed the widget
    icon = requests.get(f"{gateway}/favicon.svg", timeout=10)
    assert icon.headers["content-type"].startswith("image/svg+xml") and b"<svg" in icon.content


def test_an_empty_message_is_answered_and_not_forwarded(settings: Settings, gateway: str) -> None:
    patient = start(settings, WebPatient(settings, gateway))
    patient.say("   \x00 ")
    assert "type your answer" in patient.last_text
    assert patient.slots()["requested_slot"] == "her2_ihc"
