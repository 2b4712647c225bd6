"""Rasa's own log lines carry no patient text at INFO or above (DESIGN.md section 5).

Stock Rasa 3.6 logs a message that starts with "/" but is no intent payload whole, in two
ways. (1) With structlog at WARNING, `message.parsing.failed` with `user_text`: Rasa's
`_anonymizer` processor visits such keys (text, user_text, message, slot values, ...) but
changes them only when a Rasa Pro anonymization plugin is installed. `apply` wraps it,
before Rasa sets up its logging, so that every line logged at INFO or above has those keys
replaced by "[redacted]"; DEBUG lines keep them, for a developer's own machine.
(2) As a Python warning, "Failed to parse arguments in line '<the message>'" (an unknown
intent, bad JSON, unknown entities): `apply` has Rasa's `raise_warning` say it without
the line.
"""

from __future__ import annotations

from typing import Any

REDACTED = "[redacted]"
# The keys that rasa.utils.log_utils._anonymizer treats as possibly holding user data.
PATIENT_KEYS = frozenset(
    {
        "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
        "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
        "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
        "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
        "json_message",
    }
)  # fmt: skip


def redact(event_dict: dict[str, Any], method_name: str) -> dict[str, Any]:
    """The log line with every patient key redacted, unless it is logged at DEBUG."""
    if method_name == "debug":
        return event_dict
    return {key: REDACTED if key in PATIENT_KEYS else value for key, value in event_dict.items()}


PARSE_FAILURE = "Failed to parse arguments in line"
PARSE_FAILURE_SAID = (
    "A message started with '/' but is no intent payload Rasa can use; it is read as text (text not logged)."
)


def without_message_text(warning: str) -> str:
    """A Rasa warning, with the text of a message that failed to parse as a payload left out."""
    return PARSE_FAILURE_SAID if PARSE_FAILURE in warning else warning


def apply() -> None:
    """Wrap Rasa's structlog anonymizer and `raise_warning` in this process (before Rasa starts)."""
    import rasa.shared.utils.io
    from rasa.utils import log_utils

    rasa_anonymizer = log_utils._anonymizer
    rasa_raise_warning = rasa.shared.utils.io.raise_warning

    def anonymizer(logger: Any, method_name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
        return redact(rasa_anonymizer(logger, method_name, event_dict), method_name)

    def raise_warning(message: str, category: Any = None, docs: str | None = None, **kwargs: Any) -> None:
        rasa_raise_warning(without_message_text(message), category, docs, **kwargs)

    log_utils._anonymizer = anonymizer
    rasa.shared.utils.io.raise_warning = raise_warning
