"""The store on SQLite and PostgreSQL: screenings, referrals with outbox, erasure, retention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine

from bot.store.crypto import Cipher
from bot.store.database import transaction
from bot.store.deletion import erase_participant
from bot.store.referrals import create_referral
from bot.store.retention import purge
from bot.store.schema import Base, DailyCount, OutboxMessage, Referral, Screening
from bot.store.screenings import ConsentRecord, record_screening

STARTED = dt.datetime(2026, 11, 20, 9, 30)
NAME = "Mei <b>O'Brien</b>'); DROP TABLE referrals; --"
PHONE = "+86 138 0013 8000"
SAID = "I had Xeloda after it came back"


def screen(session: Any, cipher: Cipher, sender: str = "web:abc", outcome: str = "likely_eligible") -> Screening:
    return record_screening(
        session,
        cipher=cipher,
        channel="rest",
        sender_id=sender,
        trial_id="NCT06561607",
        started_at=STARTED,
        outcome=outcome,
        answers=[{"question": "chemo_metastatic", "said": SAID, "read_as": {"chemo_metastatic": "no"}, "how": "x"}],
        results={"INC-03A": "met", "EXC-18": "met"},
        consents=[ConsentRecord("screening", "screening-consent-v1", STARTED)],
        flags=[{"kind": "emergency", "question": "heart_lung", "at": "2026-11-20T09:35:00+00:00"}],
    )


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def test_migration_creates_every_table(engine: Engine) -> None:
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_screening_is_stored_once_with_the_words_encrypted(engine: Engine, cipher: Cipher) -> None:
    with transaction(engine) as session:
        first = screen(session, cipher)
        again = screen(session, cipher)
        assert again.id == first.id
        [answer] = first.answers
        assert answer.said_encrypted != SAID
        assert cipher.decrypt(answer.said_encrypted) == SAID
    counts = row_counts(engine)
    assert counts["screenings"] == 1
    assert counts["consents"] == 1
    assert counts["criterion_results"] == 2
    assert counts["screening_flags"] == 1
    with transaction(engine) as session:
        [flag] = session.get(Screening, first.id).flags
        assert (flag.kind, flag.question_id, flag.raised_at) == (
            "emergency",
            "heart_lung",
            dt.datetime(2026, 11, 20, 9, 35),
        )


def test_referral_and_outbox_are_written_together_once(engine: Engine, cipher: Cipher) -> None:
    with transaction(engine) as session:
        screening = screen(session, cipher)
        referral = create_referral(
            session, cipher=cipher, screening=screening, name=NAME, contact=PHONE, best_time="am"
        )
        twice = create_referral(session, cipher=cipher, screening=screening, name=NAME, contact=PHONE, best_time="am")
        assert twice.id == referral.id
        assert referral.number.startswith("R-") and len(referral.number) == 8
    with transaction(engine) as session:
        stored = session.execute(select(Referral)).scalar_one()
        assert cipher.decrypt(stored.name_encrypted) == NAME  # SQL and HTML kept as plain text
        outbox = session.execute(select(OutboxMessage)).scalar_one()
        assert outbox.status == "pending"
        assert stored.number in outbox.message_id


def test_a_failed_transaction_leaves_no_referral(engine: Engine, cipher: Cipher) -> None:
    try:
        with transaction(engine) as session:
            screening = screen(session, cipher)
            create_referral(session, cipher=cipher, screening=screening, name=NAME, contact=PHONE, best_time="am")
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    assert row_counts(engine)["referrals"] == 0
    assert row_counts(engine)["outbox"] == 0


def test_erasure_leaves_no_row_about_the_person(engine: Engine, cipher: Cipher) -> None:
    with transaction(engine) as session:
        screening = screen(session, cipher, sender="web:erase-me")
        create_referral(session, cipher=cipher, screening=screening, name=NAME, contact=PHONE, best_time="am")
        screen(session, cipher, sender="web:someone-else")
    with transaction(engine) as session:
        assert erase_participant(session, cipher=cipher, channel="rest", sender_id="web:erase-me") == 1
    counts = row_counts(engine)
    assert counts["participants"] == 1  # only the other person
    assert counts["referrals"] == counts["outbox"] == 0
    assert counts["screenings"] == 1
    assert counts["screening_flags"] == 1  # only the other person's
    assert counts["audit_log"] == 1


def test_retention_purges_old_screenings_and_keeps_counts(engine: Engine, cipher: Cipher) -> None:
    with transaction(engine) as session:
        screening = screen(session, cipher)
        create_referral(session, cipher=cipher, screening=screening, name=NAME, contact=PHONE, best_time="am")
    with transaction(engine) as session:
        later = screening.completed_at + dt.timedelta(days=31)
        assert purge(session, older_than_days=30, now=later) == 1
    counts = row_counts(engine)
    assert counts["screenings"] == counts["referrals"] == counts["answers"] == 0
    with transaction(engine) as session:
        [kept] = session.execute(select(DailyCount)).scalars().all()
        assert (kept.outcome, kept.screenings, kept.referrals) == ("likely_eligible", 1, 1)


def test_raw_sqlite_file_reveals_no_contact_detail(tmp_path: Path, cipher: Cipher) -> None:
    from bot.store.database import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'raw.db'}")
    migrate(engine)
    with transaction(engine) as session:
        screening = screen(session, cipher, sender="web:raw")
        create_referral(session, cipher=cipher, screening=screening, name=NAME, contact=PHONE, best_time="mornings")
    engine.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("raw.db*"))
    for secret in (NAME, PHONE, "mornings", SAID, "web:raw", "O'Brien", "138 0013"):
        assert secret.encode() not in raw, secret
