"""documents: online links, a session's own questions, certificate numbers, revalidation dates

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("certificate_number", sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_bookings_certificate_number"), ["certificate_number"]
        )

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revalidation_date", sa.Date(), nullable=True))

    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("online_link", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("questions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("questions")
        batch_op.drop_column("online_link")

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("revalidation_date")

    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_bookings_certificate_number"), type_="unique")
        batch_op.drop_column("certificate_number")
