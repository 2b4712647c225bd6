"""Which database Rasa's tracker store uses, and that it shares one with the store without a clash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine

from bot.rasa_server.tracker_store import EncryptedSQLTrackerStore
from bot.startup.settings import ROOT, load_settings
from bot.store.retention import purge_conversations
from bot.store.schema import Base
from tests.databases import url_of

PG = "postgresql://screening@db.example.org:5432/screening"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No database variables; VAR_DIR in a temporary folder."""
    for name in ("DATABASE_URL", "TRACKER_STORE_URL", "TRACKER_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("RASA_API_TOKEN", "t")
    return monkeypatch


def test_by_default_both_are_sqlite_files_under_var(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.store_url == f"sqlite:///{tmp_path / 'screening.db'}"
    assert settings.tracker_url == f"sqlite:///{tmp_path / 'tracker.db'}"


def test_database_url_also_selects_the_tracker_store(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATABASE_URL", PG)
    settings = load_settings()
    assert settings.store_url == settings.tracker_url == PG


def test_tracker_store_url_wins(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATABASE_URL", PG)
    clean_env.setenv("TRACKER_STORE_URL", "postgres://rasa@db.example.org/conversations")
    settings = load_settings()
    assert settings.store_url == PG
    assert settings.tracker_url == "postgresql://rasa@db.example.org/conversations"  # SQLAlchemy 1.4's spelling


def test_every_process_gets_the_same_urls(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DATABASE_URL", PG)
    env = load_settings().process_env()
    assert env["DATABASE_URL"] == env["TRACKER_STORE_URL"] == PG
    assert env["RASA_TELEMETRY_ENABLED"] == "false"  # no crash reports leave the machine


def test_endpoints_yml_gives_rasa_our_store_on_that_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rasa.core.tracker_store import create_tracker_store
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import read_endpoint_config

    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:1/webhook")
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = create_tracker_store(config, Domain.empty())  # as `rasa run` does
    try:
        assert isinstance(store, EncryptedSQLTrackerStore)
        assert str(store.engine.url) == url  # the whole URL, used as is
    finally:
        store.engine.dispose()


def test_store_and_tracker_store_share_one_database(engine: Engine) -> None:
    tracker = EncryptedSQLTrackerStore(host=url_of(engine))
    try:
        tables = set(inspect(engine).get_table_names())
        assert not set(Base.metadata.tables) & set(tracker.Base.metadata.tables)  # no name in common
        assert {"events", "alembic_version", *Base.metadata.tables} == tables
    finally:
        tracker.engine.dispose()


def test_retention_purges_conversations_in_the_shared_database(engine: Engine) -> None:
    tracker = EncryptedSQLTrackerStore(host=url_of(engine))
    now = dt.datetime(2026, 11, 26, 12, 0)
    old = (now - dt.timedelta(days=40)).replace(tzinfo=dt.timezone.utc).timestamp()
    new = (now - dt.timedelta(days=1)).replace(tzinfo=dt.timezone.utc).timestamp()
    try:
        with tracker.session_scope() as session:
            for sender, at in [("old", old), ("old", old + 1), ("recent", old), ("recent", new)]:
                session.add(tracker.SQLEvent(sender_id=sender, type_name="user", timestamp=at, data="x"))
            session.commit()
        assert purge_conversations(url_of(engine), older_than_days=30, now=now) == 1
        with engine.connect() as connection:
            left = connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars().all()
            assert left == ["recent"]
            assert connection.execute(select(Base.metadata.tables["participants"])).all() == []  # store untouched
    finally:
        tracker.engine.dispose()
