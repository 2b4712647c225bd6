"""`python -m bot.startup.launcher cluster` (make run-cluster) keeps serving when a Rasa replica is killed.

Two Rasa replicas on a throw-away PostgreSQL database and Redis locks under a key prefix of their
own, started by the launcher as `make run-cluster` does. The replica serving a patient is SIGKILLed
mid-screening: the gateway hands that patient to the other replica at once (they share the tracker
and lock stores), /readyz stays ready, /healthz?detail=1 shows the replica down, the launcher brings
it back within its back-off, and the conversation goes on to its outcome with every answer kept.
A killed action server is restarted as in `make run`. Skips when PostgreSQL or Redis is absent.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.startup.cluster import redis_env, redis_problem
from bot.startup.replicas import replica_for
from bot.startup.settings import Settings
from tests.databases import postgres_database
from tests.e2e.chat import WebPatient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import answer_until_summary
from tests.e2e.test_supervision import (
    BACK_TIMEOUT_S,
    Launched,
    assert_sigterm_stops_everything_within_10_seconds,
    is_ready,
    launch,
    wait_for,
)
from tests.running import on_free_ports
from tests.telegram.conftest import TOKEN
from tests.telegram.fake_bot_api import FakeBotApi, running_fake

pytestmark = pytest.mark.e2e

PROCESSES = 6  # action server, two Rasa replicas, notifier, gateway, Telegram


def two_free_ports_in_a_row() -> int:
    """A port P with P and P+1 both free (the launcher puts replica i on RASA_PORT + i)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        with socket.socket() as second:
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two free ports in a row on loopback")


@pytest.fixture(scope="module")
def bot_api() -> Iterator[FakeBotApi]:
    """Telegram's cloud, faked on loopback."""
    yield from running_fake(TOKEN)


@pytest.fixture(scope="module")
def cluster(
    settings: Settings, trained_model: Path, tmp_path_factory: pytest.TempPathFactory, bot_api: FakeBotApi
) -> Iterator[Launched]:
    lock_env = redis_env(key_prefix=f"sup{uuid.uuid4().hex[:8]}")
    problem = redis_problem(lock_env)
    if problem:
        pytest.skip(problem)
    var = tmp_path_factory.mktemp("cluster-launched")
    own = dataclasses.replace(
        on_free_ports(settings, var, models_dir=trained_model.parent), rasa_port=two_free_ports_in_a_row()
    )
    with postgres_database() as url:
        extra = {**lock_env, "CLUSTER_DATABASE_URL": url, "CLUSTER_REPLICAS": "2"}
        with launch("cluster", own, bot_api, extra, PROCESSES) as running:
            yield running


def replica_name(url: str) -> str:
    return f"rasa server :{url.rsplit(':', 1)[1]}"


def test_the_cluster_lists_both_replicas_up(cluster: Launched) -> None:
    port = cluster.settings.rasa_port
    names = sorted(cluster.processes())
    assert names == sorted(
        ["action server", f"rasa server :{port}", f"rasa server :{port + 1}", "notifier", "gateway", "telegram"]
    )
    detail = requests.get(f"{cluster.gateway}/healthz", params={"detail": "1"}, timeout=30).json()
    assert sorted(detail["rasa_replicas"].values()) == ["ok", "ok"]


def test_a_killed_replica_hands_its_patient_to_the_other_and_comes_back(cluster: Launched) -> None:
    port = cluster.settings.rasa_port
    urls = [f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"]
    patient = WebPatient(cluster.settings, cluster.gateway)
    for message in ("hi", "yes", "1+"):
        patient.say(message)
    assert "Question 2 of 12" in patient.last_text
    own = replica_for(patient.sender, urls)
    name = replica_name(own)
    before = cluster.processes()[name]
    os.killpg(before["pid"], signal.SIGKILL)
    wait_for("the replica is seen down", lambda: cluster.processes()[name]["state"] != "up", cluster, 30)
    patient.say("never")  # at once, on the other replica: no "restarting" for this patient
    assert "Question 3 of 12" in patient.last_text
    assert is_ready(cluster)  # one replica carries every conversation
    detail = requests.get(f"{cluster.gateway}/healthz", params={"detail": "1"}, timeout=30).json()
    if cluster.processes()[name]["state"] != "up":
        assert detail["rasa_replicas"][own] == "down"
    wait_for("the replica is back", lambda: cluster.processes()[name]["state"] == "up", cluster, BACK_TIMEOUT_S)
    after = cluster.processes()[name]
    assert after["pid"] != before["pid"] and (after["restarts"], after["last_exit_code"]) == (1, -9)
    asked = ["her2_ihc", "anti_her2"]
    answer_until_summary(patient, ELIGIBLE, asked)  # back on its own replica, which reads the shared tracker
    patient.say("yes")
    slots = patient.slots()
    assert (slots["her2_ihc"], slots["anti_her2"], slots["screening_outcome"]) == ("1+", "no", "likely_eligible")
    log = cluster.log()
    assert f"{name} exited with signal 9 (SIGKILL); restarting in 1 s" in log
    assert "never" not in log  # no patient words in the launcher's log


def test_a_killed_action_server_is_restarted_in_the_cluster_too(cluster: Launched) -> None:
    before = cluster.processes()["action server"]
    os.killpg(before["pid"], signal.SIGKILL)
    wait_for(
        "the action server is back and the cluster ready",
        lambda: (
            cluster.processes()["action server"]["pid"] != before["pid"]
            and cluster.processes()["action server"]["state"] == "up"
            and is_ready(cluster)
        ),
        cluster,
        BACK_TIMEOUT_S,
    )
    patient = WebPatient(cluster.settings, cluster.gateway)
    for message in ("hi", "yes"):
        patient.say(message)
    assert "Question 1 of 12" in patient.last_text


def test_sigterm_stops_the_whole_cluster_within_10_seconds(cluster: Launched) -> None:
    assert_sigterm_stops_everything_within_10_seconds(cluster)
