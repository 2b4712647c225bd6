"""Sticky routing to Rasa replicas: stable, spread, minimal movement; each sender to its own, or the next when down."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import pytest

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.startup.replicas import parse_urls, replica_for, replicas_in_order
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


async def test_healthy_when_any_replica_answers_and_each_one_is_reported() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200 if request.url.port == 5005 else 502)

    for urls, healthy in (([A], True), ([A, B], True), ([B], False)):
        client = RasaClient(urls, transport=httpx.MockTransport(answer))
        assert await client.healthy() is healthy
        await client.aclose()
    client = RasaClient([A, B], transport=httpx.MockTransport(answer))
    assert await client.replicas_up() == {A: True, B: False}
    await client.aclose()


def test_the_order_of_replicas_starts_with_the_senders_own_and_holds_them_all() -> None:
    for sender in SENDERS[:50]:
        order = replicas_in_order(sender, [A, B, C])
        assert order[0] == replica_for(sender, [A, B, C]) and sorted(order) == sorted([A, B, C])
        assert [u for u in order if u != order[0]] == replicas_in_order(sender, [u for u in (A, B, C) if u != order[0]])


def _replica_down(down: str, seen: list[str], failure: type[httpx.TransportError] = httpx.ConnectError) -> RasaClient:
    def answer(request: httpx.Request) -> httpx.Response:
        base = f"{request.url.scheme}://{request.url.host}:{request.url.port}"
        seen.append(base)
        if base == down:
            raise failure("down", request=request)
        return httpx.Response(200, json=[{"text": "hello"}] if request.method == "POST" else {"events": []})

    return RasaClient([A, B], transport=httpx.MockTransport(answer))


async def test_a_refused_replica_hands_its_senders_to_the_next_one() -> None:
    sender = next(s for s in SENDERS if replica_for(s, [A, B]) == A)
    seen: list[str] = []
    client = _replica_down(A, seen)
    try:
        assert [m.text for m in await client.send(sender, "hi")] == ["hello"]
        assert await client.events(sender) == []
    finally:
        await client.aclose()
    assert seen == [A, B, A, B]  # tried its own first, then the other: the same tracker and locks


async def test_a_time_out_is_not_retried_elsewhere_the_message_may_have_been_handled() -> None:
    sender = next(s for s in SENDERS if replica_for(s, [A, B]) == A)
    seen: list[str] = []
    client = _replica_down(A, seen, httpx.ReadTimeout)
    try:
        with pytest.raises(RasaUnavailable):
            await client.send(sender, "hi")
    finally:
        await client.aclose()
    assert seen == [A]


async def test_every_replica_refusing_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    client = RasaClient([A, B], transport=httpx.MockTransport(refuse))
    try:
        with pytest.raises(RasaUnavailable, match="ConnectError"):
            await client.send("web:1", "hi")
    finally:
        await client.aclose()
