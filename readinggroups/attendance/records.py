"""A nurse's record across sessions: every attendance that counts toward her CPD log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..errors import NotFoundError
from .bookings import PRESENT, credited
from .certificates import assign_numbers

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..store import Booking, Person


def attended_by(
    db: Session, email: str, *, revalidation: dt.date | None = None
) -> tuple[Person, list[Booking]]:
    """The person with ``email`` and every session they attended or part-attended, each with
    its certificate number; ``revalidation`` records their next revalidation date."""
    from ..store import Booking, Person
    from .people import normalise_email

    address = normalise_email(email)
    person = db.scalars(select(Person).where(Person.email == address)).first()
    if person is None:
        raise NotFoundError(
            f"nobody with the email {email!r} has booked a session — check the address"
        )
    if revalidation is not None:
        person.revalidation_date = revalidation
    attended = [
        b
        for b in db.scalars(
            select(Booking)
            .where(Booking.person_id == person.id, Booking.attendance.in_(PRESENT))
            # Their whole record: sessions every library of a shared database ran.
            .execution_options(all_workspaces=True)
        )
        if credited(b)
    ]
    assign_numbers(db, attended)
    return person, attended
