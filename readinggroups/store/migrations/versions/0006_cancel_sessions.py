"""sessions can be cancelled; withdrawn certificates are remembered; the notebooks' current session

Revision ID: 0006
Revises: 0005

A cancelled session keeps its bookings (so the people on it can be told) but leaves the
figures. A certificate withdrawn because its session was cancelled or deleted is remembered by
number, so that checking it later says "withdrawn" rather than "never issued". The workspace's
own settings table holds the session the notebooks carry on with.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
    op.create_table(
        "withdrawn_certificates",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("person_name", sa.Text(), nullable=False),
        sa.Column("person_email", sa.String(length=320), nullable=False),
        sa.Column("session_title", sa.Text(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_withdrawn_certificates")),
    )
    op.create_table(
        "workspace_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workspace_state")),
    )


def downgrade() -> None:
    op.drop_table("workspace_state")
    op.drop_table("withdrawn_certificates")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
