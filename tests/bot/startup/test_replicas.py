"""Sticky routing to Rasa replicas: stable, spread, minimal movement; the client sends each sender to its replica."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import pytest

from bot.rasa_client import RasaClient
from bot.startup.replicas import parse_urls, replica_for
from bot.startup.settings import Settings

A, B, C = "http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"
SENDERS = [f"web:{i:04d}" for i in range(1000)]


def test_the_same_sender_always_goes_to_the_same_replica_whatever_the_order_of_urls() -> None:
    for sender in SENDERS[:50]:
        assert replica_for(sender, [A, B]) == replica_for(sender, [B, A]) == replica_for(sender, (A, B))


def test_a_known_sender_lands_where_it_landed_before() -> None:
    # fixed expectations: sha256, not Python's salted hash(), so every gateway and every run agrees
    senders = ("web:0000", "web:0001", "web:0002", "web:0003", "telegram:42")
    assert [replica_for(s, [A, B]) for s in senders] == [B, A, B, A, B]


def test_senders_spread_over_the_replicas() -> None:
    counts = Counter(replica_for(s, [A, B]) for s in SENDERS)
    assert 400 < counts[A] < 600 and counts[A] + counts[B] == 1000


def test_adding_a_replica_moves_only_the_senders_it_takes() -> None:
    moved = [s for s in SENDERS if replica_for(s, [A, B]) != replica_for(s, [A, B, C])]
    assert all(replica_for(s, [A, B, C]) == C for s in moved)
    assert 250 < len(moved) < 420  # about a third


def test_one_replica_takes_everyone_and_none_is_an_error() -> None:
    assert {replica_for(s, [A]) for s in SENDERS[:10]} == {A}
    with pytest.raises(ValueError, match="no Rasa replica"):
        replica_for("web:1", [])


@pytest.mark.parametrize(
    ("value", "urls"),
    [
        ("", ()),  # unset: the single RASA_PORT server
        (f"{A}", (A,)),
        (f" {A}/ , {B},,", (A, B)),  # blanks, trailing slash and empty items dropped
    ],
)
def test_rasa_urls_are_parsed(value: str, urls: tuple[str, ...]) -> None:
    assert parse_urls(value) == urls


def test_settings_default_to_the_rasa_port_server(settings: Settings) -> None:
    assert settings.rasa_urls == (settings.rasa_url,)


async def test_the_client_sends_each_sender_and_its_history_to_its_own_replica() -> None:
    seen: list[tuple[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        base = f"{request.url.scheme}://{request.url.host}:{request.url.port}"
        if request.method == "POST":
            seen.append((base, json.loads(request.content)["sender"]))
            return httpx.Response(200, json=[{"text": "hello"}])
        seen.append((base, request.url.path.split("/")[2]))
        return httpx.Response(200, json={"events": []})

    client = RasaClient([A, B], transport=httpx.MockTransport(answer))
    try:
        for sender in SENDERS[:20]:
            await client.send(sender, "hi")
            await client.events(sender)
    finally:
        await client.aclose()
    assert seen == [(replica_for(s, [A, B]), s) for s in SENDERS[:20] for _ in range(2)]


async def test_healthy_only_when_every_replica_answers() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200 if request.url.port == 5005 else 502)

    for urls, healthy in (([A], True), ([A, B], False)):
        client = RasaClient(urls, transport=httpx.MockTransport(answer))
        assert await client.healthy() is healthy
        await client.aclose()
