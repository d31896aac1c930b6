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

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..errors import NotFoundError
from .models import Article, Base, Booking, Person, ReadingSession

Model = TypeVar("Model", bound=Base)

# What each kind of record is called, and the command that lists their ids.
_NAMES: dict[type, tuple[str, str]] = {
    Article: ("article", "readinggroups articles list"),
    ReadingSession: ("session", "readinggroups sessions list"),
    Booking: ("booking", "readinggroups bookings list SESSION"),
    Person: ("person", "readinggroups export people"),
}


class Store:
    """A workspace's database, opened (and brought up to date) on first use."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self._factory: sessionmaker[Session] | None = None

    def open(self) -> sessionmaker[Session]:
        if self._factory is None:
            from .engine import open_database

            self._factory = open_database(self.url, folder=self.folder)
        return self._factory

    def close(self) -> None:
        """Let go of the database (its connections close); it opens again on next use."""
        if self._factory is not None:
            bind = self._factory.kw["bind"]
            bind.dispose()
            self._factory = None

    def compact(self) -> None:
        """Rewrite a SQLite database so that nothing deleted or overwritten survives in its
        free pages or its journal (erasure under UK GDPR); a server database does its own."""
        engine = self.open().kw["bind"]
        if engine.dialect.name != "sqlite":
            return
        from .engine import database_errors

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
    def unit(self) -> Iterator[Unit]:
        """One transaction: everything in the block is saved together, or nothing is."""
        from .engine import database_errors

        factory = self.open()
        with database_errors(self.url), factory.begin() as db:
            yield Unit(db)


class Unit:
    """One transaction over the store."""

    def __init__(self, db: Session) -> None:
        self.db = db

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
