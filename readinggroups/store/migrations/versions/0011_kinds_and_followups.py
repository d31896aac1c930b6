"""sessions have a kind and a series, links for booking and the follow-up survey; the
follow-up survey's answers are kept

Revision ID: 0011
Revises: 0010

A workspace holds more than one series, and a session is a reading group (an article to
discuss) or a workshop (a topic and learning outcomes): every session so far is a reading
group of the group's own series. Each session may have its own booking link and survey link
(the group's settings otherwise). The one-month follow-up's answers are imported from the
survey's export, one row per response, matched to an attendee or anonymous.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as table:
        table.add_column(
            sa.Column("kind", sa.String(length=20), server_default="reading-group", nullable=False)
        )
        table.add_column(sa.Column("series", sa.String(length=200), nullable=True))
        table.add_column(sa.Column("learning_outcomes", sa.JSON(), nullable=True))
        table.add_column(sa.Column("booking_link", sa.Text(), nullable=True))
        table.add_column(sa.Column("survey_link", sa.Text(), nullable=True))
    op.create_table(
        "followup_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.String(length=100), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("used_since", sa.String(length=40), nullable=True),
        sa.Column("used_in_reflection", sa.String(length=40), nullable=True),
        sa.Column("changed", sa.Text(), nullable=True),
        sa.Column("contributed", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("keep", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("keep_named", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("erased", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_followup_responses_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_followup_responses_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_responses")),
        sa.UniqueConstraint(
            "session_id", "response_id", name=op.f("uq_followup_responses_session_id")
        ),
    )
    op.create_index(op.f("ix_followup_responses_session_id"), "followup_responses", ["session_id"])
    op.create_index(op.f("ix_followup_responses_person_id"), "followup_responses", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_followup_responses_person_id"), table_name="followup_responses")
    op.drop_index(op.f("ix_followup_responses_session_id"), table_name="followup_responses")
    op.drop_table("followup_responses")
    with op.batch_alter_table("sessions") as table:
        for column in ("survey_link", "booking_link", "learning_outcomes", "series", "kind"):
            table.drop_column(column)
