"""The real notifier process killed with SIGKILL mid-send, then restarted: exactly one message."""

from __future__ import annotations

import dataclasses
import signal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.startup.processes import free_port, start_notifier
from bot.startup.settings import Settings
from bot.store.crypto import Cipher
from bot.store.database import transaction
from bot.store.outbox import INTERRUPTED
from bot.store.schema import DeliveryAttempt, OutboxMessage
from tests.bot.jobs.test_notifier import refer
from tests.databases import url_of
from tests.smtp import smtp_server

pytestmark = pytest.mark.e2e  # starts processes

SMTP_TIMEOUT_S = 1.0  # the lease is 12 times this: the restarted notifier waits that long for the claim
STALL_S = 5.0


def test_notifier_killed_mid_send_then_restarted_sends_exactly_once(
    engine: Engine, cipher: Cipher, settings: Settings, tmp_path: Path
) -> None:
    number = refer(engine, cipher)
    mine = dataclasses.replace(settings, var_dir=tmp_path, database_url=url_of(engine))
    port = free_port()
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "NOTIFIER_INTERVAL": "0.2",
        "NOTIFIER_SMTP_TIMEOUT_S": str(SMTP_TIMEOUT_S),
    }
    with smtp_server(port, stall_first_rcpt_s=STALL_S) as inbox:
        first = start_notifier(mine, tmp_path / "notifier-1.log", env)
        try:
            assert inbox.rcpt_seen.wait(timeout=30), "the notifier never reached the SMTP server"
            with transaction(engine) as session:  # the claim was committed before the send began
                row = session.execute(select(OutboxMessage)).scalar_one()
                assert (row.status, row.attempts) == ("sending", 1)
        finally:
            first.stop(sig=signal.SIGKILL)  # mid-send: the server is still holding the recipient
        assert first.process.returncode == -signal.SIGKILL
        second = start_notifier(mine, tmp_path / "notifier-2.log", env)
        try:
            received = inbox.wait_for(1, timeout=12 * SMTP_TIMEOUT_S + 30)
            inbox.wait_for(2, timeout=2.0)  # a few more rounds: no second message
        finally:
            second.stop()
    assert len(received) == 1
    assert [m["Subject"] for m in inbox.messages] == [f"新推荐 {number} - NCT06561607"]  # Chinese by default
    with transaction(engine) as session:
        row = session.execute(select(OutboxMessage)).scalar_one()
        assert (row.status, row.attempts) == ("sent", 2)
        assert inbox.messages[0]["Message-ID"] == row.message_id
        tries = session.execute(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).scalars().all()
        assert [(t.ok, t.error) for t in tries] == [(0, INTERRUPTED), (1, None)]
