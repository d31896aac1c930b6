"""The values a booking, its outcome, an article's mark and a session's kind can take, as stored.

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


class SessionKind(StrEnum):
    """What a session is: a reading group discusses an article (and its attendees get a
    reflective account form); a workshop teaches a topic to learning outcomes."""

    READING_GROUP = "reading-group"
    WORKSHOP = "workshop"

    @property
    def label(self) -> str:
        """'reading group' or 'workshop', as a sentence says it."""
        return self.value.replace("-", " ")

    @classmethod
    def of(cls, value: str) -> SessionKind:
        """The kind a librarian typed ('workshop', 'reading group'), or a ValueError saying
        which there are."""
        wanted = "-".join(str(value).strip().lower().replace("_", " ").split())
        try:
            return cls(wanted)
        except ValueError as error:
            raise ValueError(
                f"{value!r} is not a kind of session — use {' or '.join(k.value for k in cls)}"
            ) from error
