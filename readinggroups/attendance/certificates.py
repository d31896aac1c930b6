"""Certificate numbers: given once per attendance, kept, and looked up to confirm a certificate.

A number is random rather than counted, so that one certificate's number does not tell anyone
another's; it uses Crockford's base-32 letters (no I, L, O or U), and reading it back forgives
the usual confusions (O for 0, I or L for 1) and missing dashes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..store import Booking, Person, ReadingSession

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "RG"


def new_number() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{code[:4]}-{code[4:]}"


def normalise(number: str) -> str | None:
    """``rg 7k3m q9xd`` → ``RG-7K3M-Q9XD``; None when it cannot be a certificate number."""
    text = "".join(ch for ch in number.upper() if ch.isalnum())
    if len(text) == 10:  # with its RG; a number of eight may itself begin with RG
        text = text.removeprefix(PREFIX)
    text = text.translate(str.maketrans("OIL", "011"))
    if len(text) != 8 or any(ch not in ALPHABET for ch in text):
        return None
    return f"{PREFIX}-{text[:4]}-{text[4:]}"


def assign_numbers(db: Session, bookings: list[Booking]) -> None:
    """Give each booking without a certificate number a new, unused one."""
    from sqlalchemy import select

    from ..store import Booking, WithdrawnCertificate

    missing = [b for b in bookings if not b.certificate_number]
    if not missing:
        return
    # A withdrawn number is never given again: checking it must keep saying "withdrawn".
    taken = set(
        db.scalars(select(Booking.certificate_number).where(Booking.certificate_number.isnot(None)))
    ) | set(db.scalars(select(WithdrawnCertificate.number)))
    for booking in missing:
        number = new_number()
        while number in taken:  # one chance in a trillion, but a clash would be a wrong answer
            number = new_number()
        taken.add(number)
        booking.certificate_number = number


@dataclass
class Certificate:
    """A certificate confirmed from its number: who it was given to, for which session, and
    the hours it certifies."""

    booking: Booking

    @property
    def number(self) -> str:
        return self.booking.certificate_number or ""

    @property
    def person(self) -> Person:
        return self.booking.person

    @property
    def session(self) -> ReadingSession:
        return self.booking.session

    @property
    def session_id(self) -> int:
        return self.booking.session_id

    @property
    def participatory_hours(self) -> float:
        from .bookings import participatory_hours

        return participatory_hours(self.booking)

    @property
    def preparation_hours(self) -> float:
        from .bookings import preparation_hours

        return preparation_hours(self.booking)

    def summary(self) -> str:
        from ..wording import hours_phrase, long_date

        who = f"{self.number} is genuine: {self.person.name} <{self.person.email}>, "
        if self.session.is_workshop:
            preparation = self.preparation_hours
            return (
                f"{who}the workshop {self.session.title}, {long_date(self.session.date)}, "
                f"{hours_phrase(self.participatory_hours)} (participatory)"
                + (
                    f", and {hours_phrase(preparation)} of preparation offered"
                    if preparation
                    else ""
                )
            )
        return (
            f"{who}{self.session.title}, {long_date(self.session.date)}, "
            f"{hours_phrase(self.participatory_hours)} of group discussion (participatory), and "
            f"{hours_phrase(self.preparation_hours)} of preparatory reading offered"
        )


def withdraw(db: Session, bookings: list[Booking], reason: str) -> list[str]:
    """Withdraw the certificates of these bookings, remembering each number, who it was given
    to and why, so that checking it later says it was withdrawn. Returns the numbers."""
    from ..store import WithdrawnCertificate

    numbers = []
    for booking in bookings:
        if not booking.certificate_number:
            continue
        db.add(
            WithdrawnCertificate(
                number=booking.certificate_number,
                person_name=booking.person.name,
                person_email=booking.person.email,
                session_title=booking.session.title,
                session_date=booking.session.date,
                reason=reason,
            )
        )
        numbers.append(booking.certificate_number)
        booking.certificate_number = None
    db.flush()
    return numbers


def numbered_attendees(db: Session, session: ReadingSession) -> tuple[list[Booking], list[Booking]]:
    """Who gets documents for ``session`` (see bookings.attendees), each with a certificate
    number; and those present too briefly to be credited."""
    from .bookings import attendees

    present, too_short = attendees(db, session)
    assign_numbers(db, present)
    return present, too_short


def verify(db: Session, number: str) -> Certificate:
    """The certificate with this number. A number never issued is a NotFoundError; one whose
    attendance a corrected report withdrew is refused as withdrawn."""
    from sqlalchemy import select

    from ..errors import NotFoundError, ReadingGroupsError
    from ..store import Booking, WithdrawnCertificate
    from ..wording import long_date
    from .bookings import PRESENT, credited, display_status

    wanted = normalise(number)
    if wanted is None:
        raise NotFoundError(f"{number!r} is not a certificate number — they look like RG-7K3M-Q9XD")
    # Checked wherever in a shared database it was issued: the numbers are unique across it.
    found = db.scalars(
        select(Booking)
        .where(Booking.certificate_number == wanted)
        .execution_options(all_workspaces=True)
    ).first()
    gone = db.get(WithdrawnCertificate, wanted) if found is None else None
    if gone is not None:
        to = f" to {gone.person_name}" if gone.person_name else ""  # erased: nobody named
        raise ReadingGroupsError(
            f"{wanted} was issued{to} for {gone.session_title!r} on "
            f"{long_date(gone.session_date)}, and withdrawn on "
            f"{long_date(gone.withdrawn_at.date())} ({gone.reason}) — it no longer certifies any "
            "hours"
        )
    if found is None:
        raise NotFoundError(
            f"no certificate {wanted} was issued by this workspace — check the number"
        )
    if found.attendance not in PRESENT or not credited(found):
        raise ReadingGroupsError(
            f"{wanted} was issued to {found.person.name} for session {found.session_id}, "
            f"but the attendance record no longer shows them attending (now: "
            f"{display_status(found)}) — the certificate is withdrawn"
        )
    return Certificate(found)
