"""The speed fixes change nothing but speed.

The cached action-reply validator accepts and refuses exactly what Rasa's own does; the
event-class table finds the classes Rasa's search finds; the kept action-server session
sends the same requests over one connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_server import speedups
from bot.rasa_server.speedups import apply, validate_action_result
from bot.startup.processes import free_port

REPLIES: list[Any] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 54}], "responses": [{"text": "hi", "buttons": []}]},
    {"events": [{"event": "slot"}], "responses": []},  # a slot event without a name
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}]},
    {"responses": [{"text": 5}]},
    {},
]


def rasa_accepts(reply: Any) -> bool:
    try:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize("reply", REPLIES)
def test_same_verdict_as_rasa(reply: Any) -> None:
    if rasa_accepts(reply):
        assert validate_action_result(None, reply) is True
    else:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            validate_action_result(None, reply)


def test_the_table_holds_both_verdicts() -> None:
    verdicts = {rasa_accepts(r) for r in REPLIES}
    assert verdicts == {True, False}


@pytest.fixture
def applied() -> Iterator[None]:
    """The fixes installed for one test, Rasa's own methods back afterwards."""
    saved = (RemoteAction.__dict__["_validate_action_result"], Event.__dict__["resolve_by_type"])
    session = EndpointConfig.__dict__["session"]
    apply()
    yield
    RemoteAction._validate_action_result, Event.resolve_by_type = saved  # type: ignore[method-assign,assignment]
    EndpointConfig.session = session  # type: ignore[method-assign]


def test_apply_replaces_the_methods(applied: None) -> None:
    assert RemoteAction._validate_action_result is validate_action_result
    assert Event.resolve_by_type is speedups.resolve_event_type
    assert EndpointConfig.session is speedups.kept_session


def test_event_classes_are_the_ones_rasas_search_finds(applied: None) -> None:
    rasa_search = speedups.RASA_RESOLVE_BY_TYPE
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert Event.resolve_by_type(name) is rasa_search(name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no such event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no such event")


def test_action_server_calls_share_one_connection_and_send_the_same_json(applied: None) -> None:
    body = {"tracker": {"events": [{"event": "user", "text": "J'ai 54 ans / <b>😊</b>", "confidence": 0.5}]}}

    async def scenario() -> tuple[set[Any], list[Any], list[Any]]:
        peers: set[Any] = set()
        received: list[Any] = []

        async def echo(request: web.Request) -> web.Response:
            peers.add(request.transport.get_extra_info("peername") if request.transport else None)
            received.append(await request.json())
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", echo)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
        try:
            replies = [await endpoint.request(json=body, method="post") for _ in range(3)]
        finally:
            await endpoint.session().session.close()
            await runner.cleanup()
        return peers, received, replies

    peers, received, replies = asyncio.run(scenario())
    assert len(peers) == 1  # kept alive: one connection for all three calls
    assert received == [body] * 3
    assert replies == [{"events": [], "responses": []}] * 3
