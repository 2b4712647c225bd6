"""The checked REST channel's reading of a request body (no server: tests/fuzz/ sends the same to a real one)."""

from __future__ import annotations

import json

import pytest

from bot.rasa_server.rest_channel import BadRequest, parse_request


def test_a_well_formed_request_is_read_as_sent() -> None:
    body = json.dumps({"sender": "web:abc", "message": " hi \u202e", "metadata": {"a": 1}}).encode()
    assert parse_request(body) == ("web:abc", " hi \u202e", {"a": 1})


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"", "must be JSON"),
        (b"{broken", "must be JSON"),
        (b"\xff\xfe", "must be JSON"),
        (b"null", "expected a JSON object"),
        (b"[1, 2]", "expected a JSON object"),
        (b'"hi"', "expected a JSON object"),
        (b'{"sender": "a"}', '"message" must be a string'),
        (b'{"sender": "a", "message": 5}', '"message" must be a string'),
        (b'{"sender": "a", "message": ["hi"]}', '"message" must be a string'),
        (b'{"sender": "a", "message": null}', '"message" must be a string'),
        (b'{"message": "hi"}', '"sender" must be a non-empty string'),  # stock Rasa files it under "default"
        (b'{"sender": "", "message": "hi"}', '"sender" must be a non-empty string'),
        (b'{"sender": 5, "message": "hi"}', '"sender" must be a non-empty string'),
        (b'{"sender": "a\\u0000b", "message": "hi"}', "control characters"),
        (json.dumps({"sender": "s" * 256, "message": "hi"}).encode(), "at most 255"),
        (b'{"sender": "a", "message": "hi", "metadata": 5}', '"metadata" must be a JSON object'),
    ],
)
def test_a_malformed_request_is_refused_saying_why(body: bytes, error: str) -> None:
    with pytest.raises(BadRequest, match=error):
        parse_request(body)
