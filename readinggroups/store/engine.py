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
    """Connect to ``url`` (a relative SQLite path is taken from ``folder``) and check its
    schema: a SQLite file is brought up to date, a shared database only when it is new (see
    :func:`bring_up_to_date`).

    Returns a session factory whose objects stay readable after commit, so notebooks can keep
    and show them.
    """
    with database_errors(url):
        engine = make_engine(url, folder)
        bring_up_to_date(engine, url)
    return sessionmaker(engine, expire_on_commit=False)


def upgrade_database(url: str, *, folder: Path) -> tuple[str | None, str]:
    """``readinggroups db upgrade``: bring the schema at ``url`` up to this version's, on any
    back end; (the revision before, the revision now)."""
    with database_errors(url):
        engine = make_engine(url, folder)
        try:
            with engine.begin() as connection:
                before = current_revision(connection)
                _refuse_newer(before, url)
            upgrade(engine)
        finally:
            engine.dispose()
    return before, HEAD_REVISION


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn a database that cannot be reached, read or written into a message saying why."""
    from sqlalchemy import exc

    shown = shown_url(url)
    try:
        yield
    except (exc.ArgumentError, ValueError):
        # (ValueError: a port that is not a number, or a password with an unescaped @ or #;
        # its text may hold part of the password, so it is not shown.)
        raise WorkspaceError(
            f"readinggroups.toml: database.url {shown!r} is not a database address — use "
            "sqlite:///readinggroups.sqlite, or postgresql://user@host/name (a password with "
            "@, : or # in it is written %40, %3A or %23)"
        ) from None
    except (ModuleNotFoundError, exc.NoSuchModuleError) as problem:
        raise WorkspaceError(
            f"readinggroups.toml: database.url {shown!r} needs a driver that is not installed "
            f"({problem}) — for PostgreSQL install psycopg, or use the SQLite default"
        ) from problem
    except exc.DBAPIError as problem:
        reason = str(problem.orig).strip() or type(problem.orig).__name__
        raise WorkspaceError(
            f"the database {shown} cannot be used ({reason}) — "
            f"{_advice(reason, problem, sqlite=shown.startswith('sqlite'))}"
        ) from problem


def _advice(reason: str, problem: Exception, *, sqlite: bool) -> str:
    """What to do about a database error, by what it really is."""
    from sqlalchemy import exc

    lowered = reason.lower()
    if "locked" in lowered or "busy" in lowered or "lock timeout" in lowered:
        return (
            f"another readinggroups command or notebook kept it busy for {BUSY_SECONDS} seconds; "
            "try again when it has finished"
        )
    if "full" in lowered or "no space" in lowered:
        return "the disk is full: free some space, then try again (nothing was saved)"
    if "readonly" in lowered or "read-only" in lowered:
        return "check that you can write to the workspace folder and the database file"
    if "unable to open" in lowered:
        return "check the folder in database.url exists and you can write to it"
    if "not a database" in lowered or "malformed" in lowered:
        return "the file is damaged: restore a backup, or move it aside to start afresh"
    if isinstance(problem, exc.IntegrityError):
        return (
            "a record like this one is already saved (perhaps by a command running at the same "
            "time); nothing was changed — run it again"
        )
    if sqlite:
        return "check database.url in readinggroups.toml"
    return "check database.url in readinggroups.toml and that the database server is running"


def make_engine(url: str, folder: Path) -> Engine:
    parsed = server_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = Path(parsed.database)
        if not parsed.database.startswith("file:"):
            if not database.is_absolute():
                database = folder / database
                parsed = parsed.set(database=str(database))
            _create_private(database)
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(
            parsed,
            connect_args={
                # Waiting for a colleague's command is bounded as on SQLite: a lock not had
                # within BUSY_SECONDS ends the command with "busy" advice, not a hang.
                "options": f"-c lock_timeout={BUSY_SECONDS * 1000}",
                "application_name": "readinggroups",
            },
            pool_pre_ping=True,
        )
        event.listen(engine, "begin", _lock_network)
        return engine
    if parsed.get_backend_name() != "sqlite":
        raise WorkspaceError(
            f"readinggroups.toml: database.url {shown_url(url)!r} is a {parsed.get_backend_name()} "
            "database — readinggroups keeps its data in SQLite (the default, nothing to set "
            "up) or a shared PostgreSQL server: postgresql://user@host/name"
        )
    engine = create_engine(parsed, connect_args={"timeout": BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def server_url(url: str):
    """``url`` parsed, with PostgreSQL's plain ``postgresql://`` (and ``postgres://``, as
    hosting services print it) meaning the psycopg 3 driver readinggroups installs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_shared(url: str) -> bool:
    """Whether ``url`` is a database server's (shared by a network) rather than a SQLite file."""
    return make_url(url).get_backend_name() != "sqlite"


def sqlite_file(url: str, folder: Path) -> Path | None:
    """The file of a SQLite database at ``url`` (relative to ``folder``); None for another
    kind of database, or one in memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None
    database = Path(parsed.database)
    return database if database.is_absolute() else folder / database


def _create_private(database: Path) -> None:
    """A new database file readable by its owner only: it holds nurses' names, emails and
    PINs (SQLite gives its journal files the same permissions)."""
    import contextlib
    import os

    # One that exists is left as it is; a folder that cannot be written to is reported by
    # SQLite in its own words when it tries.
    with contextlib.suppress(OSError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


PAGE_SIZE = 16384
# How long a command waits for another one (a notebook, a second librarian) to finish writing.
BUSY_SECONDS = 30


def _sqlite_pragmas(connection, _record) -> None:
    # The driver's own transaction handling starts transactions late and never as IMMEDIATE;
    # switched off, SQLAlchemy's "begin" event below starts each one itself.
    connection.isolation_level = None
    cursor = connection.cursor()
    # SQLite ignores foreign keys unless asked; PostgreSQL always enforces them.
    cursor.execute("PRAGMA foreign_keys = ON")
    # An article with its abstract is 1-2 KB: on SQLite's default 4 KB pages a large import
    # spends half its storing time splitting pages. Takes effect when a new database is first
    # written; an existing one keeps its pages.
    cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    # Readers never wait for a writer, and a writer waits (not fails) for another writer.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    # Erased people leave no trace in free pages (UK GDPR erasure).
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


# The lock every unit of work on a shared database holds until it commits: PostgreSQL's
# counterpart of SQLite's BEGIN IMMEDIATE. Counting places and booking one, finding a duplicate
# person or article and storing it, giving a certificate number, claiming a message before
# sending it: each happens with no other librarian's command writing in between. Units of work
# are short (a command's writes, not its documents or emails), so queueing them costs a few
# milliseconds, and every invariant holds with no retry logic in each verb.
NETWORK_LOCK = 0x52470001


def _lock_network(connection) -> None:
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({NETWORK_LOCK})")


def _begin_immediate(connection) -> None:
    # Each unit of work takes the write lock when it starts, so counting places and booking
    # one, or finding a duplicate and storing an article, happen with nobody writing between.
    # A second writer waits for the lock (busy_timeout) rather than failing half-way.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


# The newest migration. Opening a database already at this revision needs no Alembic at all
# (importing it costs more than the rest of a command's start-up); a test checks this constant
# against the migrations folder, so a new migration cannot forget it.
HEAD_REVISION = "0012"


def bring_up_to_date(engine: Engine, url: str) -> None:
    """Migrate a SQLite file (it belongs to one workspace) or a new, empty shared database;
    refuse a shared database that holds an older schema, so that one librarian's update
    never changes it under colleagues still on the older version (``readinggroups db upgrade``
    does it, when they agree), and refuse a database a newer readinggroups has upgraded."""
    with engine.begin() as connection:
        found = current_revision(connection)
    if found == HEAD_REVISION:
        return  # the common case: the schema is current, Alembic is not even imported
    _refuse_newer(found, url)
    if found is not None and is_shared(url):
        from ..errors import SchemaError

        raise SchemaError(
            f"the shared database {shown_url(url)} is at schema {found} and this version of "
            f"readinggroups needs {HEAD_REVISION} — run `readinggroups db upgrade` once "
            "(after that, everyone using it needs this version), or keep the version you had"
        )
    upgrade(engine)


def _refuse_newer(found: str | None, url: str) -> None:
    """A database upgraded by a newer readinggroups has tables this one does not know."""
    if found is None or found in _KNOWN:
        return
    from ..errors import SchemaError

    raise SchemaError(
        f"the database {shown_url(url)} was upgraded by a newer readinggroups (schema {found}; "
        f"this version knows up to {HEAD_REVISION}) — update readinggroups "
        "(`uv sync --upgrade` in its folder, or `pip install --upgrade readinggroups`)"
    )


_KNOWN = {f"{n:04d}" for n in range(1, int(HEAD_REVISION) + 1)}


def shown_url(url: str) -> str:
    """``url`` as messages show it: never with its password."""
    from sqlalchemy import exc

    try:
        return make_url(url).render_as_string(hide_password=True) if "://" in url else url
    except (exc.ArgumentError, ValueError):
        scheme, _, rest = url.partition("://")
        return f"{scheme}://…@{rest.rsplit('@', 1)[-1]}" if "@" in rest else url


def current_revision(connection) -> str | None:
    """The schema revision a database records, read with one query; None for a new one."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema through the migrations, never by hand: in one transaction
    (a second command upgrading at the same moment waits, then finds it done)."""
    with engine.connect() as connection:
        # SQLite alters a table by rebuilding it: a copy is made and the old one dropped,
        # which foreign keys pointing at it would refuse (even deferred: SQLite counts the
        # rows the drop orphaned, not those the copy gives back). So, as SQLite advises,
        # they are off while migrating and checked before the migration commits. The pragma
        # only takes effect outside a transaction: set on the driver's connection itself.
        driver = connection.connection.driver_connection if _is_sqlite(connection) else None
        if driver is not None:
            driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                if revision == "head" and current_revision(connection) == HEAD_REVISION:
                    return  # upgraded meanwhile by another command
                from alembic import command

                command.upgrade(alembic_config(connection), revision)
                if driver is not None and (
                    broken := connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                ):
                    raise RuntimeError(f"migrating left a row without its parent: {broken}")
        finally:
            if driver is not None:
                driver.execute("PRAGMA foreign_keys = ON")


def _is_sqlite(connection) -> bool:
    return connection.dialect.name == "sqlite"
