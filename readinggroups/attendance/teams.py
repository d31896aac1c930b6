"""Microsoft Teams attendance reports, 2022 layout.

A `.csv` that is really UTF-16 with tabs, in three sections: `1. Summary`, `2. Participants` (one
row per person) and `3. In-Meeting activities` (one row per join). Time is summed from the
activities, so rejoins count once each and overlaps never twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from ..csv_xlsx import header_key, read_rows
from ..errors import AttendanceImportError
from ..textfile import clean
from .clock import Timeline, wall_time, zone
from .presence import AttendanceReport, Presence, merge_intervals, possible_dates

_SECTION = re.compile(r"^\s*(\d)\.\s+(summary|participants|in-meeting activities)\s*$", re.I)
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$", re.I)
# Tried after commas become spaces: `14/11/22, 09:30:46` and `14/11/2022 09:30:46` alike.
_TIME_FORMATS = (
    "%d/%m/%y %H:%M:%S",  # UK locale: 14/11/22, 09:30:46
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%y %I:%M:%S %p",  # US locale: 7/20/23, 4:16:29 PM
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M",  # re-saved by Excel, which drops the seconds
    "%m/%d/%Y %I:%M %p",
)


def looks_like(text: str) -> bool:
    return any(
        _SECTION.match(line.split("\t")[0].split(",")[0]) for line in text.split("\n", 40)[:40]
    )


def loads(text: str, path: Path, tz: dt.tzinfo | None = None) -> AttendanceReport:
    sections = _sections(text)
    if "participants" not in sections and "in-meeting activities" not in sections:
        raise AttendanceImportError(
            path,
            "a Teams report without its `2. Participants` section — download the attendance "
            "report again from the meeting's Attendance tab",
        )
    summary = _summary(sections.get("summary"))
    people: dict[str, dict] = {}
    for line, row in _rows(sections.get("participants"), path):
        person = _person(people, row)
        if person is not None:
            person["seconds"] = _duration(row.get("in-meeting duration"), path, line)
            person["upn"] = clean(row.get("participant id (upn)")).lower()
    listed = len(people)
    for line, row in _rows(sections.get("in-meeting activities"), path):
        person = _person(people, row)
        if person is None:
            continue
        person["joined"] += _duration(row.get("duration"), path, line)
        start, end = (
            report_time(row.get(name), path, line) for name in ("join time", "leave time")
        )
        if start and end:
            timeline = person.setdefault("timeline", Timeline(tz or zone()))
            begun, ended = timeline.span(start, end)
            if ended >= begun:
                person["intervals"].append((begun, ended))
    if not people:
        raise AttendanceImportError(path, "the Teams report lists no participants")
    expected = summary.get("attended participants", "")
    if expected.isdigit() and int(expected) > max(listed, len(people)):
        raise AttendanceImportError(
            path,
            f"the summary says {expected} people attended but the report lists "
            f"{max(listed, len(people))} — the file looks cut short; download it again",
        )
    return AttendanceReport(
        [_presence(person) for person in people.values()],
        possible_dates(summary.get("start time", "")),
    )


def _person(people: dict[str, dict], row: dict[str, str]) -> dict | None:
    key = _key(row)
    if key is None:
        return None
    return people.setdefault(
        key,
        {
            "name": clean(row.get("name")),
            "email": clean(row.get("email")).lower() or None,
            "upn": "",
            "organiser": clean(row.get("role")).lower() in ("organizer", "organiser"),
            "seconds": 0,
            "joined": 0,
            "intervals": [],
        },
    )


def _presence(person: dict) -> Presence:
    seconds = person["seconds"]
    if person["joined"]:
        # Teams' own durations, less any time two joins overlapped (a phone and a laptop).
        spans = person["intervals"]
        overlap = sum(end - start for start, end in spans) - merge_intervals(spans)
        seconds = person["joined"] - int(overlap)
    return Presence(
        name=person["name"],
        email=person["email"],
        seconds=seconds,
        organiser=person["organiser"],
        other_ids=(person["upn"],) if person["upn"] else (),
    )


def _sections(text: str) -> dict[str, tuple[int, str]]:
    """Each section's text and the file line its first row is on."""
    sections: dict[str, tuple[int, list[str]]] = {}
    current = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = _SECTION.match(line.split("\t")[0].split(",")[0].strip('"'))
        if match:
            current = match.group(2).lower()
            sections[current] = (number + 1, [])
        elif current is not None:
            sections[current][1].append(line)
    result = {}
    for name, (first, lines) in sections.items():
        while lines and not lines[0].strip():
            lines.pop(0)
            first += 1
        result[name] = (first, "\n".join(lines).rstrip("\n"))
    return result


def _summary(section: tuple[int, str] | None) -> dict[str, str]:
    values = {}
    for line in (section[1] if section else "").split("\n"):
        parts = next(csv.reader([line], delimiter="\t" if "\t" in line else ","), [])
        if len(parts) >= 2:
            values[header_key(parts[0])] = clean(parts[1])
    return values


def _rows(section: tuple[int, str] | None, path: Path):
    if not section or not section[1].strip():
        return []
    first, text = section
    return read_rows(text, path, AttendanceImportError, ("name",), first_line=first)


def _key(row: dict[str, str]) -> str | None:
    email = clean(row.get("email")).lower()
    name = clean(row.get("name"))
    return email or (f"name:{name.lower()}" if name else None)


def _duration(value: str | None, path: Path, line: int) -> int:
    text = clean(value)
    match = _DURATION.match(text) if text else None
    if not match or not any(match.groups()):
        raise AttendanceImportError(
            path,
            f"duration {text!r} is not like `1h 2m 3s` — download the report again",
            where=f"line {line}",
        )
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def report_time(value: str | None, path: Path, line: int) -> dt.datetime | None:
    """A join or leave time; blank is allowed (the duration still counts), nonsense is not."""
    text = clean(value)
    if not text:
        return None
    parsed = wall_time(text, _TIME_FORMATS)
    if parsed is None:
        raise AttendanceImportError(
            path,
            f"time {text!r} is not like `14/11/22, 09:30:46` or `7/20/23, 4:16:29 PM` — "
            "download the report again rather than editing it",
            where=f"line {line}",
        )
    return parsed
