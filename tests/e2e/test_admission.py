"""Admission control on a real gateway, Rasa and action server, under a bounded load on loopback.

The gateway forwards one turn at a time (GATEWAY_MAX_IN_FLIGHT=1). Patients already mid-screening
all answer several questions at once while new patients keep arriving: every turn of those
mid-screening is served, and new patients are turned away kindly with Retry-After.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.startup.processes import Server, free_port
from bot.startup.settings import Settings
from tests.e2e.chat import WebPatient
from tests.running import running_gateway

pytestmark = pytest.mark.e2e

MID_SCREENING = 4
ANSWERS = ("yes", "1+", "never", "no")  # consent, then questions 1-3: "Question 4 of 12" follows
MAX_NEWCOMERS = 200  # bounded: the newcomers stop when the others are done, or after this many


@pytest.fixture(scope="module")
def narrow_gateway(settings: Settings, servers: dict[str, Server]) -> Iterator[str]:
    """A gateway in front of the test servers that forwards one turn at a time."""
    own = dataclasses.replace(settings, gateway_port=free_port())
    env = {
        "GATEWAY_MAX_IN_FLIGHT": "1",
        "GATEWAY_QUEUE_WAIT_S": "180",  # patients mid-screening wait (bounded) rather than being refused
        "RATE_SENDER_BURST": "50",
        "RATE_SENDER_PER_SECOND": "20",
        "RATE_ADDRESS_BURST": "100000",
        "RATE_ADDRESS_PER_SECOND": "10000",
    }
    with running_gateway(own, "gateway-narrow.log", env) as url:
        yield url


def test_new_patients_are_turned_away_kindly_and_those_mid_screening_all_finish(
    settings: Settings, narrow_gateway: str
) -> None:
    patients = [WebPatient(settings, narrow_gateway) for _ in range(MID_SCREENING)]
    for patient in patients:
        patient.say("hi")  # each has had a turn: mid-screening from now on
    done = threading.Event()

    def screen(patient: WebPatient) -> list[int]:
        statuses = []
        for answer in ANSWERS:
            reply = patient.post(answer)
            statuses.append(reply.status_code)
            if reply.status_code == 200:
                patient.replies.append(reply.json()["messages"])
        return statuses

    def newcomers() -> list[requests.Response]:
        replies: list[requests.Response] = []
        while not done.is_set() and len(replies) < MAX_NEWCOMERS:
            replies.append(WebPatient(settings, narrow_gateway).post("hi"))
        return replies

    with ThreadPoolExecutor(max_workers=MID_SCREENING + 1) as pool:
        arriving = pool.submit(newcomers)
        try:
            finished = list(pool.map(screen, patients))
        finally:
            done.set()
        turned_up = arriving.result(timeout=300)

    assert finished == [[200] * len(ANSWERS)] * MID_SCREENING  # every turn of those mid-screening served
    for patient in patients:
        assert "Question 4 of 12" in patient.last_text
    refused = [r for r in turned_up if r.status_code == 503]
    assert refused, [r.status_code for r in turned_up]
    assert {r.status_code for r in turned_up} <= {200, 503}
    for reply in refused:
        assert reply.json()["error"] == "the assistant is busy"
        assert "try again in a few minutes" in reply.json()["messages"][0]["text"]
        assert int(reply.headers["Retry-After"]) >= 60
