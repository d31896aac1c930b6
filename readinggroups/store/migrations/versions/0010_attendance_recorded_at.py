"""each session keeps when its attendance was first recorded

Revision ID: 0010
Revises: 0009

`send --due` sends a session's documents and missed-you notes for a month after its
attendance is recorded. Sessions recorded before this revision have no time, so a workspace
that kept years of sessions does not mail all their documents at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as table:
        table.add_column(sa.Column("attendance_recorded_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as table:
        table.drop_column("attendance_recorded_at")
