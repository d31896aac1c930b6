"""The values a booking, its outcome and an article's mark can take, as stored.

Each is a ``StrEnum``: a member is the very string the database holds, so comparisons with
stored values and exported tables read the same, while a misspelt status fails at once.
"""

from __future__ import annotations

from enum import StrEnum


class BookingStatus(StrEnum):
    """A person's place on a session."""

    BOOKED = "booked"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    # Came without booking: added by the librarian from the report or the sign-in sheet.
    WALK_IN = "walk-in"


class Outcome(StrEnum):
    """What the attendance report says happened on the day."""

    ATTENDED = "attended"
    PARTIAL = "partial"
    NO_SHOW = "no-show"


class ArticleMark(StrEnum):
    """The librarian's decision on an article (none while undecided)."""

    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"
