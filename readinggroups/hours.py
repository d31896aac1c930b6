"""CPD hours as libraries certify them: round amounts, by a policy the library chooses.

A nurse who attends 58 minutes of a 60-minute discussion is credited with the discussion hour,
as Whittington's and Kingston's libraries do; "0.97 participatory hours" looks wrong to her and
to her confirmer. The policy lives in readinggroups.toml (``[hours]``) and every place that
shows hours (the pack's offer, the certificate, the CPD record and log, the form, the exports
and the report) asks it, so they always agree. The exact minutes attended are kept as well.
"""

from __future__ import annotations

from dataclasses import dataclass

# The whole discussion for anyone at or above the attendance threshold; below it, the time
# attended rounded down.
FULL_AT_THRESHOLD = "full-at-threshold"
# The time attended, rounded down, for everyone.
TIME_ATTENDED = "time-attended"

CREDITS = {
    FULL_AT_THRESHOLD: "the whole discussion at or above the attendance threshold; below it, "
    "the time attended rounded down",
    TIME_ATTENDED: "the time attended rounded down, for everyone",
}


@dataclass(frozen=True)
class HoursPolicy:
    """How the discussion's participatory hours are credited."""

    credit: str = FULL_AT_THRESHOLD
    # Minutes the credit is rounded down to: 15 is a quarter of an hour.
    round_down_minutes: int = 15

    def __post_init__(self) -> None:
        if self.credit not in CREDITS:
            raise ValueError(
                f"hours.credit is {self.credit!r} — use {' or '.join(map(repr, CREDITS))}"
            )
        if not 1 <= self.round_down_minutes <= 60:
            raise ValueError(
                f"hours.round_down_minutes is {self.round_down_minutes} — use a number of "
                "minutes from 1 to 60, such as 15 for a quarter of an hour"
            )

    def rounded(self, minutes: float) -> float:
        """``minutes`` as hours, rounded down to the policy's step (44 → 0.5 by quarters)."""
        steps = int(max(minutes, 0) // self.round_down_minutes)
        return round(steps * self.round_down_minutes / 60, 2)

    def offered(self, session_minutes: int) -> float:
        """The discussion's participatory hours on offer: what a full attendee is credited."""
        return self.rounded(session_minutes)

    def credited(self, minutes_attended: int, session_minutes: int, *, full: bool) -> float:
        """Participatory hours for ``minutes_attended`` of a discussion; ``full`` when the
        attendance reached the session's threshold."""
        if full and self.credit == FULL_AT_THRESHOLD:
            return self.offered(session_minutes)
        return self.rounded(min(minutes_attended, session_minutes))

    @property
    def step(self) -> str:
        """The rounding step in words: "a quarter of an hour", "10 minutes"."""
        named = {15: "a quarter of an hour", 30: "half an hour", 60: "an hour"}
        return named.get(self.round_down_minutes, f"{self.round_down_minutes} minutes")
