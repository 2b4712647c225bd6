"""The cached action-reply validator accepts and refuses exactly what Rasa's own does."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_speedups import apply, validate_action_result

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


def test_apply_replaces_the_method() -> None:
    original = RemoteAction._validate_action_result
    try:
        apply()
        assert RemoteAction._validate_action_result is validate_action_result
    finally:
        RemoteAction._validate_action_result = original  # type: ignore[method-assign]
