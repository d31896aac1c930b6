"""Alembic environment: runs migrations on the connection readinggroups hands it."""

from alembic import context

from readinggroups.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("readinggroups runs its migrations itself: open the workspace instead")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
