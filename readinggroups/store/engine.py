"""Opening a workspace database and bringing its schema up to date with Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from ..errors import WorkspaceError

MIGRATIONS = Path(__file__).with_name("migrations")


def open_database(url: str, *, folder: Path) -> sessionmaker:
    """Connect to ``url`` (a relative SQLite path is taken from ``folder``) and migrate it.

    Returns a session factory whose objects stay readable after commit, so notebooks can keep
    and show them.
    """
    with database_errors(url):
        engine = _engine(url, folder)
        upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn a database that cannot be reached, read or written into a message saying why."""
    from sqlalchemy import exc

    shown = make_url(url).render_as_string(hide_password=True) if "://" in url else url
    try:
        yield
    except exc.ArgumentError as problem:
        raise WorkspaceError(
            f"readinggroups.toml: database.url {shown!r} is not a database address — use "
            "sqlite:///readinggroups.sqlite, or postgresql://user@host/name"
        ) from problem
    except (ModuleNotFoundError, exc.NoSuchModuleError) as problem:
        raise WorkspaceError(
            f"readinggroups.toml: database.url {shown!r} needs a driver that is not installed "
            f"({problem}) — for PostgreSQL install psycopg, or use the SQLite default"
        ) from problem
    except exc.DBAPIError as problem:
        reason = str(problem.orig).strip() or type(problem.orig).__name__
        if "readonly" in reason or "read-only" in reason:
            advice = "check that you can write to the workspace folder and the database file"
        elif "unable to open" in reason:
            advice = "check the folder in database.url exists and you can write to it"
        elif "not a database" in reason or "malformed" in reason:
            advice = "the file is damaged: restore a backup, or move it aside to start afresh"
        else:
            advice = "check database.url in readinggroups.toml and that the server is running"
        raise WorkspaceError(
            f"the database {shown} cannot be used ({reason}) — {advice}"
        ) from problem


def _engine(url: str, folder: Path) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = Path(parsed.database)
        if not database.is_absolute() and not parsed.database.startswith("file:"):
            parsed = parsed.set(database=str(folder / database))
    engine = create_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


PAGE_SIZE = 16384


def _sqlite_pragmas(connection, _record) -> None:
    # SQLite ignores foreign keys unless asked; PostgreSQL always enforces them.
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # An article with its abstract is 1-2 KB: on SQLite's default 4 KB pages a large import
    # spends half its storing time splitting pages. Takes effect when a new database is first
    # written; an existing one keeps its pages.
    cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    cursor.close()


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


# The newest migration. Opening a database already at this revision needs no Alembic at all
# (importing it costs more than the rest of a command's start-up); a test checks this constant
# against the migrations folder, so a new migration cannot forget it.
HEAD_REVISION = "0006"


def current_revision(connection) -> str | None:
    """The schema revision a database records, read with one query; None for a new one."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema through the migrations, never by hand."""
    with engine.begin() as connection:
        if revision == "head" and current_revision(connection) == HEAD_REVISION:
            return  # the common case: the schema is current, Alembic is not even imported
        from alembic import command

        command.upgrade(alembic_config(connection), revision)
