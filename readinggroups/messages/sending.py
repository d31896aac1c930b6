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
from . import INVITING, KINDS
from .compose import Draft, email_template, fill

SENT, REFUSED = "sent", "refused"
# A message one command has claimed and is sending: no other command sends it (two librarians
# running `send --due` at once). It becomes sent or refused once the server has answered; one
# left claimed (the command was killed mid-send) counts as sent, as it may well have gone.
CLAIMED = "sending"
AFTER = dt.timedelta(days=30)
"""How long after a session's attendance is recorded (or it is cancelled) `send --due` still
sends its documents and notes: a workspace that kept sessions from before it sent anything
must not mail a year's documents at once (`send SESSION documents` still sends them)."""
CANCELLING = ("released", "cancelled")
"""The kinds that take the session out of a person's calendar (METHOD:CANCEL)."""


class NoSurveyLink(ReadingGroupsError):
    """A follow-up is owed but neither the session nor the group has the survey's link."""


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
    uncertain: list[str] = field(default_factory=list)  # the connection dropped mid-message
    dry_run: bool = False
    held_back: str | None = None  # why nothing of this kind can go yet, and what to set
    resend: bool = False  # every recipient again, as asked
    taken: int = 0  # left out at the last moment: another command claimed them first

    def summary(self) -> str:
        from ..wording import plural

        what = f"{self.kind} for session {self.session.id}"
        if self.held_back:
            return f"Not sent ({what}): {self.held_back}"
        if self.dry_run:
            lines = [f"Would send {plural(len(self.planned), 'message')} ({what}):"]
            for row in self.rows():
                size = (
                    f"{row['size_mb']:.2f} MB"
                    if row["size_mb"]
                    else ("size when made" if row["attachments"] else "no attachments")
                )
                lines.append(
                    f"  {row['email']}: {row['subject']} [{row['attachments'] or '-'}; {size}]"
                )
        else:
            lines = [f"Sent {plural(len(self.sent), 'message')} ({what})."]
            lines += [f"  refused by the server: {email} ({why})" for email, why in self.refused]
            lines += [f"  too large to send: {email}" for email in self.too_large]
            lines += [
                f"  the connection dropped as the server took the message to {email}: it is "
                "recorded as sent and not sent again; ask them if it arrived (--resend sends it)"
                for email in self.uncertain
            ]
        if self.already:
            lines.append(
                f"  {'1 person' if self.already == 1 else f'{self.already} people'} had it "
                "already (--resend sends again)"
            )
        return "\n".join(lines)

    def rows(self) -> list[dict[str, object]]:
        """One row per message planned: kind, to whom, subject, what is attached and its size."""
        found = []
        for p in self.planned:
            later = set(p.draft.to_make)
            names = [f"{a.name} (made when sent)" if a in later else a.name
                     for a in p.draft.attachments]  # fmt: skip
            if p.draft.calendar is not None:
                names.append("invitation.ics")
            found.append(
                {
                    "kind": self.kind,
                    "name": p.draft.to_name,
                    "email": p.draft.to_email,
                    "subject": p.draft.subject,
                    "attachments": ", ".join(names),
                    "attached": _in_short(p.draft.attachments, later, p.draft.calendar),
                    "size_mb": round(p.draft.size / 1e6, 2),
                }
            )
        return found


def _in_short(files: list[Path], later: set[Path], calendar: bytes | None) -> str:
    """What is attached, in a few words: "3 files (made when sent), the invitation"."""
    parts = []
    if files:
        parts.append(f"{len(files)} file{'s' * (len(files) != 1)}")
        if later:
            parts[-1] += " (made when sent)"
    if calendar is not None:
        parts.append("the calendar invitation")
    return ", ".join(parts)


def sent_rows(messages: list[Message]) -> list[dict[str, object]]:
    """The record of what went to whom, one row per message, the time in local time."""
    from ..dates import local_time

    return [
        {
            "kind": m.kind,
            "name": m.person.name,
            "email": m.person.email,
            "sent_at": local_time(m.sent_at),
            "outcome": m.outcome,
            "by": m.transport,
            "detail": m.detail or "",
        }
        for m in messages
    ]


@dataclass
class Held:
    """What one person has been sent about one session, as far as their calendar goes."""

    last_sent: dict[str, dt.datetime] = field(default_factory=dict)  # kind: when, latest
    invited_at: int | None = None  # the session's version in the invitation they hold
    releases: int = 0  # cancellations sent for their own copy

    @property
    def holds_invitation(self) -> bool:
        return self.invited_at is not None

    def calendar_sequence(self, session: ReadingSession, cancelling: bool = False) -> int:
        """The SEQUENCE for their next copy: above every copy they were sent before, so their
        calendar takes it — each release of their place and each rebooking goes up by one."""
        return session.calendar_sequence + 2 * self.releases + (1 if cancelling else 0)


def history(db: Session, session: ReadingSession) -> dict[int, Held]:
    """Per person, what has been sent about ``session`` (what went, or is going: not what was
    refused)."""
    held: dict[int, Held] = {}
    rows = db.execute(
        select(Message.person_id, Message.kind, Message.sent_at, Message.sequence)
        .where(Message.session_id == session.id, Message.outcome.in_((SENT, CLAIMED)))
        .order_by(Message.sent_at, Message.id)
    )
    for person_id, kind, sent_at, version in rows:
        mine = held.setdefault(person_id, Held())
        mine.last_sent[kind] = sent_at
        if kind in INVITING:
            mine.invited_at = version or 0
        elif kind in CANCELLING:
            mine.invited_at = None
            mine.releases += kind == "released"
    return held


def recipients(db: Session, session: ReadingSession, kind: str,
               reminded_before: dt.datetime | None = None) -> list[Booking]:  # fmt: skip
    """Everyone ``kind`` is for, in booking order, whether or not they have had it; for the
    follow-up's reminder, those sent the follow-up (before ``reminded_before``, if given) whose
    answer has not come in. Nobody whose details were erased gets anything: their bookings
    stay only to be counted."""
    found = _recipients(db, session, kind, reminded_before)
    return [b for b in found if not b.person.erased]


def _recipients(db: Session, session: ReadingSession, kind: str,
                reminded_before: dt.datetime | None) -> list[Booking]:  # fmt: skip
    from ..attendance.bookings import BOOKED, NO_SHOW, WAITLISTED, WALK_IN, credited_and_not

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
        # Everyone booked or waiting, and anyone whose place went before their own
        # cancellation was sent: the session must leave their calendar too.
        return [b for b in bookings if b.status != WALK_IN]
    if session.cancelled:
        raise ReadingGroupsError(f"session {session.id} is cancelled: only `cancelled` goes now")
    if kind in ("documents", "followup"):
        # Those credited with the session: a no-show gets neither documents nor a follow-up.
        return credited_and_not(db, session)[0]
    if kind == "followup-reminder":
        from ..followup import answered_by

        asked = db.scalars(select(Message.person_id).where(
            Message.session_id == session.id, Message.kind == "followup", Message.outcome == SENT,
            *([Message.sent_at <= reminded_before] if reminded_before else []),
        ))  # fmt: skip
        waiting_for = set(asked) - answered_by(db, session.id)
        return [b for b in credited_and_not(db, session)[0] if b.person_id in waiting_for]
    if kind == "missed":
        return [b for b in bookings if b.status == BOOKED and b.attendance == NO_SHOW]
    if kind == "waiting":
        return [b for b in bookings if b.status == WAITLISTED]
    if kind == "released":
        ever = set(db.scalars(select(Message.person_id).where(
            Message.session_id == session.id, Message.kind.in_(INVITING),
            Message.outcome == SENT,
        )))  # fmt: skip
        return [b for b in bookings if b.status != BOOKED and b.person_id in ever]
    booked = [b for b in bookings if b.status == BOOKED]
    if kind == "booked":
        return [b for b in booked if b.promoted_at is None]
    if kind == "promoted":
        return [b for b in booked if b.promoted_at is not None]
    return booked  # updated, pack, reminder


def still_to_send(kind: str, booking: Booking, held: Held, session: ReadingSession) -> bool:
    from ..attendance.bookings import BOOKED, WAITLISTED

    """Whether ``booking`` is still owed ``kind``. Calendar messages follow what the person's
    calendar holds: an invitation if they hold none (booked, promoted), the new version if
    theirs is older (updated), its removal if their place went (released). The rest go once
    per booking (waiting: once since they last booked)."""
    if kind in ("booked", "promoted"):
        return not held.holds_invitation
    if kind == "updated":
        return held.holds_invitation and (held.invited_at or 0) < session.calendar_sequence
    if kind == "released":
        return held.holds_invitation
    if kind == "cancelled" and booking.status not in (BOOKED, WAITLISTED):
        return held.holds_invitation
    sent = held.last_sent.get(kind)
    if kind == "waiting":
        return sent is None or sent < booking.booked_at
    return sent is None


def claim(db: Session, booking_id: int, kind: str, message_id: str, transport: str,
          *, resend: bool = False) -> int | None:  # fmt: skip
    """Claim the message of ``kind`` for a booking before sending it: recorded as being sent,
    in the unit of work that holds the database's write lock, unless another command has
    sent or claimed it since the plan was made (then None: it is not sent again). The claim's
    id, for :func:`settle`."""
    booking = db.get(Booking, booking_id)
    if booking is None:
        return None  # the booking went (its session deleted) while the messages were going
    session = booking.session
    if not resend and not still_to_send(
        kind, booking, history(db, session).get(booking.person_id) or Held(), session
    ):
        return None
    claimed = record(db, booking, kind, message_id, transport, CLAIMED)
    db.flush()
    return claimed.id


def settle(db: Session, claim_id: int, outcome: str, detail: str | None = None) -> None:
    """What became of a claimed message: sent, or refused (and so still to send)."""
    claimed = db.get(Message, claim_id)
    if claimed is not None:
        claimed.outcome, claimed.detail = outcome, detail


def release(db: Session, claim_id: int) -> None:
    """Let go of a claimed message that did not go: it is still to send."""
    claimed = db.get(Message, claim_id)
    if claimed is not None and claimed.outcome == CLAIMED:
        db.delete(claimed)


def record(db: Session, booking: Booking, kind: str, message_id: str, transport: str,
           outcome: str, detail: str | None = None) -> Message:  # fmt: skip
    message = Message(
        session_id=booking.session_id,
        person_id=booking.person_id,
        kind=kind,
        message_id=message_id,
        # The version of the session's details this message carried: an edit makes the
        # invitations of older versions out of date (see still_to_send).
        sequence=booking.session.calendar_sequence,
        transport=transport,
        outcome=outcome,
        detail=detail,
    )
    db.add(message)
    return message


def values(
    booking: Booking,
    session: ReadingSession,
    group: str,
    signature: str,
    preparation: str,
    hours: str,
    position: int,
    coming: list[str],
    pack_days: int,
    *,
    reflective_form: bool = False,
    survey_link: str = "",
) -> dict[str, object]:
    """What a message's template is filled with; ``reflective_form`` is whether a
    workshop's attendees are sent the reflective account form (workshops.reflective_form),
    ``survey_link`` the follow-up survey's address."""
    from ..wording import long_date

    return {
        "session_kind": str(session.kind),
        "series": session.series_name(group),
        "learning_outcomes": list(session.learning_outcomes or []),
        "reflective_form": not session.is_workshop or reflective_form,
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
        "pack_days": pack_days,
        "cancel_reason": session.cancel_reason or "",
        "signature": signature,
        "survey_link": survey_link,
    }


def draft_for(kind: str, booking: Booking, filled: dict[str, object], own: Path | None,
              attachments: list[Path], calendar: bytes | None) -> Draft:  # fmt: skip
    subject, text = fill(email_template(kind, own, workshop=booking.session.is_workshop), filled)
    return Draft(
        kind=kind,
        to_name=booking.person.name,
        to_email=booking.person.email,
        subject=subject,
        text=text,
        attachments=attachments,
        calendar=calendar,
        calendar_method="CANCEL" if kind in CANCELLING else "REQUEST",
    )


def due_kinds(session: ReadingSession, today: dt.date, pack_days: int, reminder_days: int,
              attendance_recorded: bool, followup_days: int = 30,
              followup_reminder_days: int = 7) -> list[str]:  # fmt: skip
    """The kinds of message due for ``session`` on ``today``."""
    if session.cancelled:
        return ["cancelled"] if _lately(session.cancelled_at, today) else []
    if attendance_recorded:
        kinds = ["documents", "missed"] if _lately(session.attendance_recorded_at, today) else []
        return kinds + followup_due(session, today, followup_days, followup_reminder_days)
    if session.date < today:
        return []
    kinds = ["booked", "waiting", "promoted", "updated", "released"]
    if session.date - dt.timedelta(days=pack_days) <= today and session.articles:
        kinds.append("pack")  # (a session without its article yet has no pack to send)
    if session.date - dt.timedelta(days=reminder_days) <= today:
        kinds.append("reminder")
    return kinds


def followup_due(session: ReadingSession, today: dt.date, days: int,
                 reminder_days: int) -> list[str]:  # fmt: skip
    """The follow-up from ``days`` after the session (its reminder ``reminder_days`` after
    that), each for AFTER only: years of past sessions are not all asked at once."""
    asked = session.date + dt.timedelta(days=days)
    kinds = []
    if asked <= today < asked + AFTER:
        kinds.append("followup")
    # Each person's reminder waits for their own follow-up (see recipients): a follow-up sent
    # late in its month still has its reminder.
    if (
        asked + dt.timedelta(days=reminder_days)
        <= today
        < asked + AFTER + dt.timedelta(days=reminder_days)
    ):
        kinds.append("followup-reminder")
    return kinds


def survey_link(session: ReadingSession, group_link: str) -> str:
    """The follow-up survey's link for ``session``: its own, else the group's; an error that
    says what to set when neither is."""
    link = session.survey_link or group_link
    if not link:
        raise NoSurveyLink(
            f"session {session.id} has no follow-up survey link — set `survey_link` under "
            f"[followup] in readinggroups.toml, or `readinggroups sessions edit {session.id} "
            "--survey-link URL`"
        )
    return link


def _lately(when: dt.datetime | None, today: dt.date) -> bool:
    """Whether ``when`` (UTC, as kept) is within AFTER of ``today``; never if unknown."""
    return when is not None and when.date() >= today - AFTER
