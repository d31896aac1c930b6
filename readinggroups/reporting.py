"""The library's figures: the tables of bookings, people and sessions, their exports (with
pseudonyms when anonymised), and the report."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReadingGroupsError, WorkspaceError

if TYPE_CHECKING:
    import pandas as pd

    from .config import Config
    from .followup import Questions
    from .report import LibraryReport
    from .store import Person, ReadingSession
    from .store.unit import Unit

PSEUDONYM_KEY = ".pseudonym-key"


def attendance_table(unit: Unit, session_id: int | None = None, group: str = "") -> pd.DataFrame:
    """One row per booking (of one session, or of all), as the attendance export holds it."""
    from sqlalchemy import select

    from .frames import attendance_frame
    from .store import Booking, ReadingSession

    query = select(Booking).join(ReadingSession)
    if session_id is not None:
        unit.session(session_id)
        query = query.where(Booking.session_id == session_id)
    bookings = list(
        unit.db.scalars(
            query.order_by(ReadingSession.date, ReadingSession.id, Booking.booked_at, Booking.id)
        )
    )
    return attendance_frame(bookings, group)


def people_table(unit: Unit, config: Config, since: dt.date | None = None) -> pd.DataFrame:
    """One row per person: sessions booked and attended, no-shows, CPD hours."""
    from .frames import people_frame

    return people_frame(unit.all_bookings(since), config.late_cancellation_hours)


def sessions_table(unit: Unit, config: Config, since: dt.date | None = None) -> pd.DataFrame:
    """One row per session: booked, waiting, cancelled (late), came, no-show rate, hours."""
    from .frames import sessions_frame

    sessions = [s for s in unit.sessions(cancelled=False) if since is None or s.date >= since]
    return sessions_frame(
        sessions, unit.all_bookings(since), config.late_cancellation_hours, config.group
    )


def export(
    what: str,
    frame: pd.DataFrame,
    out: Path | None,
    folder: Path,
    *,
    since: dt.date | None = None,
    key: bytes | None = None,
) -> Path:
    """Write ``frame`` as .csv or .xlsx (by ``out``'s extension; default ``folder/WHAT.xlsx``),
    formulas defused; with a ``key``, names, emails and PINs become stable pseudonyms."""
    from .exports import anonymised, write_table

    if since is not None:
        frame = frame[frame["session_date"] >= since.isoformat()]
    if key is not None:
        frame = anonymised(frame, key)
        if what == "people":  # the real names' order would tell them apart
            frame = frame.sort_values("name", ignore_index=True)
        what += "-anonymised"  # the default file name says so
    path = out if out else folder / f"{what}.xlsx"
    return write_table(frame, path, sheet=what.capitalize())


# A key shorter than this (hex digits, 128 bits) could be guessed, and with it every pseudonym
# worked back from the emails it was made from.
_KEY_DIGITS = 32


def pseudonym_key(folder: Path) -> bytes:
    """The workspace's key for pseudonyms, made on first use and kept beside the settings:
    the same person gets the same pseudonym in every anonymised export."""
    from .files import create_private

    path = folder / PSEUDONYM_KEY
    if not path.is_file():
        # Two first exports at once: the file is linked into place only if it is not there
        # yet, so both end up with the one key that won.
        create_private(path, secrets.token_hex(32).encode())
    key = path.read_bytes().strip()
    if len(key) < _KEY_DIGITS or not all(c in b"0123456789abcdefABCDEF" for c in key):
        raise WorkspaceError(
            f"{path}: this pseudonym key is empty or too weak to keep pseudonyms private — "
            "restore it from your backup, or delete it to make a new one (pseudonyms in new "
            "exports will then differ from earlier ones)"
        )
    return key


class ReportedBooking:
    """A booking as the report reads it: its stored columns, with its session and person
    shared among all their bookings. Plain attributes: a network's year of bookings is read
    in a fraction of the time the ORM's Bookings would take (attendance.BookingFacts)."""

    __slots__ = (
        "id",
        "session_id",
        "person_id",
        "status",
        "attendance",
        "minutes_attended",
        "booked_at",
        "cancelled_at",
        "session",
        "person",
    )

    def __init__(self, row: tuple, session: ReadingSession, person: Person) -> None:
        # The columns in the order report() reads them, which is __slots__' order.
        (
            self.id,
            self.session_id,
            self.person_id,
            self.status,
            self.attendance,
            self.minutes_attended,
            self.booked_at,
            self.cancelled_at,
        ) = row
        self.session, self.person = session, person


def report(
    unit: Unit,
    config: Config,
    *,
    since: dt.date | None = None,
    until: dt.date,
    questions: Questions | None = None,
    network: bool = False,
) -> LibraryReport:
    """The report's tables for the sessions from ``since`` up to ``until`` (sessions still to
    come would count as empty ones); with the follow-up's ``questions``, its Impact tables.

    With ``network`` (and a unit that sees every workspace: ``store.unit(network=True)``),
    every workspace's sessions, each series named by its own group, and the tables per
    library. The statements sent to the database are the same few however many sessions
    there are: everything is read at once, then worked out here."""
    from sqlalchemy import select
    from sqlalchemy.orm import lazyload

    from .attendance.bookings import split_credited
    from .frames import Group, by_session
    from .report import build
    from .store import Booking, Person, ReadingSession
    from .store.models import WorkspaceRecord

    held = ReadingSession.cancelled_at.is_(None) & (ReadingSession.date <= until)
    if since is not None:
        held &= ReadingSession.date >= since
    if not network:  # as the unit scopes it too: said here as well, for the plain reads below
        held &= ReadingSession.workspace_id == unit.workspace_id
    sessions: list[ReadingSession] = list(
        unit.db.scalars(
            select(ReadingSession)
            .where(held)
            .order_by(ReadingSession.date, ReadingSession.id)
            # The articles chosen are in no figure: not read.
            .options(lazyload(ReadingSession.links))
        )
    )
    if not sessions:
        raise ReadingGroupsError(
            "no sessions have taken place to report on" + (f" since {since}" if since else "")
        )
    found = {s.id: s for s in sessions}
    # Plain rows, straight from the connection: the ORM's handling of each row would cost
    # more than the rest of the report (``held`` keeps to this workspace's sessions).
    columns = (
        select(
            Booking.id,
            Booking.session_id,
            Booking.person_id,
            Booking.status,
            Booking.attendance,
            Booking.minutes_attended,
            Booking.booked_at,
            Booking.cancelled_at,
        )
        .join(ReadingSession)
        .where(held)
        .order_by(ReadingSession.date, Booking.id)
    )
    rows = unit.db.connection().execute(columns).all()
    booked = select(Booking.person_id).join(ReadingSession).where(held)
    people = {p.id: p for p in unit.db.scalars(select(Person).where(Person.id.in_(booked)))}
    # On a shared server each read sees the database as it is then: a session planned or a
    # person erased by a colleague between them is left out rather than half in.
    bookings = [
        ReportedBooking(row, found[row[1]], people[row[2]])
        for row in rows
        if row[1] in found and row[2] in people
    ]
    group: Group = config.group
    libraries: dict[int, str] | None = None
    if network:
        workspaces = list(unit.db.scalars(select(WorkspaceRecord)))
        group = {w.id: w.group_name or w.key for w in workspaces}
        libraries = {w.id: w.library or "Library not named" for w in workspaces}
    built = build(
        sessions, bookings, config.late_cancellation_hours, group=group, libraries=libraries
    )
    if questions is not None:
        from .followup import asked, responses
        from .impact import impact

        theirs = by_session(bookings)
        credited = {s.id: split_credited(theirs.get(s.id, []))[0] for s in sessions}
        built.impact = impact(
            sessions, credited, responses(unit.db), questions, group, asked(unit.db)
        )
    return built
