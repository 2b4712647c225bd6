"""Action tests keep their store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.store_access import store


@pytest.fixture(autouse=True)
def temporary_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """VAR_DIR in a temporary folder, SQLite, a fresh store for each test."""
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store.cache_clear()
    yield tmp_path
    store.cache_clear()
