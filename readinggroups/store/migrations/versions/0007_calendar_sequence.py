"""sessions count the changes their calendar invitation has been through

Revision ID: 0007
Revises: 0006

An invitation keeps its UID for the session; each change people's calendars must take (the
title, venue, length or joining link; a cancellation) raises its SEQUENCE, so that Outlook
replaces the invitation rather than adding a second one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("calendar_sequence", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("calendar_sequence")
