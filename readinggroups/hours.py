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

CREDITS = (FULL_AT_THRESHOLD, TIME_ATTENDED)


# The steps hours may be rounded down to: each gives hours of one or two decimals (0.1, 0.2,
# 0.25, 0.5, 1), never a figure such as 0.83 that looks wrong on a certificate.
STEPS = (6, 12, 15, 30, 60)


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
        if self.round_down_minutes not in STEPS:
            raise ValueError(
                f"hours.round_down_minutes is {self.round_down_minutes} — use "
                f"{', '.join(map(str, STEPS[:-1]))} or {STEPS[-1]} (minutes), so that hours "
                "come out as round figures: 15 is a quarter of an hour"
            )

    def rounded(self, minutes: float) -> float:
        """``minutes`` as hours, rounded down to the policy's step (44 → 0.5 by quarters)."""
        steps = int(max(minutes, 0) // self.round_down_minutes)
        return round(steps * self.round_down_minutes / 60, 2)

    def offered(self, session_minutes: int) -> float:
        """The discussion's participatory hours on offer: what a full attendee is credited."""
        return self.rounded(session_minutes)

    def credited(
        self, minutes_attended: int, session_minutes: int, *, full: bool, below: int
    ) -> float:
        """Participatory hours for ``minutes_attended`` of a discussion; ``full`` when the
        attendance reached the session's threshold, ``below`` the minutes that reach it.

        Stored minutes are rounded to the nearest minute, while the outcome was judged on the
        exact seconds: 44m40s of 60 is partial though it rounds to 45, so a partial attendee
        is credited at most the minute before the threshold.
        """
        if full:
            if self.credit == FULL_AT_THRESHOLD:
                return self.offered(session_minutes)
            return self.rounded(min(minutes_attended, session_minutes))
        return self.rounded(min(minutes_attended, session_minutes, below - 1))

    @property
    def step(self) -> str:
        """The rounding step in words: "a quarter of an hour", "10 minutes"."""
        named = {15: "a quarter of an hour", 30: "half an hour", 60: "an hour"}
        return named.get(self.round_down_minutes, f"{self.round_down_minutes} minutes")
