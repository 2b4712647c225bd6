"""answers: how each answer was read, as JSON (replaces read_as, a dict's text cut at 64, and how)

Revision ID: 0004
Revises: 0003

The old `read_as` held `str()` of a Python dict, cut at 64 characters; its complete
pairs are read back here (the parsing lives in this file only: no code reads the old
form any more). The old `how` was an English phrase: it is kept as the reading's code.
"""

import ast
import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_PAIR = re.compile(r"'(\w+)':\s*(?:'([^']*)'|(\d+))")


def legacy_values(read_as):
    """The complete question -> value pairs of an old `read_as`."""
    if not read_as:
        return {}
    try:
        value = ast.literal_eval(read_as)
    except (ValueError, SyntaxError):
        value = None
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items() if isinstance(v, (str, int)) and not isinstance(v, bool)}
    return {key: (text if number == "" else int(number)) for key, text, number in _PAIR.findall(read_as)}


def _answers():
    """The answers table, with the columns of both forms, for the data steps."""
    return sa.table(
        "answers",
        sa.column("id", sa.Integer()),
        sa.column("read_as", sa.String()),
        sa.column("how", sa.String()),
        sa.column("reading", sa.Text()),
    )


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("reading", sa.Text(), nullable=True))
    answers = _answers()
    connection = op.get_bind()
    for row in connection.execute(sa.select(answers.c.id, answers.c.read_as, answers.c.how)).fetchall():
        reading = {"values": legacy_values(row.read_as), "how": row.how or "", "details": {}, "evidence": []}
        connection.execute(
            answers.update().where(answers.c.id == row.id).values(reading=json.dumps(reading, sort_keys=True))
        )
    with op.batch_alter_table("answers") as batch:
        batch.alter_column("reading", existing_type=sa.Text(), nullable=False, server_default="{}")
        batch.drop_column("read_as")
        batch.drop_column("how")


def downgrade() -> None:
    answers = _answers()
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("read_as", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("how", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(answers.c.id, answers.c.reading)).fetchall():
        reading = json.loads(row.reading or "{}")
        connection.execute(
            answers.update()
            .where(answers.c.id == row.id)
            .values(read_as=str(reading.get("values") or {})[:64], how=str(reading.get("how") or "")[:200])
        )
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("reading")
