"""A plain attendance list: a CSV with `email,minutes` (from a sign-in sheet typed up by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..csv_xlsx import read_rows
from ..errors import AttendanceImportError
from ..textfile import clean
from .people import check_email
from .presence import AttendanceReport, Presence


def looks_like(text: str) -> bool:
    header = [part.strip().strip('"').lower() for part in text.split("\n", 1)[0].split(",")]
    return "email" in header and "minutes" in header


def loads(text: str, path: Path, tz: dt.tzinfo | None = None) -> AttendanceReport:
    presences: dict[str, Presence] = {}
    for line, row in read_rows(text, path, AttendanceImportError, ("email", "minutes")):
        where = f"line {line}"
        email = check_email(row.get("email", ""))
        if email is None:
            raise AttendanceImportError(
                path,
                f"{clean(row.get('email'))!r} is not an email address — correct it",
                where=where,
            )
        raw = clean(row.get("minutes"))
        try:
            minutes = float(raw)
        except ValueError:
            minutes = -1
        if not 0 <= minutes <= 24 * 60:
            raise AttendanceImportError(
                path,
                f"minutes {raw!r} for {email}: give the minutes attended, from 0 to 1440",
                where=where,
            )
        seconds = round(minutes * 60)
        if email in presences:  # the same person on two rows: time adds up, like a rejoin
            seconds += presences[email].seconds
        presences[email] = Presence(name=clean(row.get("name")), email=email, seconds=seconds)
    if not presences:
        raise AttendanceImportError(
            path, "no attendance rows under the header — add one per person"
        )
    return AttendanceReport(list(presences.values()))
