"""sessions: the hours policy each session's certificates are issued under

Revision ID: 0005
Revises: 0004

Kept with the session, as its attendance threshold is, so that changing readinggroups.toml
later changes new sessions only, never hours already certified. Sessions made before this
revision are credited by the default policy.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "hours_credit",
                sa.String(length=30),
                nullable=False,
                server_default="full-at-threshold",
            )
        )
        batch_op.add_column(
            sa.Column("hours_round_down_minutes", sa.Integer(), nullable=False, server_default="15")
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("hours_round_down_minutes")
        batch_op.drop_column("hours_credit")
