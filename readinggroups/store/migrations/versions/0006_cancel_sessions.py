"""sessions can be cancelled; withdrawn certificates and review decisions are remembered

Revision ID: 0006
Revises: 0005

A cancelled session keeps its bookings (so the people on it can be told) but leaves the
figures. A certificate withdrawn because its session was cancelled or deleted is remembered by
number, so that checking it later says "withdrawn" rather than "never issued". The workspace's
own settings table holds the session the notebooks carry on with. A name an attendance report
could not place, once settled (this booked person, a walk-in, or ignored), stays settled when
the report is imported again.
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
    op.create_table(
        "review_decisions",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_review_decisions_session_id_sessions"),
        ),
        sa.PrimaryKeyConstraint("session_id", "name_key", name=op.f("pk_review_decisions")),
    )


def downgrade() -> None:
    op.drop_table("review_decisions")
    op.drop_table("workspace_state")
    op.drop_table("withdrawn_certificates")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
