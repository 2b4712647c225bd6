"""Patient keys are redacted from Rasa's log lines at INFO and above, kept at DEBUG."""

from __future__ import annotations

import warnings

import pytest
import rasa.shared.utils.io
from rasa.utils import log_utils

from bot.rasa_server.log_privacy import PARSE_FAILURE_SAID, REDACTED, apply, redact, without_message_text

LINE = {"event": "message.parsing.failed", "user_text": "/my secret", "text": "x", "message": "m", "level": "warning"}


@pytest.mark.parametrize("method", ["info", "warning", "error", "exception", "critical"])
def test_redacted_at_info_and_above(method: str) -> None:
    line = redact(dict(LINE), method)
    assert line == {**LINE, "user_text": REDACTED, "text": REDACTED, "message": REDACTED}


def test_kept_at_debug() -> None:
    assert redact(dict(LINE), "debug") == LINE


def test_a_parse_warning_loses_the_message_text() -> None:
    warning = "Failed to parse arguments in line '/my secret'. Failed to decode parameters as a json object."
    assert without_message_text(warning) == PARSE_FAILURE_SAID
    assert "/my secret" not in PARSE_FAILURE_SAID
    assert without_message_text("Model has no NLU part.") == "Model has no NLU part."


def test_apply_wraps_rasas_anonymizer_and_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_utils, "_anonymizer", log_utils._anonymizer)  # both restored after the test
    monkeypatch.setattr(rasa.shared.utils.io, "raise_warning", rasa.shared.utils.io.raise_warning)
    apply()
    assert log_utils._anonymizer(None, "warning", dict(LINE))["user_text"] == REDACTED
    assert log_utils._anonymizer(None, "debug", dict(LINE))["user_text"] == "/my secret"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rasa.shared.utils.io.raise_warning("Failed to parse arguments in line '/my secret'.")
    assert [str(w.message) for w in caught] == [PARSE_FAILURE_SAID]
