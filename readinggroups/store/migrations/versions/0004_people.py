"""people: the part of the NMC register, and the site they work at

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("register_part", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("site", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("site")
        batch_op.drop_column("register_part")
