"""Opening a workspace database and bringing its schema up to date with Alembic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def open_database(url: str, *, folder: Path) -> sessionmaker:
    """Connect to ``url`` (a relative SQLite path is taken from ``folder``) and migrate it.

    Returns a session factory whose objects stay readable after commit, so notebooks can keep
    and show them.
    """
    engine = _engine(url, folder)
    upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)


def _engine(url: str, folder: Path) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = Path(parsed.database)
        if not database.is_absolute():
            parsed = parsed.set(database=str(folder / database))
    engine = create_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    # SQLite ignores foreign keys unless asked; PostgreSQL always enforces them.
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema through the migrations, never by hand."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        if current == head and revision == "head":
            return  # the common case: skip Alembic's heavier machinery
        command.upgrade(alembic_config(connection), revision)
