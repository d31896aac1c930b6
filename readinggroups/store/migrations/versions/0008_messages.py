"""every message sent to a person about a session is recorded, so none goes twice

Revision ID: 0008
Revises: 0007

One row per message: who, which session, which kind (booked, waiting, promoted, pack,
reminder, documents, missed, cancelled), its Message-ID, when, how it went (the outbox or
SMTP) and what happened (sent, or refused by the server and why). A re-run sends only what
has no "sent" row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("transport", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_messages_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_messages_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    op.create_index(
        "ix_messages_session_kind", "messages", ["session_id", "kind", "person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_messages_session_kind", table_name="messages")
    op.drop_table("messages")
