"""The notifier against a real SMTP server on loopback (aiosmtpd), and the Maildir default."""

from __future__ import annotations

import datetime as dt
import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.notifier import MailSettings, backoff, run_once
from bot.store.crypto import Cipher
from bot.store.database import transaction
from bot.store.referrals import create_referral
from bot.store.schema import DeliveryAttempt, OutboxMessage, utcnow
from bot.store.screenings import record_screening
from tests.conftest import free_port
from tests.smtp import Inbox, smtp_server


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


def mail_to(smtp_port: int | None, tmp_path: Path) -> MailSettings:
    return MailSettings(
        to="central-contact@example.org",
        host="127.0.0.1" if smtp_port else None,
        port=smtp_port or 25,
        starttls=False,
        use_ssl=False,
        user=None,
        password=None,
        maildir=tmp_path / "maildir",
        navigator_url="https://screening.example.org",
    )


def refer(engine: Engine, cipher: Cipher, sender: str = "web:1") -> str:
    with transaction(engine) as session:
        screening = record_screening(
            session,
            cipher=cipher,
            channel="rest",
            sender_id=sender,
            trial_id="NCT06561607",
            started_at=dt.datetime(2026, 11, 26, 9, 0),
            outcome="likely_eligible",
            answers=[{"question": "her2_ihc", "said": "her two was one plus"}],
            results={"INC-03A": "met"},
        )
        referral = create_referral(
            session, cipher=cipher, screening=screening, name="Mei Wong", contact="+8613800138000", best_time="am"
        )
        return str(referral.number)


def test_one_message_with_the_number_and_no_health_details(
    engine: Engine, cipher: Cipher, inbox: Inbox, smtp_port: int, tmp_path: Path
) -> None:
    number = refer(engine, cipher)
    mail = mail_to(smtp_port, tmp_path)
    assert run_once(engine, mail) == 1
    assert run_once(engine, mail) == 0  # nothing left: exactly one message
    [message] = inbox.messages
    assert number in message["Subject"]
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert number in body
    assert f"https://screening.example.org/navigator/referrals/{number}" in body
    for private in ("Mei Wong", "8613800138000", "her two", "HER2", "1+"):
        assert private not in body + str(message["Subject"]), private
    with transaction(engine) as session:
        outbox = session.execute(select(OutboxMessage)).scalar_one()
        assert (outbox.status, outbox.attempts) == ("sent", 1)


def test_smtp_down_then_back_delivers_exactly_once(
    engine: Engine, cipher: Cipher, smtp_port: int, tmp_path: Path
) -> None:
    number = refer(engine, cipher)
    mail = mail_to(smtp_port, tmp_path)
    start = utcnow()
    for minute in range(3):  # SMTP down for minutes: every due try fails and is recorded
        assert run_once(engine, mail, now=start + dt.timedelta(minutes=minute)) == 0
    with transaction(engine) as session:
        outbox = session.execute(select(OutboxMessage)).scalar_one()
        assert outbox.status == "pending"
        assert outbox.attempts == 3
        assert "ConnectionRefusedError" in (outbox.last_error or "")
        assert len(session.execute(select(DeliveryAttempt)).scalars().all()) == 3
    with smtp_server(smtp_port) as handler:
        assert run_once(engine, mail, now=start + dt.timedelta(minutes=2, seconds=10)) == 0  # still backing off
        later = start + dt.timedelta(hours=1)
        assert run_once(engine, mail, now=later) == 1
        assert run_once(engine, mail, now=later + dt.timedelta(hours=1)) == 0
    assert [m["Subject"] for m in handler.messages] == [f"New referral {number} for NCT06561607"]
    with transaction(engine) as session:
        assert session.execute(select(OutboxMessage)).scalar_one().attempts == 4


def test_maildir_is_the_embedded_default(engine: Engine, cipher: Cipher, tmp_path: Path) -> None:
    number = refer(engine, cipher)
    mail = mail_to(None, tmp_path)
    assert run_once(engine, mail) == 1
    assert run_once(engine, mail) == 0
    [message] = list(mailbox.Maildir(str(tmp_path / "maildir")))
    assert number in message["Subject"]


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 5), (2, 10), (3, 20), (20, 600)])
def test_backoff_doubles_up_to_ten_minutes(attempts: int, seconds: int) -> None:
    assert backoff(attempts) == dt.timedelta(seconds=seconds)
