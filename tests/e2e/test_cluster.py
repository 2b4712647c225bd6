"""Two Rasa replicas on one PostgreSQL tracker store with Redis locks: nothing lost, nothing doubled.

Its own action server and two Rasa servers (endpoints.cluster.yml) on a throw-away PostgreSQL
database, Redis locks under a key prefix of their own, and a gateway routing by sender
(RASA_URLS). Skips with the reason when PostgreSQL or Redis is not reachable.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.gateway.process import start_gateway
from bot.rasa_server.tracker_store import tracker_key
from bot.startup.cluster import redis_env, redis_problem, replica_settings, start_replicas
from bot.startup.processes import free_port, start_action_server
from bot.startup.replicas import replica_for
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher
from tests.databases import postgres_database
from tests.e2e.chat import WebPatient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import answer_until_summary, screen, start

pytestmark = pytest.mark.e2e

CONCURRENT = 10
LOOSE_LIMITS = {"RATE_SENDER_BURST": "50", "RATE_SENDER_PER_SECOND": "20", "RATE_ADDRESS_BURST": "2000"}


@dataclasses.dataclass
class Cluster:
    """The replicas' settings (one per Rasa server), the gateway's address and the database."""

    replicas: list[Settings]
    gateway_url: str

    @property
    def database_url(self) -> str:
        return self.replicas[0].store_url


@pytest.fixture(scope="module")
def cluster(settings: Settings, trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Action server, two Rasa replicas and a gateway on a fresh PostgreSQL database and Redis."""
    lock_env = redis_env(key_prefix=f"test{uuid.uuid4().hex[:8]}")
    problem = redis_problem(lock_env)
    if problem:
        pytest.skip(problem)
    tmp = tmp_path_factory.mktemp("cluster")
    with postgres_database() as url:
        ports = [free_port(), free_port()]
        mine = dataclasses.replace(
            settings,
            rasa_port=ports[0],
            actions_port=free_port(),
            gateway_port=free_port(),
            var_dir=tmp,
            tracker_db=tmp / "unused-tracker.db",
            database_url=url,
            rasa_replicas=tuple(f"http://127.0.0.1:{port}" for port in ports),
        )
        actions = start_action_server(mine, tmp / "actions.log")
        servers = [actions]
        try:
            actions.wait_ready()
            servers += start_replicas(replica_settings(mine, ports), trained_model, tmp, lock_env)
            gateway = start_gateway(mine, tmp / "gateway.log", LOOSE_LIMITS)
            servers.append(gateway)
            gateway.wait_ready()
            yield Cluster(replica_settings(mine, ports), f"http://127.0.0.1:{mine.gateway_port}")
        finally:
            for server in reversed(servers):
                server.stop()


def tracker_events(settings: Settings, sender: str) -> list[dict]:
    """The conversation's events as one replica's HTTP API returns them."""
    reply = requests.get(
        f"{settings.rasa_url}/conversations/{sender}/tracker",
        params={"token": settings.rasa_api_token},
        timeout=30,
    )
    reply.raise_for_status()
    events: list[dict] = reply.json()["events"]
    return events


def user_texts(events: list[dict]) -> list[str]:
    return [e["text"] for e in events if e["event"] == "user"]


def sql_rows(cluster: Cluster, query: str, **params: object) -> list[tuple]:
    engine = create_engine(cluster.database_url, future=True)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query), params).all()]
    finally:
        engine.dispose()


def duplicated_events(cluster: Cluster) -> list[tuple]:
    """Rows of the events table that are there twice (same conversation, type and timestamp)."""
    return sql_rows(
        cluster,
        "SELECT sender_id, type_name, timestamp, count(*) FROM events "
        "GROUP BY sender_id, type_name, timestamp HAVING count(*) > 1",
    )


def test_a_conversation_moved_between_replicas_mid_screening_goes_on(cluster: Cluster) -> None:
    first, second = cluster.replicas
    patient = start(first)  # greeting and consent on replica A
    patient.say("1+")
    patient.say("never")
    assert "Question 3 of 12" in patient.last_text
    patient.settings = second  # the rest on replica B, straight over REST
    answer_until_summary(patient, ELIGIBLE, [])
    patient.say("yes")
    assert patient.slots()["screening_outcome"] == "likely_eligible"
    events_a, events_b = tracker_events(first, patient.sender), tracker_events(second, patient.sender)
    assert events_a == events_b  # both replicas read the same conversation from PostgreSQL
    assert user_texts(events_b)[:4] == ["hi", "yes", "1+", "never"]
    assert len(user_texts(events_b)) == len(patient.replies)  # every message once, none lost
    assert duplicated_events(cluster) == []


def test_concurrent_conversations_on_both_replicas_lose_and_double_nothing(cluster: Cluster) -> None:
    patients = [WebPatient(cluster.replicas[0], cluster.gateway_url) for _ in range(CONCURRENT)]
    for _ in range(20):  # bounded: until the gateway's routing puts someone on each replica
        if len({replica_for(p.sender, cluster.replicas[0].rasa_urls) for p in patients}) == 2:
            break
        patients[-1] = WebPatient(cluster.replicas[0], cluster.gateway_url)
    routed = {replica_for(p.sender, cluster.replicas[0].rasa_urls) for p in patients}
    assert routed == set(cluster.replicas[0].rasa_urls)

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        finished = list(pool.map(lambda p: screen(p.settings, ELIGIBLE, p)[0], patients))

    cipher = load_cipher(cluster.replicas[0].var_dir)
    for patient in finished:
        assert patient.slots()["screening_outcome"] == "likely_eligible"
        events_a, events_b = (tracker_events(replica, patient.sender) for replica in cluster.replicas)
        assert events_a == events_b
        assert len(user_texts(events_a)) == len(patient.replies) == 15  # complete: every turn, once
        rows = sql_rows(
            cluster,
            "SELECT type_name, count(*) FROM events WHERE sender_id = :key GROUP BY type_name",
            key=tracker_key(cipher, patient.sender),
        )
        assert dict(rows)["user"] == 15
        assert sum(count for _, count in rows) == len(events_a)  # SQL holds exactly what the tracker shows
    assert duplicated_events(cluster) == []


def test_one_conversation_hit_on_both_replicas_at_once_keeps_every_message_once(cluster: Cluster) -> None:
    first, second = cluster.replicas
    patient = start(first)
    before = len(tracker_events(first, patient.sender))
    messages = [("why do you ask?", first), ("what is TQB2102?", second)] * 3

    def post(item: tuple[str, Settings]) -> int:
        message, replica = item
        reply = requests.post(
            f"{replica.rasa_url}/webhooks/rest/webhook", json={"sender": patient.sender, "message": message}, timeout=60
        )
        return reply.status_code

    with ThreadPoolExecutor(max_workers=len(messages)) as pool:
        assert list(pool.map(post, messages)) == [200] * len(messages)
    events = tracker_events(second, patient.sender)
    assert sorted(user_texts(events[before:])) == sorted(m for m, _ in messages)  # each once: the Redis lock
    assert duplicated_events(cluster) == []
    patient.say("1+")
    assert "Question 2 of 12" in patient.last_text  # and the screening goes on
