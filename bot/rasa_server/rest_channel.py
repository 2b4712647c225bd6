"""Rasa's REST channel with its input checked, and no patient text in its error logs.

Stock Rasa 3.6 answers a JSON body that is not an object (a list, `null`, nothing)
with 500, takes a number, a list or `null` as the message (answering 200 with no
reply), files a request without a sender under the shared sender id "default", and
logs the patient's text at ERROR when a turn fails, answering 200 with what was
collected. Found by the fuzz tests (tests/fuzz/). This channel keeps the same address
(`/webhooks/rest/webhook`) and the same reply (a JSON list of the bot's messages),
refuses anything else with a 400 and a JSON error saying what is wrong, and answers a
turn that failed (see bot/rasa_server/tracker_failures.py) with 503, logging only the kind of error.
Named in credentials.yml.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 255  # Rasa's own SQL tracker store keeps at most this many
EXPECTED = 'expected a JSON object {"sender": string, "message": string}'


class BadRequest(ValueError):
    """The request is not one this channel accepts; the text says why."""


def _sender(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise BadRequest('"sender" must be a non-empty string')
    if len(value) > MAX_SENDER_CHARS:
        raise BadRequest(f'"sender" must be at most {MAX_SENDER_CHARS} characters')
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise BadRequest('"sender" must not hold control characters')
    return value


def parse_request(body: bytes) -> tuple[str, str, dict[str, Any] | None]:
    """Sender, message and metadata of a REST channel request body; BadRequest when it is malformed."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("the body must be JSON: " + EXPECTED) from error
    if not isinstance(data, dict):
        raise BadRequest(EXPECTED)
    if not isinstance(data.get("message"), str):
        raise BadRequest('"message" must be a string')
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest('"metadata" must be a JSON object')
    return _sender(data.get("sender")), data["message"], metadata


class CheckedRestInput(InputChannel):
    """The REST channel (`POST /webhooks/rest/webhook`), refusing malformed requests with 400."""

    @classmethod
    def name(cls) -> str:
        """The same name, hence the same address, as Rasa's REST channel."""
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """`GET /` (alive) and `POST /webhook` (one message in, the bot's messages out)."""
        hooks = Blueprint("checked_rest_webhook", __name__)

        @hooks.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_request(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except Exception as error:  # noqa: BLE001 - a failed turn is a 503, whatever failed
                logger.error("a REST message could not be handled: %s", error.__class__.__name__)
                logger.debug("the failure in full", exc_info=True)
                return response.json({"error": "the message could not be handled; send it again"}, status=503)
            return response.json(collector.messages)

        return hooks
