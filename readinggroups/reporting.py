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
    from .store import ReadingSession
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


def report(
    unit: Unit,
    config: Config,
    *,
    since: dt.date | None = None,
    until: dt.date,
    questions: Questions | None = None,
) -> LibraryReport:
    """The report's tables for the sessions from ``since`` up to ``until`` (sessions still to
    come would count as empty ones); with the follow-up's ``questions``, its Impact tables."""
    from .report import build

    sessions: list[ReadingSession] = [
        s
        for s in unit.sessions(cancelled=False)
        if s.date <= until and (since is None or s.date >= since)
    ]
    if not sessions:
        raise ReadingGroupsError(
            "no sessions have taken place to report on" + (f" since {since}" if since else "")
        )
    built = build(
        sessions, unit.all_bookings(since), config.late_cancellation_hours, group=config.group
    )
    if questions is not None:
        from .attendance.bookings import credited_and_not
        from .followup import asked, responses
        from .impact import impact

        credited = {s.id: credited_and_not(unit.db, s)[0] for s in sessions}
        built.impact = impact(
            sessions, credited, responses(unit.db), questions, config.group, asked(unit.db)
        )
    return built
