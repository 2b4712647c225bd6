"""The notifier against a real SMTP server on loopback (aiosmtpd), and the Maildir default.

Every test runs on SQLite and on PostgreSQL (the `engine` fixture).
"""

from __future__ import annotations

import datetime as dt
import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.jobs.notifier import MailSettings, RetryPolicy, backoff, claim, deliver, referral_subject, run_once
from bot.startup.processes import free_port
from bot.store.crypto import Cipher
from bot.store.database import transaction
from bot.store.outbox import INTERRUPTED
from bot.store.referrals import create_referral
from bot.store.schema import DeliveryAttempt, OutboxMessage, utcnow
from bot.store.screenings import record_screening
from tests.smtp import Inbox, smtp_server


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


def mail_to(smtp_port: int | None, tmp_path: Path, language: str = "zh") -> MailSettings:
    """Mail settings for the test SMTP server (or the Maildir when no port), e-mails in `language`."""
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
        language=language,
    )


def refer(engine: Engine, cipher: Cipher, sender: str = "web:1") -> str:
    """A stored likely-eligible screening with its referral; the referral number."""
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
    assert [m["Subject"] for m in handler.messages] == [referral_subject(number, "NCT06561607", mail.language)]
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


def test_retry_timing_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFIER_FIRST_RETRY_S", "0.5")
    monkeypatch.setenv("NOTIFIER_MAX_RETRY_S", "2")
    monkeypatch.setenv("NOTIFIER_INTERVAL", "0.1")
    retry = RetryPolicy.from_env()
    assert retry.interval_s == 0.1
    assert [backoff(n, retry).total_seconds() for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.0]


def test_the_lease_outlasts_the_slowest_smtp_send(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NOTIFIER_SMTP_TIMEOUT_S", "7")
    mail = MailSettings.from_env(tmp_path)
    assert mail.timeout == 7
    assert mail.lease >= dt.timedelta(seconds=12 * 7)  # every reply of a send with STARTTLS and AUTH timing out


def attempt_log(engine: Engine) -> list[tuple[int, str | None]]:
    """(ok, error) of every delivery attempt, in order."""
    with transaction(engine) as session:
        rows = session.execute(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).scalars()
        return [(row.ok, row.error) for row in rows]


def outbox_row(engine: Engine) -> OutboxMessage:
    """The only outbox message."""
    with transaction(engine) as session:
        message: OutboxMessage = session.execute(select(OutboxMessage)).scalar_one()
        return message


def test_the_claim_is_committed_before_sending(engine: Engine, cipher: Cipher, tmp_path: Path) -> None:
    refer(engine, cipher)
    mail = mail_to(None, tmp_path)
    now = utcnow()
    claimed = claim(engine, outbox_row(engine).id, mail, now)
    assert claimed is not None
    row = outbox_row(engine)  # read in a new transaction: already committed
    assert (row.status, row.attempts, row.next_attempt_at) == ("sending", 1, now + mail.lease)
    assert attempt_log(engine) == [(0, "in progress")]


def test_two_notifiers_never_claim_the_same_message(engine: Engine, cipher: Cipher, tmp_path: Path) -> None:
    refer(engine, cipher)
    mail = mail_to(None, tmp_path)
    outbox_id, now = outbox_row(engine).id, utcnow()
    assert claim(engine, outbox_id, mail, now) is not None
    assert claim(engine, outbox_id, mail, now) is None  # the other notifier finds it taken
    assert run_once(engine, mail, now=now + dt.timedelta(seconds=1)) == 0  # and so does a whole round
    assert outbox_row(engine).attempts == 1


def test_a_try_cut_short_is_recorded_as_interrupted_then_sent_once(
    engine: Engine, cipher: Cipher, inbox: Inbox, smtp_port: int, tmp_path: Path
) -> None:
    number = refer(engine, cipher)
    mail = mail_to(smtp_port, tmp_path)
    start = utcnow()
    assert claim(engine, outbox_row(engine).id, mail, start) is not None  # ... and the notifier dies here
    assert run_once(engine, mail, now=start + mail.lease - dt.timedelta(seconds=1)) == 0  # the lease still holds
    assert inbox.messages == []
    assert run_once(engine, mail, now=start + mail.lease) == 1
    assert run_once(engine, mail, now=start + 2 * mail.lease) == 0
    [message] = inbox.messages
    assert number in message["Subject"]
    row = outbox_row(engine)
    assert message["Message-ID"] == row.message_id
    assert (row.status, row.attempts) == ("sent", 2)
    assert attempt_log(engine) == [(0, INTERRUPTED), (1, None)]


def test_the_one_duplicate_window_repeats_the_same_message_id(
    engine: Engine, cipher: Cipher, inbox: Inbox, smtp_port: int, tmp_path: Path
) -> None:
    """The server accepted the message, then the notifier died before committing 'sent' (README)."""
    refer(engine, cipher)
    mail = mail_to(smtp_port, tmp_path)
    start = utcnow()
    claimed = claim(engine, outbox_row(engine).id, mail, start)
    assert claimed is not None
    deliver(claimed.email, mail)  # accepted; the notifier dies before recording it
    assert run_once(engine, mail, now=start + mail.lease) == 1
    first, second = inbox.messages
    assert first["Message-ID"] == second["Message-ID"] == outbox_row(engine).message_id
