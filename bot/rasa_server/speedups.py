"""Rasa, started with speed fixes found by profiling the server under load (py-spy).

(It also installs bot.rasa_server.tracker_failures: a failing tracker store fails the turn; and
bot.rasa_server.log_privacy: Rasa's own log lines carry no patient text at INFO or above.)

- The action-server reply schema is checked once. Rasa 3.6 validates every custom
  action's reply with `jsonschema.validate`, which first checks the schema itself against
  the JSON Schema meta-schema, on every call: about two thirds of a screening turn. Each
  reply is still validated against exactly the same schema, with the same errors.
- An event's class is looked up by its type name in a table built once. Rasa walks every
  subclass of Event for every event it reads (a tracker from the store, an action's
  reply): about 5% of a turn at 50 patients at once.
- Calls to the action server keep their connection (HTTP keep-alive) and write the
  tracker as JSON with ujson. Rasa opens a new aiohttp session, so a new connection, for
  every call, three a turn, each carrying the whole conversation; `json.dumps` of it
  alone was about 6% of a turn.

Run it as Rasa's own command line: `python -m bot.rasa_server.speedups run --enable-api ...`.
"""

from __future__ import annotations

import asyncio
import sys
from functools import lru_cache
from typing import Any

KEEP_ALIVE_S = 2.0  # below the action server's (Sanic's) 5 s, so it never closes a connection we are about to use


@lru_cache(maxsize=1)
def reply_validator() -> Any:
    """The validator for action-server replies, built and checked once."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Drop-in for `RemoteAction._validate_action_result`, with the cached validator."""
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        reply_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


@lru_cache(maxsize=1)
def event_classes() -> dict[str, Any]:
    """Every Event subclass by its type name (the first one found, as Rasa's search takes)."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    table: dict[str, Any] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


RASA_RESOLVE_BY_TYPE: Any = None  # Rasa's own `Event.resolve_by_type`, kept by apply()


def resolve_event_type(type_name: str, default: Any = None) -> Any:
    """Drop-in for `Event.resolve_by_type`: the table first, Rasa's own search for anything else."""
    found = event_classes().get(type_name)
    return found if found is not None else RASA_RESOLVE_BY_TYPE(type_name, default)


class KeptSession:
    """`async with` gives the endpoint's lasting aiohttp session instead of a new one each call."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        return None  # kept open for the next call


def kept_session(self: Any) -> KeptSession:
    """Drop-in for `EndpointConfig.session`: one session per endpoint and event loop, kept alive."""
    import aiohttp
    import ujson
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    loop = asyncio.get_running_loop()
    kept = getattr(self, "_kept_session", None)
    if kept is None or kept[0] is not loop or kept[1].closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_S),
            json_serialize=ujson.dumps,
        )
        kept = (loop, session)
        self._kept_session = kept
    return KeptSession(kept[1])


def apply() -> None:
    """Install the fixes in this process."""
    global RASA_RESOLVE_BY_TYPE
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event
    from rasa.utils.endpoints import EndpointConfig

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    if RASA_RESOLVE_BY_TYPE is None:
        RASA_RESOLVE_BY_TYPE = Event.resolve_by_type
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign,assignment]
    EndpointConfig.session = kept_session  # type: ignore[method-assign,assignment]


def main() -> None:
    """Apply the fixes (and the two modules above), then run Rasa's command line with our arguments."""
    from bot.rasa_server import log_privacy, tracker_failures

    apply()
    tracker_failures.apply()
    log_privacy.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
