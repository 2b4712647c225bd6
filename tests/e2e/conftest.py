"""Fixtures shared by the end-to-end suites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.free_text_report import write_report


@pytest.fixture(scope="session")
def free_text_report() -> Iterator[list[dict[str, Any]]]:
    """Every free-text patient's record (tests/e2e/free_text_report.py), written at the end of the session."""
    records: list[dict[str, Any]] = []
    yield records
    write_report(records)
