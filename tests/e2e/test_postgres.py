"""The whole bot on PostgreSQL: tracker events and store rows in one database, and erasure leaves nothing.

Its own Rasa and action servers (free ports, a temporary VAR_DIR) with DATABASE_URL pointing at a
throw-away database on the PostgreSQL server of this machine, dropped afterwards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from bot.rasa_server.tracker_store import tracker_key
from bot.startup.processes import free_port, start_action_server, start_rasa_server
from bot.startup.settings import Settings
from bot.store.crypto import load_cipher
from bot.store.schema import Base
from tests.databases import postgres_database
from tests.e2e.chat import Patient
from tests.e2e.patients import ELIGIBLE
from tests.e2e.test_scripted_patients import screen

pytestmark = pytest.mark.e2e

NAME, EMAIL = "Mei Wong", "mei.wong@example.org"
# Who each of the store's tables belongs to: (table, column, the table whose ids that column holds).
OWNERSHIP = [
    ("consents", "participant_id", "participants"),
    ("screenings", "participant_id", "participants"),
    ("answers", "screening_id", "screenings"),
    ("criterion_results", "screening_id", "screenings"),
    ("screening_flags", "screening_id", "screenings"),
    ("referrals", "screening_id", "screenings"),
    ("outbox", "referral_id", "referrals"),
    ("delivery_attempts", "outbox_id", "outbox"),
]


@pytest.fixture
def postgres_bot(settings: Settings, trained_model: Path, tmp_path: Path) -> Iterator[Settings]:
    """A Rasa server and an action server whose store and tracker store are one PostgreSQL database."""
    with postgres_database() as url:
        mine = dataclasses.replace(
            settings,
            rasa_port=free_port(),
            actions_port=free_port(),
            var_dir=tmp_path,
            tracker_db=tmp_path / "unused-tracker.db",
            database_url=url,
        )
        servers = [
            start_action_server(mine, tmp_path / "actions.log"),
            start_rasa_server(mine, trained_model, tmp_path / "rasa.log"),
        ]
        try:
            for server in servers:
                server.wait_ready()
            yield mine
        finally:
            for server in servers:
                server.stop()


def ids_by_table(connection: Connection, participant_key: str, events_key: str) -> dict[str, list[int]]:
    """The primary keys of every row about one person, table by table (tracker events included)."""
    ids = {
        "events": connection.execute(text("SELECT id FROM events WHERE sender_id = :k"), {"k": events_key}).scalars(),
        "participants": connection.execute(
            text("SELECT id FROM participants WHERE key = :k"), {"k": participant_key}
        ).scalars(),
    }
    found = {table: list(rows) for table, rows in ids.items()}
    for table, column, owner in OWNERSHIP:
        query = text(f"SELECT id FROM {table} WHERE {column} = ANY(:ids)")  # noqa: S608 - our own table names
        found[table] = list(connection.execute(query, {"ids": found[owner]}).scalars())
    return found


def tables_and_text_columns(connection: Connection) -> dict[str, list[str]]:
    """Every table of the database (public schema), with its text columns."""
    rows = connection.execute(
        text(
            "SELECT t.table_name, c.column_name FROM information_schema.tables t "
            "LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema "
            "AND c.table_name = t.table_name AND c.data_type IN ('text', 'character varying') "
            "WHERE t.table_schema = 'public'"
        )
    ).all()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, [])
        if column:
            tables[table].append(column)
    return tables


def cells_holding(connection: Connection, markers: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, marker) for every text cell anywhere in the database that holds one of the markers."""
    hits = []
    for table, columns in tables_and_text_columns(connection).items():
        for column in columns:
            for marker in markers:
                query = text(f'SELECT count(*) FROM "{table}" WHERE strpos("{column}", :m) > 0')  # noqa: S608
                if connection.execute(query, {"m": marker}).scalar_one():
                    hits.append((table, column, marker))
    return hits


def test_screening_referral_and_erasure_on_postgresql(postgres_bot: Settings) -> None:
    settings = postgres_bot
    assert settings.tracker_url == settings.store_url  # DATABASE_URL selects both
    cipher = load_cipher(settings.var_dir)
    bystander = Patient(settings)  # someone else, mid-screening: their chat must stay
    for message in ("hi", "yes", "1+"):
        bystander.say(message)
    patient, _ = screen(settings, ELIGIBLE)
    for message in ("/affirm", NAME, EMAIL, "Morning", "yes, send it"):
        patient.say(message)
    number = patient.slots()["referral_number"]
    assert number and number in patient.last_text
    participant_key, events_key = cipher.pseudonym("rest", patient.sender), tracker_key(cipher, patient.sender)

    database = create_engine(settings.store_url, future=True)
    try:
        with database.connect() as connection:
            assert set(tables_and_text_columns(connection)) == {"events", "alembic_version", *Base.metadata.tables}
            about = ids_by_table(connection, participant_key, events_key)
            assert len(about["events"]) > 20  # the conversation is in PostgreSQL's events table
            assert [len(about[t]) for t in ("participants", "screenings", "referrals", "outbox")] == [1, 1, 1, 1]
            assert len(about["consents"]) == 2 and len(about["answers"]) == 12
            raw_events = "\n".join(connection.execute(text("SELECT events::text FROM events")).scalars())
            for words in (NAME, EMAIL, "spread to my liver", "light housework", patient.sender):
                assert words not in raw_events, words  # encrypted, and filed under a pseudonym
            message_id = connection.execute(text("SELECT message_id FROM outbox")).scalar_one()
            markers = [patient.sender, participant_key, participant_key[:16], events_key, number, message_id]
            found = {marker for _, _, marker in cells_holding(connection, [*markers, NAME, EMAIL])}
            assert found == set(markers) - {patient.sender}  # the scan sees pseudonyms and the number, no name

        patient.say("delete my data")
        patient.say("/confirm_delete")
        assert "I have deleted your answers" in patient.last_text

        with database.connect() as connection:
            for table, ids in about.items():
                query = text(f"SELECT count(*) FROM {table} WHERE id = ANY(:ids)")  # noqa: S608
                assert connection.execute(query, {"ids": ids}).scalar_one() == 0, table
            assert cells_holding(connection, [*markers, NAME, EMAIL]) == []  # in no cell of any table
            counts = {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()  # noqa: S608
                for table in tables_and_text_columns(connection)
            }
            bystander_events = connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :k"), {"k": tracker_key(cipher, bystander.sender)}
            ).scalar_one()
    finally:
        database.dispose()
    assert bystander_events > 0 and counts["events"] == bystander_events  # only the other person's chat is left
    assert counts["audit_log"] == 1  # "an erasure happened", nothing that leads back to the person
    store_tables = set(Base.metadata.tables) - {"audit_log"}
    assert {table: counts[table] for table in store_tables} == dict.fromkeys(store_tables, 0)
    bystander.say("never")
    assert "Question 3 of 12" in bystander.last_text  # the other conversation goes on
