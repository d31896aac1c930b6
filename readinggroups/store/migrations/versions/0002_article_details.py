"""article details and decisions

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pmcid", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("database", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("accession", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("study_design", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("notice", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("match_key", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("status_note", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_match_key"), ["match_key"], unique=False)
    _derive_for_existing_articles()


def _derive_for_existing_articles() -> None:
    """Fill the derived columns for articles imported before this version."""
    from types import SimpleNamespace

    from readinggroups.articles.dedupe import derived

    articles = sa.table(
        "articles",
        sa.column("id"),
        sa.column("title"),
        sa.column("year"),
        sa.column("authors", sa.JSON),
        sa.column("keywords", sa.JSON),
        sa.column("publication_types", sa.JSON),
        sa.column("study_design"),
        sa.column("notice"),
        sa.column("match_key"),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(articles)).mappings().all():
        # A row has the fields derived() reads, which is all it needs of an article.
        design, notice, key = derived(SimpleNamespace(**row))  # type: ignore[arg-type]
        connection.execute(
            articles.update()
            .where(articles.c.id == row["id"])
            .values(study_design=design, notice=notice, match_key=key)
        )


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_match_key"))
        batch_op.drop_column("status_note")
        batch_op.drop_column("status")
        batch_op.drop_column("match_key")
        batch_op.drop_column("notice")
        batch_op.drop_column("study_design")
        batch_op.drop_column("accession")
        batch_op.drop_column("database")
        batch_op.drop_column("language")
        batch_op.drop_column("pmcid")
