"""Who gets which message about a session, and sending each exactly once.

For each kind the recipients are worked out from the bookings; anyone with a "sent" record
for that session and kind is left out (unless resending). Each message is recorded as it
goes, so a batch stopped part-way — a dropped connection, a refused recipient, Ctrl+C —
is finished by the next run without sending anything twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ReadingGroupsError
from ..store import Booking, Message, ReadingSession
from . import KINDS
from .compose import Draft, email_template, fill

SENT, REFUSED = "sent", "refused"


@dataclass
class Planned:
    booking: Booking
    draft: Draft


@dataclass
class Sending:
    """What a send did (or, dry, would do)."""

    session: ReadingSession
    kind: str
    planned: list[Planned]
    already: int = 0  # recipients left out: sent before
    sent: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    too_large: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        from ..wording import plural

        what = f"{self.kind} for session {self.session.id}"
        if self.dry_run:
            lines = [f"Would send {plural(len(self.planned), 'message')} ({what}):"]
            for p in self.planned:
                names = ", ".join(a.name for a in p.draft.attachments)
                if p.draft.calendar is not None:
                    names = ", ".join(filter(None, [names, "invitation.ics"]))
                size = f"{p.draft.size / 1e6:.2f} MB" if p.draft.size else "no attachments"
                lines.append(f"  {p.draft.to_email}: {p.draft.subject} [{names or '-'}; {size}]")
        else:
            lines = [f"Sent {plural(len(self.sent), 'message')} ({what})."]
            lines += [f"  refused by the server: {email} ({why})" for email, why in self.refused]
            lines += [f"  too large to send: {email}" for email in self.too_large]
        if self.already:
            lines.append(
                f"  {'1 person' if self.already == 1 else f'{self.already} people'} had it "
                "already (--resend sends again)"
            )
        return "\n".join(lines)


def recipients(db: Session, session: ReadingSession, kind: str) -> list[Booking]:
    """Who ``kind`` goes to, in booking order."""
    from ..attendance.bookings import BOOKED, NO_SHOW, WAITLISTED, attendees

    if kind not in KINDS:
        raise ReadingGroupsError(
            f"{kind!r} is not a kind of message — use one of {', '.join(KINDS)}"
        )
    bookings = list(
        db.scalars(
            select(Booking)
            .where(Booking.session_id == session.id)
            .order_by(Booking.booked_at, Booking.id)
        )
    )
    if kind == "cancelled":
        if not session.cancelled:
            raise ReadingGroupsError(
                f"session {session.id} is not cancelled — `readinggroups sessions cancel "
                f"{session.id} --reason TEXT` cancels it"
            )
        return [b for b in bookings if b.status in (BOOKED, WAITLISTED)]
    if session.cancelled:
        raise ReadingGroupsError(f"session {session.id} is cancelled: only `cancelled` goes now")
    if kind == "documents":
        return attendees(db, session)[0]
    if kind == "missed":
        return [b for b in bookings if b.status == BOOKED and b.attendance == NO_SHOW]
    if kind == "waiting":
        return [b for b in bookings if b.status == WAITLISTED]
    if kind == "promoted":
        return [b for b in bookings if b.status == BOOKED and b.promoted_at is not None]
    return [b for b in bookings if b.status == BOOKED]


def already_sent(db: Session, session: ReadingSession, kind: str) -> set[int]:
    return set(
        db.scalars(
            select(Message.person_id).where(
                Message.session_id == session.id, Message.kind == kind, Message.outcome == SENT
            )
        )
    )


def record(db: Session, booking: Booking, kind: str, message_id: str, transport: str,
           outcome: str, detail: str | None = None) -> None:  # fmt: skip
    db.add(
        Message(
            session_id=booking.session_id,
            person_id=booking.person_id,
            kind=kind,
            message_id=message_id,
            transport=transport,
            outcome=outcome,
            detail=detail,
        )
    )


def values(
    booking: Booking,
    session: ReadingSession,
    group: str,
    signature: str,
    preparation: str,
    hours: str,
    position: int,
    coming: list[str],
) -> dict[str, object]:
    from ..wording import long_date

    return {
        "name": booking.person.name,
        "group": group,
        "session_title": session.title,
        "session_date": long_date(session.date),
        "start_time": f"{session.start:%H:%M}",
        "venue": session.venue or "to be confirmed",
        "online_link": session.online_link or "",
        "article_title": session.articles[0].title if session.articles else "",
        "position": position,
        "preparation_hours": preparation,
        "hours": hours,
        "next_sessions": coming,
        "cancel_reason": session.cancel_reason or "",
        "signature": signature,
    }


def draft_for(kind: str, booking: Booking, filled: dict[str, object], own: Path | None,
              attachments: list[Path], calendar: bytes | None) -> Draft:  # fmt: skip
    subject, text = fill(email_template(kind, own), filled)
    return Draft(
        kind=kind,
        to_name=booking.person.name,
        to_email=booking.person.email,
        subject=subject,
        text=text,
        attachments=attachments,
        calendar=calendar,
        calendar_method="CANCEL" if kind == "cancelled" else "REQUEST",
    )


def due_kinds(session: ReadingSession, today: dt.date, pack_days: int, reminder_days: int,
              attendance_recorded: bool) -> list[str]:  # fmt: skip
    """The kinds of message due for ``session`` on ``today``."""
    if session.cancelled:
        return ["cancelled"]
    if attendance_recorded:
        return ["documents", "missed"]
    if session.date < today:
        return []
    kinds = ["booked", "waiting", "promoted"]
    if session.date - dt.timedelta(days=pack_days) <= today:
        kinds.append("pack")
    if session.date - dt.timedelta(days=reminder_days) <= today:
        kinds.append("reminder")
    return kinds
