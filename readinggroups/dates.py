"""Dates, times and small numbers as a librarian types them, checked with a clear message."""

from __future__ import annotations

import datetime as dt
import re

from .errors import ReadingGroupsError


def parse_date(value: dt.date | str) -> dt.date:
    """``2026-11-12`` (or a date) as a date in a plausible year."""
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as problem:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ReadingGroupsError(f"date {text} is not a day in the calendar") from problem
            raise ReadingGroupsError(
                f"date {text!r} should look like 2026-11-12 (YYYY-MM-DD)"
            ) from problem
    if not 2000 <= day.year <= 2100:
        raise ReadingGroupsError(f"date {day} is not a plausible session date — check the year")
    return day


def parse_time(value: dt.time | str) -> dt.time:
    """``14:00`` (or a time) as a time."""
    if isinstance(value, dt.time):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
    except ValueError as problem:
        raise ReadingGroupsError(
            f"start time {value!r} should look like 14:00 (HH:MM, 24-hour)"
        ) from problem


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` years earlier (later, for a negative number); 29 February
    becomes the 28th in a year without one."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def bounded(value: int, name: str, high: int) -> int:
    """``value`` as a whole number from 1 to ``high``."""
    if not 1 <= int(value) <= high:
        raise ReadingGroupsError(f"{name} is {value} — use a number from 1 to {high}")
    return int(value)


def local_time(utc: dt.datetime) -> dt.datetime:
    """A time as the database keeps it (UTC, without a zone) in this computer's local time,
    as people read it; minutes are enough."""
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None, second=0, microsecond=0)
