"""The store and its units of work: one transaction, typed look-ups, the shared queries.

Every concern (articles, planning, bookings, documents, reporting) reads and writes through a
:class:`Unit`, so "there is no session 7" is worded in one place and each verb is one
transaction: everything in it is saved together, or nothing is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from ..errors import NotFoundError
from .models import (
    Article,
    Base,
    Booking,
    Person,
    ReadingSession,
    WithdrawnCertificate,
    WorkspaceRecord,
    WorkspaceState,
)

Model = TypeVar("Model", bound=Base)

# What each kind of record is called, and the command that lists their ids.
_NAMES: dict[type, tuple[str, str]] = {
    Article: ("article", "readinggroups articles list"),
    ReadingSession: ("session", "readinggroups sessions list"),
    Booking: ("booking", "readinggroups bookings list SESSION"),
    Person: ("person", "readinggroups export people"),
}


# What a readinggroups.toml without database.workspace stands for: the one workspace of a
# database made before several could share one (migration 0012 gives it its rows).
DEFAULT_WORKSPACE = "default"

# The tables whose rows belong to one workspace; the rest belong to a session (bookings,
# messages, follow-up answers, review decisions) or to the whole network (people).
_OWNED = (ReadingSession, Article, WorkspaceState)


class Store:
    """A workspace's database, opened (and brought up to date) on first use.

    Several workspaces may share the database (a library network's PostgreSQL server): every
    unit of work sees only this workspace's sessions, articles and state, and whatever it adds
    is this workspace's (see :func:`_own_workspace`). People are shared: one person by email.
    """

    def __init__(
        self,
        url: str,
        folder: Path,
        *,
        workspace: str = DEFAULT_WORKSPACE,
        group: str = "",
        library: str = "",
    ) -> None:
        self.url = url
        self.folder = folder
        self.key = workspace
        self._names = (group, library)
        self._factory: sessionmaker[Session] | None = None
        self.workspace_id: int | None = None

    def open(self) -> sessionmaker[Session]:
        if self._factory is None:
            from .engine import database_errors, is_shared, open_database

            factory = open_database(self.url, folder=self.folder)
            if is_shared(self.url) and self.key == DEFAULT_WORKSPACE:
                _check_default(factory, self.url)
            with database_errors(self.url), factory.begin() as db:
                self.workspace_id = _register(db, self.key, *self._names)
            factory.configure(info={"workspace_id": self.workspace_id})
            event.listen(factory, "do_orm_execute", _own_workspace)
            event.listen(factory, "before_flush", _claim_new)
            self._factory = factory
        return self._factory

    def close(self) -> None:
        """Let go of the database (its connections close); it opens again on next use."""
        if self._factory is not None:
            bind = self._factory.kw["bind"]
            bind.dispose()
            self._factory = None

    def compact(self) -> None:
        """Rewrite the database so that nothing deleted or overwritten survives in its free
        pages or its journal (erasure under UK GDPR): a SQLite file whole, on PostgreSQL the
        tables that hold people's details (old row versions stay in a table's pages until
        it is rewritten)."""
        engine = self.open().kw["bind"]
        from .engine import database_errors

        if engine.dialect.name == "postgresql":
            with database_errors(self.url), engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.exec_driver_sql(
                    "VACUUM FULL people, bookings, messages, followup_responses, "
                    "review_decisions, withdrawn_certificates"
                )
            return
        if engine.dialect.name != "sqlite":
            return
        with database_errors(self.url):
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.close()
            finally:
                raw.close()

    @contextmanager
    def unit(self, *, network: bool = False) -> Iterator[Unit]:
        """One transaction: everything in the block is saved together, or nothing is.

        With ``network`` its queries see every workspace of a shared database: for what is
        about a person (one person across the network), such as their erasure."""
        from .engine import database_errors

        factory = self.open()
        with database_errors(self.url), factory.begin() as db:
            db.info["all_workspaces"] = network
            yield Unit(db)


def _check_default(factory: sessionmaker[Session], url: str) -> None:
    """A settings file without a workspace key names the one workspace of a database from
    before they could be shared: in a shared database that is only there if the database
    was such a one, upgraded. Otherwise the folder belongs elsewhere (its own SQLite file,
    with $READINGGROUPS_DATABASE_URL pointing every workspace on the computer at the shared
    one): it is stopped before it sees, or makes, anyone else's workspace."""
    from ..errors import WorkspaceError
    from .engine import database_errors, shown_url

    with database_errors(url), factory.begin() as db:
        found = db.scalars(
            select(WorkspaceRecord.id).where(WorkspaceRecord.key == DEFAULT_WORKSPACE)
        ).first()
    if found is None:
        factory.kw["bind"].dispose()
        raise WorkspaceError(
            f"this workspace has no key for the shared database {shown_url(url)} "
            "(database.workspace in readinggroups.toml) — to move it there, "
            "`readinggroups backup FILE` then `readinggroups restore FILE DIR --database URL`; "
            "to join a colleague's, `readinggroups init DIR --database URL --workspace KEY`; "
            "or unset READINGGROUPS_DATABASE_URL to use its own database"
        )


def _register(db: Session, key: str, group: str, library: str) -> int:
    """The id of workspace ``key``, added on first use; its names kept as its settings say,
    for the network's report."""
    found = db.scalars(select(WorkspaceRecord).where(WorkspaceRecord.key == key)).first()
    if found is None:
        found = WorkspaceRecord(key=key, group_name=group, library=library)
        db.add(found)
        db.flush()
    elif (found.group_name, found.library) != (group, library) and (group or library):
        found.group_name, found.library = group, library
    return found.id


def _own_workspace(execute) -> None:
    """Every query of sessions, articles or state sees this workspace's rows only (in joins
    too), unless it asks for ``all_workspaces`` (a person's own record across the network)."""
    from sqlalchemy.orm import with_loader_criteria

    if (
        not execute.is_select
        or execute.is_column_load
        or execute.is_relationship_load
        or execute.execution_options.get("all_workspaces", False)
        or execute.session.info.get("all_workspaces", False)
    ):
        return
    mine = execute.session.info["workspace_id"]
    execute.statement = execute.statement.options(
        *(
            with_loader_criteria(model, model.workspace_id == mine, include_aliases=True)
            for model in _OWNED
        )
    )


def _claim_new(db: Session, _context, _instances) -> None:
    """What a unit of work adds to an owned table is its workspace's."""
    mine = db.info["workspace_id"]
    for row in db.new:
        if isinstance(row, (*_OWNED, WithdrawnCertificate)) and row.workspace_id is None:
            row.workspace_id = mine


class Unit:
    """One transaction over the store."""

    def __init__(self, db: Session) -> None:
        self.db = db

    @property
    def workspace_id(self) -> int:
        """This workspace's id in the (perhaps shared) database."""
        return self.db.info["workspace_id"]

    def state(self, key: str) -> WorkspaceState | None:
        """A small fact this workspace keeps (the notebooks' current session)."""
        return self.db.get(WorkspaceState, (self.workspace_id, key))

    def get(self, model: type[Model], key: int) -> Model:
        """The ``model`` row with id ``key``; a NotFoundError naming the command that lists
        the ids when there is none."""
        found = self.db.get(model, key)
        if found is None:
            what, hint = _NAMES.get(model, (model.__name__.lower(), "readinggroups --help"))
            raise NotFoundError(f"there is no {what} {key} — `{hint}` shows the ids")
        return found

    def session(self, session_id: int) -> ReadingSession:
        return self.get(ReadingSession, session_id)

    def open_session(self, session_id: int) -> ReadingSession:
        """A session that can still take bookings, attendance and documents: not cancelled."""
        from ..errors import ReadingGroupsError

        session = self.session(session_id)
        if session.cancelled_at is not None:
            why = f" ({session.cancel_reason})" if session.cancel_reason else ""
            raise ReadingGroupsError(
                f"session {session_id}, {session.title!r}, was cancelled on "
                f"{session.cancelled_at:%d %B %Y}{why} — plan a new session instead"
            )
        return session

    def articles(self) -> list[Article]:
        return list(self.db.scalars(select(Article).order_by(Article.id)))

    def sessions(self, *, cancelled: bool = True) -> list[ReadingSession]:
        """Every session by date; without the cancelled ones when ``cancelled`` is False."""
        query = select(ReadingSession)
        if not cancelled:
            query = query.where(ReadingSession.cancelled_at.is_(None))
        return list(self.db.scalars(query.order_by(ReadingSession.date, ReadingSession.id)))

    def bookings(self, session_id: int) -> list[Booking]:
        """A session's bookings in the order they were made (the session must exist)."""
        self.session(session_id)
        return list(
            self.db.scalars(
                select(Booking)
                .where(Booking.session_id == session_id)
                .order_by(Booking.booked_at, Booking.id)
            )
        )

    def all_bookings(self, since: dt.date | None = None) -> list[Booking]:
        """Every booking of every session held or to come (on or after ``since``), by session
        date: a cancelled session's bookings count in no figure."""
        query = select(Booking).join(ReadingSession).where(ReadingSession.cancelled_at.is_(None))
        if since is not None:
            query = query.where(ReadingSession.date >= since)
        return list(self.db.scalars(query.order_by(ReadingSession.date, Booking.id)))
