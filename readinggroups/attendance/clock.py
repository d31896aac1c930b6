"""Report times as instants. Teams and Zoom print wall-clock times with no time zone; they are
read in the group's zone (Europe/London unless the settings say otherwise), never the
machine's, so a report gives the same minutes on any computer.

Once a year an hour happens twice (the clocks going back): 01:30 may be either. Times are read
in the order the report lists them, and an ambiguous one is the second 01:30 when the first
would go back in time — someone who joined at 01:10 and left at 01:05 left after the change.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/London"


@cache
def zone(name: str = DEFAULT_ZONE) -> dt.tzinfo:
    """The time zone called ``name`` (an IANA name such as Europe/London); ValueError if
    there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as problem:
        raise ValueError(f"{name!r} is not a time zone, such as Europe/London") from problem


def wall_time(text: str, layouts: tuple[str, ...]) -> dt.datetime | None:
    """A report's time read by the first of ``layouts`` that fits (commas read as spaces, as
    in `14/11/22, 09:30:46`); None when none does."""
    text = " ".join(text.replace(",", " ").split())
    for layout in layouts:
        try:
            return dt.datetime.strptime(text, layout)
        except ValueError:
            continue
    return None


class Timeline:
    """Wall-clock times of one sequence of events (one person's joins and leaves, or a whole
    log), turned into POSIX seconds in order."""

    def __init__(self, tz: dt.tzinfo) -> None:
        self.tz = tz
        self.latest: float | None = None

    def instant(self, when: dt.datetime) -> float:
        first = when.replace(tzinfo=self.tz, fold=0).timestamp()
        second = when.replace(tzinfo=self.tz, fold=1).timestamp()
        # second > first only for a time that happens twice (for one the clocks skip, the
        # "second" reading is the earlier one, and such a time never appears in a report).
        chosen = (
            second if second > first and self.latest is not None and first < self.latest else first
        )
        self.latest = chosen if self.latest is None else max(self.latest, chosen)
        return chosen

    def span(self, start: dt.datetime, end: dt.datetime) -> tuple[float, float]:
        return self.instant(start), self.instant(end)
