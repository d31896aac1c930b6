"""Who was in a session and for how long, as read from any attendance source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Presence:
    """One participant of a meeting: total time across every join, in seconds."""

    name: str
    email: str | None
    seconds: int
    organiser: bool = False
    other_ids: tuple[str, ...] = ()  # e.g. a Teams UPN that differs from the email

    @property
    def minutes(self) -> int:
        return (self.seconds + 30) // 60


@dataclass
class AttendanceReport:
    """What an attendance source says: who was there, and on which day if it says."""

    presences: list[Presence]
    # Every date the meeting may have been on: '12/11/26' is 12 November in the UK and
    # 11 December in the US, and the report does not say which locale wrote it.
    dates: frozenset[dt.date] = field(default_factory=frozenset)


def merge_intervals(intervals: list[tuple[float, float]]) -> float:
    """Seconds covered by possibly overlapping (start, end) intervals.

    Rejoins can overlap (a phone and a laptop joined at once); counting overlap twice would
    award hours that were not attended.
    """
    total = 0.0
    end_so_far = None
    for start, end in sorted(intervals):
        if end_so_far is None or start > end_so_far:
            total += end - start
            end_so_far = end
        elif end > end_so_far:
            total += end - end_so_far
            end_so_far = end
    return total


def possible_dates(text: str) -> frozenset[dt.date]:
    """Every date a report's time can mean: both day/month and month/day where both are valid
    (`12/11/26` is 12 November in the UK and 11 December in the US)."""
    day = text.replace(",", " ").split(" ", 1)[0]
    dates = set()
    for layout in ("%d/%m/%y", "%m/%d/%y", "%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            dates.add(dt.datetime.strptime(day, layout).date())
        except ValueError:
            continue
    return frozenset(dates)
