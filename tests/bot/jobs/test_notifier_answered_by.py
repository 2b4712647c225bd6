"""Caregiver mode: the referral e-mail says who answered (no health or contact details)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot.jobs.notifier import compose
from bot.store.schema import OutboxMessage
from tests.bot.jobs.test_notifier import mail_to


def _message(answered_by: str | None) -> OutboxMessage:
    screening = SimpleNamespace(trial_id="NCT06561607", outcome="likely_eligible", answered_by=answered_by)
    referral: Any = SimpleNamespace(number="R-ABCDEF", screening=screening)
    return cast(OutboxMessage, SimpleNamespace(referral=referral, message_id="<m@example.org>"))


@pytest.mark.parametrize(
    ("answered_by", "line"),
    [
        ("mother", "Answered by: their son or daughter (a caregiver); answering for: mother"),
        ("self", "Answered by: the patient\n"),
        (None, "Answered by: the patient, as far as the chat knows (not asked)"),
    ],
)
def test_the_referral_email_says_who_answered(tmp_path: Path, answered_by: str | None, line: str) -> None:
    body = compose(_message(answered_by), mail_to(None, tmp_path, "en")).get_content()
    assert line in body
