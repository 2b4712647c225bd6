"""Migration 0004: the old readings (a dict's text cut at 64 characters) become JSON; the schema matches the models."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.store.database import make_engine, migrate
from bot.store.schema import Base
from tests.bot.store.seeding import old_screening

OLD_ROWS = [
    # (read_as as the old store kept it, how, the values it must become)
    (
        "{'her2_ihc': '2+', 'her2_ish': 'negative'}",
        "read HER2 her2_ihc=2+, her2_ish=negative",
        {"her2_ihc": "2+", "her2_ish": "negative"},
    ),
    ("{'age': 54}", "read age 54", {"age": 54}),
    # cut at 64 characters: the complete pairs survive, the cut one is dropped
    (
        str({"cancer_history": "none", "heart_lung": "none", "other_conditions": "none"})[:64],
        "said none",
        {"cancer_history": "none", "heart_lung": "none"},
    ),
    (None, None, {}),
]


@pytest.fixture
def at_0003(store_url: str) -> Iterator[Engine]:
    """A store migrated to revision 0003, with a screening whose answers are in the old form."""
    store = make_engine(store_url)
    migrate(store, "0003")
    with store.begin() as db:
        old_screening(db)
        for number, (read_as, how, _values) in enumerate(OLD_ROWS, start=1):
            db.execute(
                text(
                    "INSERT INTO answers (id, screening_id, question_id, said_encrypted, read_as, how)"
                    " VALUES (:id, 1, 'q', 'x', :read_as, :how)"
                ),
                {"id": number, "read_as": read_as, "how": how},
            )
    yield store
    store.dispose()


def test_old_readings_become_json(at_0003: Engine) -> None:
    migrate(at_0003)
    with at_0003.connect() as db:
        rows = db.execute(text("SELECT id, reading FROM answers ORDER BY id")).all()
        columns = {c["name"] for c in MigrationContext.configure(db).impl.dialect.get_columns(db, "answers")}
    assert [json.loads(r.reading)["values"] for r in rows] == [values for _r, _h, values in OLD_ROWS]
    assert json.loads(rows[1].reading)["how"] == "read age 54"
    assert "read_as" not in columns and "how" not in columns


def test_the_migrated_schema_is_the_models(at_0003: Engine) -> None:
    migrate(at_0003)
    with at_0003.connect() as db:
        context = MigrationContext.configure(
            db, opts={"include_name": lambda name, kind, _p: kind != "table" or name in Base.metadata.tables}
        )
        differences = [d for d in compare_metadata(context, Base.metadata) if d[0] != "remove_index"]
    assert differences == []
