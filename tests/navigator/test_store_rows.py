"""The navigators' tables in the store: migration 0002, and erasure and retention removing notes and history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from cryptography.fernet import Fernet
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine

from bot.navigator.workflow import add_note, change_status
from bot.store.crypto import Cipher
from bot.store.database import MIGRATIONS, make_engine, migrate, transaction
from bot.store.deletion import erase_participant
from bot.store.navigation import ReferralStatusChange, ScreeningNote
from bot.store.retention import purge
from bot.store.schema import Referral, Screening
from tests.databases import postgres_database
from tests.navigator.helpers import screening

NEW_TABLES = {"navigators", "navigator_sessions", "referral_status_changes", "screening_notes"}
NOW = dt.datetime(2026, 6, 1, 12, 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty store on SQLite or on this machine's PostgreSQL."""
    database: AbstractContextManager[str] = (
        nullcontext(f"sqlite:///{tmp_path / 'store.db'}") if request.param == "sqlite" else postgres_database()
    )
    with database as url:
        store = make_engine(url)
        migrate(store)
        yield store
        store.dispose()


@pytest.fixture
def cipher() -> Cipher:
    return Cipher(Fernet.generate_key())


def worked_on(engine: Engine, cipher: Cipher, sender: str, started: dt.datetime) -> int:
    """A referred screening with a status change and a note; its id."""
    sid, _ = screening(engine, cipher, sender=sender, started_at=started, refer=("N", "n@example.org", "any"))
    with transaction(engine) as session:
        referral = session.execute(select(Referral).where(Referral.screening_id == sid)).scalar_one()
        change_status(session, referral=referral, to_status="contacted", seen_status="new", navigator="nurse", now=NOW)
        add_note(session, cipher=cipher, screening_id=sid, navigator="nurse", text="called her")
    return sid


def counts(engine: Engine) -> tuple[int, int]:
    with transaction(engine) as session:
        notes = session.execute(select(func.count(ScreeningNote.id))).scalar_one()
        changes = session.execute(select(func.count(ReferralStatusChange.id))).scalar_one()
    return int(notes), int(changes)


def test_migration_0002_creates_the_tables_and_goes_back_down(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    assert "referrals" in inspect(engine).get_table_names()
    migrate(engine)
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES


def test_erasure_removes_the_navigators_notes_and_history_of_that_person_only(engine: Engine, cipher: Cipher) -> None:
    worked_on(engine, cipher, "web:erase-me", NOW - dt.timedelta(days=1))
    kept = worked_on(engine, cipher, "web:someone-else", NOW - dt.timedelta(days=1))
    assert counts(engine) == (2, 2)
    with transaction(engine) as session:
        assert erase_participant(session, cipher=cipher, channel="web", sender_id="web:erase-me") == 1
    assert counts(engine) == (1, 1)
    with transaction(engine) as session:
        [note] = session.execute(select(ScreeningNote)).scalars().all()
        assert note.screening_id == kept
        assert session.execute(select(func.count(Screening.id))).scalar_one() == 1


def test_retention_removes_notes_and_history_with_the_old_screenings(engine: Engine, cipher: Cipher) -> None:
    old = worked_on(engine, cipher, "web:old", NOW - dt.timedelta(days=400))
    with transaction(engine) as session:
        session.get(Screening, old).completed_at = NOW - dt.timedelta(days=400)
    worked_on(engine, cipher, "web:recent", NOW - dt.timedelta(days=3))
    with transaction(engine) as session:
        assert purge(session, older_than_days=365, now=NOW) == 1
    assert counts(engine) == (1, 1)
