"""`python -m bot.navigator create-user|set-password`: the README's way to make an account."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.navigator.__main__ import main
from bot.navigator.accounts import verify_password
from bot.startup.settings import ROOT
from bot.store.database import make_engine, transaction
from bot.store.navigation import Navigator
from bot.store.schema import AuditEntry

PASSWORD = "a long enough secret"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("RASA_API_TOKEN", "t")
    return url


def account(url: str, name: str) -> Navigator | None:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return session.execute(select(Navigator).where(Navigator.username == name)).scalar_one_or_none()
    finally:
        engine.dispose()


def run(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = PASSWORD + "\n") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(list(argv))


def test_create_user_as_the_readme_says(store: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bot.navigator", "create-user", "nurse.li"],
        input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "created navigator 'nurse.li'" in done.stdout and PASSWORD not in done.stdout + done.stderr
    navigator = account(store, "nurse.li")
    assert navigator is not None
    assert navigator.password_hash.startswith("scrypt$32768$8$1$") and PASSWORD not in navigator.password_hash
    assert verify_password(PASSWORD, navigator.password_hash) and not verify_password("other", navigator.password_hash)


def test_bad_names_short_passwords_and_duplicates_are_refused(
    store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, "create-user", "nurse") == 0
    assert run(monkeypatch, "create-user", "nurse") == 1
    assert "already a navigator called 'nurse'" in capsys.readouterr().err
    assert run(monkeypatch, "create-user", "second", stdin="short\n") == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert run(monkeypatch, "create-user", "Has Space") == 1
    assert account(store, "second") is None


def test_set_password_replaces_it_and_lifts_a_lock_out(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    assert run(monkeypatch, "create-user", "nurse") == 0
    engine = make_engine(store)
    with transaction(engine) as session:
        navigator = session.execute(select(Navigator)).scalar_one()
        navigator.locked_until = dt.datetime(2999, 1, 1)
    assert run(monkeypatch, "set-password", "nurse", stdin="another long secret\n") == 0
    assert run(monkeypatch, "set-password", "nobody") == 1
    with transaction(engine) as session:
        navigator = session.execute(select(Navigator)).scalar_one()
        assert navigator.locked_until is None and verify_password("another long secret", navigator.password_hash)
        actions = list(session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())
    engine.dispose()
    assert actions == ["navigator account created", "navigator password set"]
