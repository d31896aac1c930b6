"""Microsoft Teams attendance reports, 2022 layout.

A `.csv` that is really UTF-16 with tabs, in three sections: `1. Summary`, `2. Participants` (one
row per person) and `3. In-Meeting activities` (one row per join). Time is summed from the
activities, so rejoins count once each and overlaps never twice.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import AttendanceImportError
from ..tabular import read_rows
from ..textfile import clean
from .presence import Presence, merge_intervals

_SECTION = re.compile(r"^\s*(\d)\.\s+(summary|participants|in-meeting activities)\s*$", re.I)
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$", re.I)
_TIME_FORMATS = (
    "%d/%m/%y, %H:%M:%S",  # UK locale: 14/11/22, 09:30:46
    "%d/%m/%Y, %H:%M:%S",
    "%m/%d/%y, %I:%M:%S %p",  # US locale: 7/20/23, 4:16:29 PM
    "%m/%d/%Y, %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
)


def looks_like(text: str) -> bool:
    return any(
        _SECTION.match(line.split("\t")[0].split(",")[0]) for line in text.split("\n", 40)[:40]
    )


def loads(text: str, path: Path) -> list[Presence]:
    sections = _sections(text)
    if "participants" not in sections and "in-meeting activities" not in sections:
        raise AttendanceImportError(
            path,
            "a Teams report without its `2. Participants` section — download the attendance "
            "report again from the meeting's Attendance tab",
        )
    people: dict[str, dict] = {}
    for line, row in _rows(sections.get("participants"), path):
        key = _key(row)
        if key is None:
            continue
        people[key] = {
            "name": clean(row.get("name")),
            "email": clean(row.get("email")).lower() or None,
            "upn": clean(row.get("participant id (upn)")).lower(),
            "organiser": clean(row.get("role")).lower() in ("organizer", "organiser"),
            "seconds": _duration(row.get("in-meeting duration"), path, line),
            "joined": 0,
            "intervals": [],
        }
    for line, row in _rows(sections.get("in-meeting activities"), path):
        key = _key(row)
        if key is None:
            continue
        person = people.setdefault(
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
        person["joined"] += _duration(row.get("duration"), path, line)
        start, end = _time(row.get("join time")), _time(row.get("leave time"))
        if start and end and end >= start:
            person["intervals"].append((start.timestamp(), end.timestamp()))
    if not people:
        raise AttendanceImportError(path, "the Teams report lists no participants")
    presences = []
    for person in people.values():
        seconds = person["seconds"]
        if person["joined"]:
            # Teams' own durations, less any time two joins overlapped (a phone and a laptop).
            spans = person["intervals"]
            overlap = sum(end - start for start, end in spans) - merge_intervals(spans)
            seconds = person["joined"] - int(overlap)
        presences.append(
            Presence(
                name=person["name"],
                email=person["email"],
                seconds=seconds,
                organiser=person["organiser"],
                other_ids=(person["upn"],) if person["upn"] else (),
            )
        )
    return presences


def _sections(text: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.split("\n"):
        match = _SECTION.match(line.split("\t")[0].split(",")[0].strip('"'))
        if match:
            current = match.group(2).lower()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {name: "\n".join(lines).strip("\n") for name, lines in sections.items()}


def _rows(section: str | None, path: Path):
    if not section:
        return []
    return read_rows(section, path, AttendanceImportError, ("name",))


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
            where=f"line {line} of its section",
        )
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _time(value: str | None) -> dt.datetime | None:
    text = clean(value)
    for layout in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, layout)
        except ValueError:
            continue
    return None
