"""Zoom participants reports (Reports → Usage → Participants → Export).

One row per connection: someone who dropped out and rejoined, or joined on a phone as well as a
laptop, has several rows, and their time is the span those rows cover, overlaps counted once.
The export may start with a meeting block (`Meeting ID,Topic,Start Time,...,User Email,...`)
whose User Email is the host's: the host is the organiser, not an attendee. Names come as
`Display name (Original Name)` when someone renamed themselves in the meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..csv_xlsx import header_key, read_rows
from ..errors import AttendanceImportError
from ..textfile import clean
from .clock import Timeline, wall_time, zone
from .presence import AttendanceReport, Presence, merge_intervals, possible_dates

_NAME = ("name (original name)", "name")
_EMAIL = ("user email", "email")
_JOIN, _LEAVE = ("join time",), ("leave time",)
_MINUTES = ("duration (minutes)", "duration (mins)")
_TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",  # US: 11/19/2021 09:54:15 AM
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",  # UK: 19/11/2021 09:54:15
    "%d/%m/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %H:%M",
)
_RENAMED = re.compile(r"^(?P<shown>.*?)\s*\((?P<original>[^()]*)\)\s*$")


def looks_like(text: str) -> bool:
    head = [header_key(line) for line in text.split("\n", 8)[:8]]
    return any(
        ("join time" in line and "leave time" in line and "duration (minutes)" in line)
        or line.startswith("meeting id,topic")
        for line in head
    )


def loads(text: str, path: Path, tz: dt.tzinfo | None = None) -> AttendanceReport:
    lines = text.split("\n")
    start = next((n for n, line in enumerate(lines) if "join time" in header_key(line)), None)
    if start is None:
        raise AttendanceImportError(
            path,
            "a Zoom report without its participants table — export the Participants report "
            "again with `Show unique users` left unticked",
        )
    host = _host(lines[:start], path)
    rows = read_rows(
        "\n".join(lines[start:]), path, AttendanceImportError, (), first_line=start + 1
    )
    people: dict[str, dict] = {}
    days: set[dt.date] = set()
    layouts = _layouts([(_get(row, _JOIN), _get(row, _LEAVE)) for _, row in rows])
    for line, row in rows:
        name_cell = clean(_get(row, _NAME))
        email = clean(_get(row, _EMAIL)).lower() or None
        if not name_cell and not email:
            continue
        shown, original = _names(name_cell)
        key = email or f"name:{(original or shown).lower()}"
        person = people.setdefault(
            key,
            {
                "name": original or shown,
                "email": email,
                "spans": [],
                "minutes": 0,
                "timeline": Timeline(tz or zone()),
            },  # fmt: skip
        )
        joined, left = (_time(_get(row, names), path, line, layouts) for names in (_JOIN, _LEAVE))
        span = person["timeline"].span(joined, left) if joined and left else None
        if span and span[1] >= span[0]:
            person["spans"].append(span)
            days |= possible_dates(clean(_get(row, _JOIN)))
        else:
            person["minutes"] += _minutes(_get(row, _MINUTES), path, line)
    if not people:
        raise AttendanceImportError(path, "the Zoom report lists no participants")
    presences = [
        Presence(
            name=p["name"],
            email=p["email"],
            seconds=int(merge_intervals(p["spans"])) + 60 * p["minutes"],
            organiser=host is not None and p["email"] == host,
        )
        for p in people.values()
    ]
    return AttendanceReport(presences, frozenset(days))


def _get(row: dict[str, str], names: tuple[str, ...]) -> str:
    return next((row[name] for name in names if row.get(name)), "")


def _names(cell: str) -> tuple[str, str | None]:
    """`015_Loki (Loki Laufeyson)` → ("015_Loki", "Loki Laufeyson")."""
    match = _RENAMED.match(cell)
    if match and match.group("original").strip():
        return match.group("shown").strip(), match.group("original").strip()
    return cell, None


def _host(block: list[str], path: Path) -> str | None:
    """The host's email from the meeting block above the participants, if there is one."""
    text = "\n".join(line for line in block if line.strip())
    if not text:
        return None
    rows = read_rows(text, path, AttendanceImportError, ())
    if not rows:
        return None
    return clean(_get(rows[0][1], _EMAIL)).lower() or None


_DAY_FIRST = tuple(sorted(_TIME_FORMATS, key=lambda layout: not layout.startswith("%d/%m")))


def _layouts(pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    """The time layouts to try for this file: day first when any time can only be day/month
    (13/11/2026), or when month first would make a meeting that crosses midnight last a
    month (12/11 23:50 to 13/11 00:20, or 05/11 to 06/11, is a night, not May to June)."""
    for joined, left in pairs:
        first = clean(joined).split("/", 1)[0]
        if first.isdigit() and 12 < int(first) <= 31:
            return _DAY_FIRST
        start, end = wall_time(clean(joined), _TIME_FORMATS), wall_time(clean(left), _TIME_FORMATS)
        if start and end and not dt.timedelta(0) <= end - start <= dt.timedelta(days=1):
            return _DAY_FIRST
    return _TIME_FORMATS


def _time(
    value: str, path: Path, line: int, layouts: tuple[str, ...] = _TIME_FORMATS
) -> dt.datetime | None:
    text = " ".join(clean(value).replace(",", " ").split())
    if not text:
        return None
    if (found := wall_time(text, layouts)) is not None:
        return found
    raise AttendanceImportError(
        path,
        f"time {text!r} is not like `11/19/2021 09:54:15 AM` — export the report again rather "
        "than editing it",
        where=f"line {line}",
    )


def _minutes(value: str, path: Path, line: int) -> int:
    text = clean(value)
    if text.isdigit():
        return int(text)
    raise AttendanceImportError(
        path,
        f"a row with no join and leave times and no minutes ({text!r}) — export the report again",
        where=f"line {line}",
    )
