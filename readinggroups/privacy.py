"""UK GDPR for the people in a workspace: what is held about one person (subject access),
erasing one person (at their request) or everyone not seen for the retention period, with
the counts kept.

Erasing keeps each booking (its session, its status, whether and how long they came) so the
library's figures for past years stay as they were, but nothing that says who it was: the
name, email, role, NMC PIN and revalidation date go, and the person becomes "Erased person N".
The team and site stay (they are the library's, and "teams reached" counts them), as does the
part of the register (a category, not a name). Their certificates verify as withdrawn without
naming anyone, and the names an attendance report was settled to them by are forgotten.
Their follow-up survey answers stay counted, as anonymous ones: the link to them and whatever
they wrote in their own words go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .attendance.certificates import withdraw
from .errors import NotFoundError
from .store import (
    Booking,
    FollowUpResponse,
    Message,
    Person,
    ReadingSession,
    ReviewDecision,
    WithdrawnCertificate,
)
from .store.models import erased_placeholders

if TYPE_CHECKING:
    import pandas as pd

# An erased registrant whose part of the register was never recorded.
ON_THE_REGISTER = "registered"
ERASED_REASON = "withdrawn: the holder's personal data was erased"


@dataclass
class Erased:
    """Who was erased (their ids only), and what of theirs was kept as counts."""

    people: list[int] = field(default_factory=list)
    bookings: list[int] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)
    done: bool = True  # False: what a dry run would erase

    @classmethod
    def would_erase(cls, db: Session, people: list[Person]) -> Erased:
        ids = [p.id for p in people]
        found = list(db.scalars(select(Booking.id).where(Booking.person_id.in_(ids))))
        return cls(ids, found, done=False)

    def summary(self) -> str:
        from .wording import plural

        if not self.people:
            return "Nobody to erase"
        people = "1 person" if len(self.people) == 1 else f"{len(self.people)} people"
        if not self.done:
            return (
                f"Would erase {people} (ids {', '.join(map(str, self.people))}), keeping "
                f"{plural(len(self.bookings), 'booking')} as counts only — run again without "
                "--dry-run to erase them"
            )
        return (
            f"Erased {people}: "
            f"{plural(len(self.bookings), 'booking')} kept as counts only, "
            f"{plural(len(self.certificates), 'certificate')} now verifying as withdrawn, "
            f"{plural(len(self.documents), 'document')} removed from output/"
        )


def find_person(db: Session, email: str) -> Person:
    from .attendance.people import check_email

    address = check_email(email) or email.strip().lower()
    person = db.scalars(select(Person).where(Person.email == address)).first()
    if person is None:
        raise NotFoundError(
            f"nobody with the email {address} is held in this workspace's database — check the "
            "spelling (`readinggroups export people` lists everyone)"
        )
    return person


def is_erased(person: Person) -> bool:
    return person.erased


def person_record(db: Session, person: Person) -> dict[str, pd.DataFrame]:
    """Everything held about ``person``, as tables to give them: their details, each booking
    with what happened, certificates withdrawn, and names an attendance report was settled
    to them by."""
    import pandas as pd

    from .attendance.bookings import participatory_hours, preparation_hours

    details = {
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "team": person.team,
        "site": person.site,
        "nmc_pin": person.nmc_pin,
        "register_part": person.register_part,
        "revalidation_date": person.revalidation_date,
    }
    bookings = list(
        db.scalars(
            select(Booking)
            .where(Booking.person_id == person.id)
            .join(ReadingSession)
            .order_by(ReadingSession.date, Booking.id)
        )
    )
    rows = [
        {
            "session": b.session.id,
            "session_date": b.session.date,
            "session_title": b.session.title,
            "booked_at": b.booked_at,
            "status": b.status,
            "cancelled_at": b.cancelled_at,
            "promoted_at": b.promoted_at,
            "attendance": b.attendance,
            "minutes_attended": b.minutes_attended,
            "participatory_hours": participatory_hours(b) if b.attendance else None,
            "preparation_hours": preparation_hours(b) if b.attendance else None,
            "certificate_number": b.certificate_number,
        }
        for b in bookings
    ]
    withdrawn = [
        {
            "number": w.number,
            "session_date": w.session_date,
            "session_title": w.session_title,
            "withdrawn_at": w.withdrawn_at,
            "reason": w.reason,
        }
        for w in db.scalars(
            select(WithdrawnCertificate).where(WithdrawnCertificate.person_email == person.email)
        )
    ]
    settled = [
        {
            "session": d.session_id,
            "name_in_report": d.name_key,
            "settled_as": d.decision,
            "settled_at": d.decided_at,
        }  # fmt: skip
        for d in db.scalars(select(ReviewDecision).where(ReviewDecision.email == person.email))
    ]
    sent = [
        {
            "session": m.session_id,
            "kind": m.kind,
            "sent_at": m.sent_at,
            "outcome": m.outcome,
            "by": m.transport,
            "message_id": m.message_id,
        }
        for m in db.scalars(
            select(Message).where(Message.person_id == person.id).order_by(Message.sent_at)
        )
    ]
    answered = [
        {
            "session": r.session_id,
            "submitted_at": r.submitted_at,
            "question": question,
            "answer": answer,
        }
        for r in db.scalars(
            select(FollowUpResponse)
            .where(FollowUpResponse.person_id == person.id)
            .order_by(FollowUpResponse.session_id, FollowUpResponse.id)
        )
        for question, answer in r.answers.items()
    ]
    return {
        "Details": pd.DataFrame([{"detail": k, "value": v} for k, v in details.items()]),
        "Bookings": pd.DataFrame(rows, columns=list(rows[0]) if rows else ["session"]),
        "Certificates withdrawn": pd.DataFrame(
            withdrawn, columns=["number", "session_date", "session_title", "withdrawn_at", "reason"]
        ),  # fmt: skip
        "Names settled": pd.DataFrame(
            settled, columns=["session", "name_in_report", "settled_as", "settled_at"]
        ),  # fmt: skip
        "Messages sent": pd.DataFrame(
            sent, columns=["session", "kind", "sent_at", "outcome", "by", "message_id"]
        ),
        "Follow-up answers": pd.DataFrame(
            answered, columns=["session", "submitted_at", "question", "answer"]
        ),
    }


def erase(db: Session, people: list[Person]) -> Erased:
    """Erase ``people`` as the module says; the counts of what was kept."""
    done = Erased()
    for person in people:
        if is_erased(person):
            continue
        email = person.email
        bookings = list(db.scalars(select(Booking).where(Booking.person_id == person.id)))
        done.certificates += withdraw(db, bookings, ERASED_REASON)
        for withdrawn in db.scalars(
            select(WithdrawnCertificate).where(WithdrawnCertificate.person_email == email)
        ):
            withdrawn.person_name, withdrawn.person_email = "", ""
        db.execute(delete(ReviewDecision).where(ReviewDecision.email == email))
        # What was sent stays counted; a server's reason for refusing one names the address.
        db.execute(update(Message).where(Message.person_id == person.id).values(detail=None))
        for response in db.scalars(
            select(FollowUpResponse).where(FollowUpResponse.person_id == person.id)
        ):
            # The choices stay counted; the free text, where anything may be written, goes.
            response.person_id = None
            response.changed = None
            response.keep = response.keep_named = False
            response.answers = {}
            response.erased = True  # a later export of the survey does not bring it back
        if person.nmc_pin and not person.register_part:
            # The PIN was what said they are a registrant; the figures keep counting them so.
            person.register_part = ON_THE_REGISTER
        person.name, person.email = erased_placeholders(person.id)
        person.role = person.nmc_pin = person.revalidation_date = None
        done.people.append(person.id)
        done.bookings += [b.id for b in bookings]
    db.flush()
    return done


def inactive_since(db: Session, before: dt.date) -> list[Person]:
    """People with no session (booked, waiting, cancelled or attended) on or after ``before``,
    not erased already."""
    last = (
        select(Booking.person_id, func.max(ReadingSession.date).label("last"))
        .join(ReadingSession)
        .group_by(Booking.person_id)
        .subquery()
    )
    found = db.scalars(
        select(Person)
        .outerjoin(last, last.c.person_id == Person.id)
        .where((last.c.last < before) | last.c.last.is_(None))
        .order_by(Person.id)
    )
    return [p for p in found if not is_erased(p)]


def remove_documents(output: Path, erased: Erased) -> None:
    """Remove the documents in ``output`` made for the erased people's bookings (forms, CPD
    records and certificates end with the booking's number) or for them (CPD logs end with
    the person's), noting each on ``erased``."""
    bookings, people = set(erased.bookings), set(erased.people)
    forms = sorted(output.glob("forms/session-*/*"))
    logs = sorted(output.glob("cpd-logs/cpd-log_*"))
    for paths, numbers in ((forms, bookings), (logs, people)):
        for path in paths:
            number = path.stem.rpartition("_")[2]
            if path.suffix in (".docx", ".pdf") and number.isdigit() and int(number) in numbers:
                path.unlink(missing_ok=True)
                erased.documents.append(path)
