"""The older Microsoft Teams attendance list: one row per join or leave, names but no emails.

    Full Name	User Action	Timestamp
    Aoife O'Neill	Joined	14/11/2022, 09:30:46
    Aoife O'Neill	Left	14/11/2022, 10:29:02

Time is each join to the next leave; someone still in the meeting when the list was downloaded
is counted to its last timestamp. Without emails, people are matched by name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..csv_xlsx import header_key, read_rows
from ..errors import AttendanceImportError
from ..textfile import clean
from .clock import Timeline, zone
from .presence import AttendanceReport, Presence, merge_intervals, possible_dates
from .teams import report_time


def looks_like(text: str) -> bool:
    header = header_key(text.split("\n", 1)[0])
    return "full name" in header and "user action" in header and "timestamp" in header


def loads(text: str, path: Path, tz: dt.tzinfo | None = None) -> AttendanceReport:
    rows = read_rows(text, path, AttendanceImportError, ("full name", "user action", "timestamp"))
    events: dict[str, list] = {}
    names: dict[str, str] = {}
    last: float | None = None
    days: set[dt.date] = set()
    timeline = Timeline(tz or zone())  # the list is in the order things happened
    for line, row in rows:
        name = clean(row.get("full name"))
        action = clean(row.get("user action")).lower()
        wall = report_time(row.get("timestamp"), path, line)
        if not name or wall is None:
            continue
        when = timeline.instant(wall)
        if not action.startswith(("joined", "left")):
            raise AttendanceImportError(
                path,
                f"user action {action!r} is neither Joined nor Left — download the list again",
                where=f"line {line}",
            )
        key = name.casefold()
        names.setdefault(key, name)
        events.setdefault(key, []).append((when, action.startswith("joined")))
        last = when if last is None or when > last else last
        days |= possible_dates(clean(row.get("timestamp")))
    if not events:
        raise AttendanceImportError(path, "the Teams attendance list names nobody")
    presences = []
    for key, happened in events.items():
        spans, joined = [], None
        for when, is_join in sorted(happened, key=lambda event: event[0]):
            if is_join:
                joined = joined or when
            elif joined is not None:
                spans.append((joined, when))
                joined = None
        if joined is not None and last is not None:  # still there when the list was taken
            spans.append((joined, last))
        presences.append(Presence(name=names[key], email=None, seconds=int(merge_intervals(spans))))
    return AttendanceReport(presences, frozenset(days))
