"""languages: the patient's language on screenings, a navigator's chosen language on accounts

Revision ID: 0006
Revises: 0005

`screenings.language` is the chat's `language` slot when the screening was recorded ("en",
"zh"); screenings stored before this revision have none (the pages say "not recorded").
`navigators.language` is the language a navigator chose for the pages (None: not chosen,
the browser's Accept-Language decides).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("navigators") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("navigators") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("screenings") as batch:
        batch.drop_column("language")
