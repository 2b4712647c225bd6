"""Rasa, started with one speed fix: the action-server reply schema is checked once.

(It also installs bot.tracker_failures: a failing tracker store fails the turn; and
bot.rasa_log_privacy: Rasa's own log lines carry no patient text at INFO or above.)

Rasa 3.6 validates every custom action's reply with `jsonschema.validate`, which
first checks the schema itself against the JSON Schema meta-schema, on every
call. Profiling the server (py-spy) showed that to be about two thirds of the
time of a screening turn. Here the validator is built and checked once; each
reply is still validated against exactly the same schema, with the same errors.

Run it as Rasa's own command line: `python -m bot.rasa_speedups run --enable-api ...`.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any


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


def apply() -> None:
    """Install the fix in this process."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def main() -> None:
    """Apply the fix (and the two modules above), then run Rasa's command line with our arguments."""
    from bot import rasa_log_privacy, tracker_failures

    apply()
    tracker_failures.apply()
    rasa_log_privacy.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
