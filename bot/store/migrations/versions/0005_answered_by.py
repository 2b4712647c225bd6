"""screenings: who answered (caregiver mode): "self", or the relation a caregiver answered for

Revision ID: 0005
Revises: 0004

Screenings stored before this revision have none: the navigators see "not asked".
The value is a language-neutral code of criteria/data/relations.yml ("self",
"mother", ...); the words for it are the data file's, never stored.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("answered_by", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.drop_column("answered_by")
