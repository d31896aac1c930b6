"""Bookings and attendance: who booked, who came, and for how long. One module per source."""

from __future__ import annotations

from pathlib import Path

from ..csv_xlsx import is_workbook, sheet_rows, sheet_text
from ..errors import AttendanceImportError
from ..textfile import decode, read_bytes
from . import minutes_csv, teams, teams_log, zoom
from .clock import DEFAULT_ZONE, zone
from .presence import AttendanceReport, Presence

SOURCES = {"teams": teams, "teams-log": teams_log, "zoom": zoom, "csv": minutes_csv}
WHAT = "an attendance report (Teams or Zoom, or a CSV with email,minutes)"


def read_attendance(path: Path, time_zone: str = DEFAULT_ZONE) -> AttendanceReport:
    """Everyone in an attendance report; the format is judged from the content, its times
    read in ``time_zone`` (the group's, never the machine's)."""
    path = Path(path)
    data = read_bytes(path, AttendanceImportError)
    if is_workbook(data):
        # A report opened in Excel and saved as .xlsx: back to the text it was.
        text = sheet_text(sheet_rows(data, path, AttendanceImportError))
    else:
        text = decode(data, path, AttendanceImportError, WHAT)
    for source in SOURCES.values():
        if source.looks_like(text):
            return source.loads(text, path, zone(time_zone))
    raise AttendanceImportError(
        path,
        "not an attendance report readinggroups knows — use the Teams attendance report or the "
        "Zoom participants report as downloaded, or a CSV whose first row is email,minutes",
    )


__all__ = ["Presence", "AttendanceReport", "read_attendance"]
