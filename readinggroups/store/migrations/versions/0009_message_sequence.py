"""each message keeps the version of the session's details it carried

Revision ID: 0009
Revises: 0008

A session's calendar_sequence rises when its date, time, room or joining link changes; a
message records the value it was sent with, so the people holding an older invitation are
the ones sent the update.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as table:
        table.add_column(sa.Column("sequence", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as table:
        table.drop_column("sequence")
