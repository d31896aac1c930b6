"""several workspaces share one database: sessions, articles and the workspace's state belong
to a workspace; a person stays one person across them

Revision ID: 0012
Revises: 0011

A library network keeps every group's workspace in one PostgreSQL database. Each workspace is
a row of ``workspaces`` (its key is readinggroups.toml's database.workspace); its sessions,
articles and state carry its id, and a DOI or PMID is unique within a workspace rather than
across the database. A database from before this holds one workspace's rows: they become the
workspace called "default", which is the key a readinggroups.toml without one stands for.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DEFAULT_KEY = "default"


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("group_name", sa.Text(), nullable=False),
        sa.Column("library", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
        sa.UniqueConstraint("key", name=op.f("uq_workspaces_key")),
    )
    connection = op.get_bind()
    held = any(
        connection.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()
        for table in ("sessions", "articles", "workspace_state", "people")
    )
    if held:
        # The id comes from the database (a PostgreSQL sequence must see it too).
        connection.execute(
            sa.text(
                "INSERT INTO workspaces (key, group_name, library, created_at) "
                "VALUES (:key, '', '', CURRENT_TIMESTAMP)"
            ),
            {"key": DEFAULT_KEY},
        )
    owner = "(SELECT id FROM workspaces WHERE key = 'default')"

    for table in ("sessions", "articles"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET workspace_id = {owner}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("workspace_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_workspace_id_workspaces"), "workspaces", ["workspace_id"], ["id"]
            )
            batch.create_index(op.f(f"ix_{table}_workspace_id"), ["workspace_id"], unique=False)
            if table == "articles":
                batch.drop_constraint("uq_articles_doi", type_="unique")
                batch.drop_constraint("uq_articles_pmid", type_="unique")
                batch.create_unique_constraint("uq_articles_workspace_doi", ["workspace_id", "doi"])
                batch.create_unique_constraint(
                    "uq_articles_workspace_pmid", ["workspace_id", "pmid"]
                )

    with op.batch_alter_table("withdrawn_certificates") as batch:
        batch.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_withdrawn_certificates_workspace_id_workspaces"),
            "workspaces",
            ["workspace_id"],
            ["id"],
        )
    op.execute(f"UPDATE withdrawn_certificates SET workspace_id = {owner}")

    # The state's key becomes (workspace, key): a handful of rows, moved by hand.
    state = list(connection.execute(sa.text("SELECT key, value FROM workspace_state")))
    op.drop_table("workspace_state")
    op.create_table(
        "workspace_state",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_workspace_state_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "key", name=op.f("pk_workspace_state")),
    )
    for key, value in state:
        connection.execute(
            sa.text(
                f"INSERT INTO workspace_state (workspace_id, key, value) "
                f"VALUES ({owner}, :key, :value)"
            ),
            {"key": key, "value": value},
        )


def downgrade() -> None:
    # One workspace's state survives: the default one's (a database shared by several cannot
    # go back to holding one).
    state = list(
        op.get_bind().execute(
            sa.text(
                "SELECT key, value FROM workspace_state WHERE workspace_id = "
                "(SELECT id FROM workspaces WHERE key = 'default')"
            )
        )
    )
    op.drop_table("workspace_state")
    op.create_table(
        "workspace_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workspace_state")),
    )
    for key, value in state:
        op.get_bind().execute(
            sa.text("INSERT INTO workspace_state (key, value) VALUES (:key, :value)"),
            {"key": key, "value": value},
        )
    with op.batch_alter_table("withdrawn_certificates") as batch:
        batch.drop_constraint(
            op.f("fk_withdrawn_certificates_workspace_id_workspaces"), type_="foreignkey"
        )
        batch.drop_column("workspace_id")
    for table in ("articles", "sessions"):
        with op.batch_alter_table(table) as batch:
            if table == "articles":
                batch.drop_constraint("uq_articles_workspace_doi", type_="unique")
                batch.drop_constraint("uq_articles_workspace_pmid", type_="unique")
                batch.create_unique_constraint("uq_articles_doi", ["doi"])
                batch.create_unique_constraint("uq_articles_pmid", ["pmid"])
            batch.drop_index(op.f(f"ix_{table}_workspace_id"))
            batch.drop_constraint(op.f(f"fk_{table}_workspace_id_workspaces"), type_="foreignkey")
            batch.drop_column("workspace_id")
    op.drop_table("workspaces")
