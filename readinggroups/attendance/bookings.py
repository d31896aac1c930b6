"""Booking rules: capacity, the waiting list, cancellations, and the attendance outcome."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import AttendanceImportError, ReadingGroupsError
from ..hours import HoursPolicy
from ..statuses import BookingStatus, Outcome
from ..store import Booking, Person, ReadingSession, ReviewDecision
from ..textfile import clean
from .matching import NameIndex, name_key
from .people import PersonDetails
from .presence import AttendanceReport, Presence

BOOKED = BookingStatus.BOOKED
WAITLISTED = BookingStatus.WAITLISTED
CANCELLED = BookingStatus.CANCELLED
WALK_IN = BookingStatus.WALK_IN
ATTENDED = Outcome.ATTENDED
PARTIAL = Outcome.PARTIAL
NO_SHOW = Outcome.NO_SHOW
# Outcomes that earn a reflective account form and participatory hours.
PRESENT = (ATTENDED, PARTIAL)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BookingFacts(Protocol):
    """What the rules of hours and the figures read of a booking: a stored Booking, or the
    report's plain copy of one (readinggroups.reporting.ReportedBooking), which thousands of
    bookings are read into in a fraction of the time."""

    @property
    def id(self) -> int: ...
    @property
    def session_id(self) -> int: ...
    @property
    def person_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def attendance(self) -> str | None: ...
    @property
    def minutes_attended(self) -> int | None: ...
    @property
    def booked_at(self) -> dt.datetime: ...
    @property
    def cancelled_at(self) -> dt.datetime | None: ...
    @property
    def session(self) -> ReadingSession: ...
    @property
    def person(self) -> Person: ...


Facts = TypeVar("Facts", bound=BookingFacts)


@dataclass
class BookingImport:
    booked: list[Booking] = field(default_factory=list)
    waitlisted: list[Booking] = field(default_factory=list)
    already: list[Booking] = field(default_factory=list)
    cancelled_before: list[Booking] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.booked)} booked, {len(self.waitlisted)} on the waiting list"
        if self.already:
            text += f", {len(self.already)} already booked"
        if self.cancelled_before:
            text += f", {len(self.cancelled_before)} cancelled earlier (not booked again)"
        return text


@dataclass
class Booked:
    """One person booked by name: their booking, and whether they already held it."""

    booking: Booking
    already: bool = False

    @property
    def waiting(self) -> bool:
        return self.booking.status == WAITLISTED


@dataclass
class Cancellation:
    cancelled: Booking
    promoted: Booking | None
    # Within the workspace's late_cancellation_hours of the start: too late to fill the place.
    late: bool = False
    late_hours: float = 48

    def summary(self) -> str:
        text = f"Cancelled {self.cancelled.person.name}" + (
            f" (a late cancellation: less than {self.late_hours:g} hours before the start)."
            if self.late
            else "."
        )
        if self.promoted:
            text += (
                f"\nPromoted from the waiting list: {self.promoted.person.name} "
                f"<{self.promoted.person.email}> — let them know."
            )
        return text


@dataclass
class AttendanceImport:
    attended: list[Booking] = field(default_factory=list)
    partial: list[Booking] = field(default_factory=list)
    no_shows: list[Booking] = field(default_factory=list)
    unmatched: list[Presence] = field(default_factory=list)
    organisers: list[Presence] = field(default_factory=list)
    # People who came although they had cancelled or were still on the waiting list.
    unexpected: list[Booking] = field(default_factory=list)
    # Matched by name (the report had no email, or another one): worth a glance.
    by_name: list[tuple[Presence, Booking]] = field(default_factory=list)
    # Names that could be more than one booked person, or fit only in another word order.
    uncertain: list[tuple[Presence, list[Booking]]] = field(default_factory=list)
    # In the report for longer than the session: counted as the whole session.
    capped: list[Booking] = field(default_factory=list)
    # Names settled by the librarian before (a booked person or a walk-in), applied again.
    settled: list[tuple[Presence, Booking]] = field(default_factory=list)
    # Names the librarian chose to ignore (a visitor, a duplicate of the facilitator).
    ignored: list[Presence] = field(default_factory=list)
    # Outcomes of an earlier import that this one changed.
    replaced: int = 0

    @property
    def to_review(self) -> list[tuple[Presence, list[Booking]]]:
        """The names still to settle, each with the booked people it could be (none for
        someone who came without booking)."""
        return [*self.uncertain, *((p, []) for p in self.unmatched)]

    def summary(self) -> str:
        text = (
            f"{len(self.attended)} attended, {len(self.partial)} partial, "
            f"{len(self.no_shows)} no-show"
        )
        if self.unexpected:
            text += "; came although " + ", ".join(
                f"{b.person.name} ({'cancelled' if b.status == CANCELLED else 'waiting'})"
                for b in self.unexpected
            )
        if self.by_name:
            text += "; matched by name: " + ", ".join(
                f"{p.name} = {b.person.name} <{b.person.email}>" for p, b in self.by_name
            )
        if self.uncertain:
            text += "; to review: " + ", ".join(
                f"{p.name} ({p.minutes} min; could be {' or '.join(b.person.email for b in maybe)})"
                for p, maybe in self.uncertain
            )
        if self.unmatched:
            text += f"; {len(self.unmatched)} not booked: " + ", ".join(
                f"{p.email or p.name} ({p.minutes} min)" for p in self.unmatched
            )
        if self.capped:
            text += "; longer than the session, counted as the whole of it: " + ", ".join(
                b.person.name for b in self.capped
            )
        if self.replaced:
            text += f"; this replaces the earlier import ({self.replaced} outcome(s) changed)"
        return text


def upsert_person(db: Session, details: PersonDetails, warnings: list[str] | None = None) -> Person:
    """The person with this email, created, or updated with the role, team and PIN given.

    The name is kept as first recorded: a different name for a known email is more often a
    typo or a shared mailbox than a new name, and it would change documents already issued.
    """
    person = db.scalars(select(Person).where(Person.email == details.email)).first()
    if person is None:
        person = Person(**details.__dict__)
        db.add(person)
        db.flush()
        return person
    if details.name != person.name and warnings is not None:
        warnings.append(
            f"{details.email} is already known as {person.name!r}, not {details.name!r} — "
            "kept the name on record"
        )
    for name in ("role", "team", "nmc_pin", "register_part", "site", "revalidation_date"):
        if getattr(details, name):
            setattr(person, name, getattr(details, name))
    return person


def active_count(db: Session, session: ReadingSession) -> int:
    return len(
        db.scalars(
            select(Booking.id).where(Booking.session_id == session.id, Booking.status == BOOKED)
        ).all()
    )


def book(
    db: Session,
    session: ReadingSession,
    person: Person,
    result: BookingImport,
    *,
    rebook_cancelled: bool = False,
) -> Booking:
    """Book ``person``, or put them on the waiting list once the session is full.

    Someone who cancelled is booked again only when asked for by name (``rebook_cancelled``),
    never because a bookings file still lists them.
    """
    existing = db.scalars(
        select(Booking).where(Booking.session_id == session.id, Booking.person_id == person.id)
    ).first()
    if existing is not None and existing.status != CANCELLED:
        result.already.append(existing)
        return existing
    if existing is not None and not rebook_cancelled:
        result.cancelled_before.append(existing)
        return existing
    status = BOOKED if active_count(db, session) < session.capacity else WAITLISTED
    booking = existing or Booking(session=session, person=person, status=status)
    booking.status, booking.booked_at, booking.cancelled_at = status, _now(), None
    booking.promoted_at = None  # booked afresh: a new booking, not a promotion
    if existing is None:
        db.add(booking)
    db.flush()
    (result.booked if status == BOOKED else result.waitlisted).append(booking)
    return booking


def waiting_list(db: Session, session_id: int) -> list[Booking]:
    return list(
        db.scalars(
            select(Booking)
            .where(Booking.session_id == session_id, Booking.status == WAITLISTED)
            .order_by(Booking.booked_at, Booking.id)
        )
    )


def book_all(
    db: Session, session: ReadingSession, people: list[PersonDetails], warnings: list[str]
) -> BookingImport:
    """Book everyone in ``people``, in order; past capacity they wait."""
    result = BookingImport(warnings=warnings)
    for details in people:
        book(db, session, upsert_person(db, details, result.warnings), result)
    return result


def book_one(db: Session, session: ReadingSession, details: PersonDetails) -> Booked:
    """Book one person by name; someone who had cancelled is booked again."""
    result = BookingImport()
    booking = book(db, session, upsert_person(db, details), result, rebook_cancelled=True)
    return Booked(booking, already=bool(result.already))


def cancel_by_email(
    db: Session,
    session: ReadingSession,
    email: str,
    *,
    late_hours: float,
    when: dt.datetime | None = None,
) -> Cancellation:
    """Cancel the booking of the person with ``email``, before the session has taken place."""
    from ..errors import NotFoundError
    from .people import normalise_email

    booking = db.scalars(
        select(Booking)
        .join(Person)
        .where(Booking.session_id == session.id, Person.email == normalise_email(email))
    ).first()
    if booking is None or booking.status == CANCELLED:
        state = "is already cancelled" if booking else "has no booking"
        raise NotFoundError(
            f"{email} {state} on session {session.id} — see "
            f"`readinggroups bookings list {session.id}`"
        )
    if attendance_recorded(db, session):
        raise ReadingGroupsError(
            f"session {session.id} has taken place (its attendance is recorded), so "
            "bookings can no longer be cancelled"
        )
    done = cancel(db, booking, when)
    done.late, done.late_hours = is_late_cancellation(booking, late_hours), late_hours
    return done


def is_late_cancellation(booking: BookingFacts, hours: float = 48) -> bool:
    """Cancelled within ``hours`` of the start: too late for anyone else to take the place."""
    if booking.status != CANCELLED or booking.cancelled_at is None:
        return False
    # Cancellations are recorded in UTC; sessions are planned in local time.
    cancelled = booking.cancelled_at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return booking.session.starts_at - cancelled < dt.timedelta(hours=hours)


def attendance_recorded(db: Session, session: ReadingSession) -> bool:
    """Whether an outcome is recorded for anyone on ``session``: it has taken place."""
    recorded = db.scalars(
        select(Booking.id).where(Booking.session_id == session.id, Booking.attendance.is_not(None))
    ).first()
    return recorded is not None


def fit_to_capacity(db: Session, session: ReadingSession) -> tuple[list[Booking], list[Booking]]:
    """Bring the booked places to the session's capacity, in booking order: the first people
    waiting are promoted into new places, and with fewer places the latest booked go back to
    the waiting list. (promoted, moved to the waiting list)."""
    booked = list(
        db.scalars(
            select(Booking)
            .where(Booking.session_id == session.id, Booking.status == BOOKED)
            .order_by(Booking.booked_at, Booking.id)
        )
    )
    promoted: list[Booking] = []
    moved = booked[session.capacity :]
    for booking in moved:
        booking.status, booking.promoted_at = WAITLISTED, None
    if len(booked) < session.capacity:
        for booking in waiting_list(db, session.id)[: session.capacity - len(booked)]:
            booking.status, booking.promoted_at = BOOKED, _now()
            promoted.append(booking)
    db.flush()
    return promoted, moved


def booked_people(db: Session, session: ReadingSession) -> list[Person]:
    """Everyone holding a place on ``session`` (not waiting, not cancelled), by name: the
    pack's sign-in sheet."""
    booked = db.scalars(
        select(Booking)
        .where(Booking.session_id == session.id, Booking.status == BOOKED)
        .order_by(Booking.booked_at, Booking.id)
    )
    return sorted((b.person for b in booked), key=lambda person: person.name.casefold())


def attendees(db: Session, session: ReadingSession) -> tuple[list[Booking], list[Booking]]:
    """Who gets documents for ``session``: everyone who attended or part-attended it and is
    credited some participatory time, in booking order; and those who came too briefly to be
    credited any (a certificate of no participatory hours would certify nothing). An error
    saying what to do first when nobody is recorded yet."""
    enough, too_short = credited_and_not(db, session)
    if not (enough or too_short):
        raise ReadingGroupsError(
            f"nobody is recorded as attending session {session.id} — import the "
            f"attendance first: `readinggroups attendance import {session.id} REPORT`"
        )
    if not enough:
        raise ReadingGroupsError(
            f"nobody attended session {session.id} long enough to be credited any "
            "participatory hours, so there are no documents to write"
        )
    return enough, too_short


def credited_and_not(db: Session, session: ReadingSession) -> tuple[list[Booking], list[Booking]]:
    """Those present at ``session``, in booking order: credited some participatory time, and
    too briefly to be; either may be empty."""
    return split_credited(db.scalars(select(Booking).where(Booking.session_id == session.id)))


def split_credited(bookings: Iterable[Facts]) -> tuple[list[Facts], list[Facts]]:
    """Of one session's ``bookings`` (already read: the report reads every session's at
    once), those present, in booking order: credited some participatory time, and too
    briefly to be."""
    enough: list[Facts] = []
    too_short: list[Facts] = []
    for booking in sorted(bookings, key=lambda b: (b.booked_at, b.id)):
        if booking.attendance in PRESENT:
            (enough if credited(booking) else too_short).append(booking)
    return enough, too_short


def cancel(db: Session, booking: Booking, when: dt.datetime | None = None) -> Cancellation:
    """Cancel a booking; a freed place goes to the first person on the waiting list.
    ``when`` (local time) is when they cancelled, if not now."""
    freed = booking.status == BOOKED
    at = _now() if when is None else when.astimezone(dt.UTC).replace(tzinfo=None)
    booking.status, booking.cancelled_at = CANCELLED, at
    promoted = None
    if freed:
        queue = waiting_list(db, booking.session_id)
        if queue:
            promoted = queue[0]
            promoted.status, promoted.promoted_at = BOOKED, _now()
    db.flush()
    return Cancellation(booking, promoted)


def outcome(minutes: float, session: ReadingSession) -> Outcome:
    """Attended at or above the session's threshold share of its length, partial below it;
    under a minute (a join that dropped at once) is a no-show."""
    if minutes < 1:
        return NO_SHOW
    return ATTENDED if minutes >= session.attendance_threshold * session.minutes else PARTIAL


def record_attendance(
    db: Session, session: ReadingSession, report: AttendanceReport, path: Path
) -> AttendanceImport:
    """Set every booking's outcome from one report, replacing any earlier import's.

    A report of another day, or for a session nobody booked, is refused: matching it would
    silently mark everyone a no-show.
    """
    # A session starting at 00:00 opens the meeting the evening before; one running past
    # midnight is reported on the next day: days within an hour of the session count too.
    hour = dt.timedelta(hours=1)
    near = {session.date, (session.starts_at - hour).date(), (session.ends_at + hour).date()}
    if report.dates and not near & report.dates:
        days = " or ".join(sorted(f"{d.day} {d:%B %Y}" for d in report.dates))
        raise AttendanceImportError(
            path,
            f"this report is for a meeting on {days}, but session {session.id} is on "
            f"{session.date.day} {session.date:%B %Y} — check the session number",
        )
    bookings = list(db.scalars(select(Booking).where(Booking.session_id == session.id)))
    if not bookings:
        raise AttendanceImportError(
            path,
            f"session {session.id} has no bookings to match the report against — import the "
            f"bookings first (`readinggroups bookings import {session.id} FILE`)",
        )
    result = AttendanceImport()
    by_email = {b.person.email: b for b in bookings}
    found: list[tuple[Presence, Booking]] = []
    left: list[Presence] = []
    for presence in report.presences:
        booking = next(
            (by_email[e] for e in (presence.email, *presence.other_ids) if e in by_email), None
        )
        if booking is not None:
            found.append((presence, booking))
        elif presence.organiser:
            result.organisers.append(presence)
        else:
            left.append(presence)
    # Then names, among the bookings no email claimed; the facilitator is not an attendee.
    facilitator = name_key(session.facilitator.split(",")[0]) if session.facilitator else None
    claimed = {b.id for _, b in found}
    names = NameIndex(bookings)
    decisions = {
        d.name_key: d
        for d in db.scalars(select(ReviewDecision).where(ReviewDecision.session_id == session.id))
    }
    for presence in left:
        key = name_key(presence.name)
        if facilitator and key == facilitator:
            result.organisers.append(presence)
            continue
        decided = decisions.get(key)
        if decided is not None and decided.decision == IGNORE:
            result.ignored.append(presence)
            continue
        settled = by_email.get(decided.email or "") if decided is not None else None
        if settled is not None:
            found.append((presence, settled))
            result.settled.append((presence, settled))
            claimed.add(settled.id)
            continue
        booking, maybe = names.match(presence.name, claimed)
        if booking is not None:
            found.append((presence, booking))
            result.by_name.append((presence, booking))
            claimed.add(booking.id)
        elif maybe:
            result.uncertain.append((presence, maybe))
        else:
            result.unmatched.append(presence)
    before = {b.id: b.attendance for b in bookings}
    # Seconds, not rounded minutes, decide the outcome: 14m50s of a 20-minute session is
    # under three quarters of it, though it rounds to 15 minutes.
    seconds: dict[int, int] = {}
    for presence, booking in found:  # Email and UPN rows of one person: keep the longer
        seconds[booking.id] = max(seconds.get(booking.id, 0), presence.seconds)
    for booking in bookings:
        if booking.id in seconds:
            if seconds[booking.id] > session.minutes * 60:
                result.capped.append(booking)
            attended = min(seconds[booking.id], session.minutes * 60)
            booking.minutes_attended = (attended + 30) // 60
            booking.attendance = outcome(attended / 60, session)
        elif booking.status == BOOKED:
            booking.attendance, booking.minutes_attended = NO_SHOW, 0
        elif booking.status == WALK_IN:
            pass  # marked by hand (a sign-in sheet): a report without them does not undo it
        else:
            booking.attendance, booking.minutes_attended = None, None
        bucket: dict[str | None, list[Booking]] = {
            ATTENDED: result.attended,
            PARTIAL: result.partial,
            NO_SHOW: result.no_shows,
        }
        if booking.attendance in bucket:
            bucket[booking.attendance].append(booking)
        if booking.attendance in PRESENT and booking.status not in (BOOKED, WALK_IN):
            result.unexpected.append(booking)
    result.replaced = sum(
        1 for b in bookings if before[b.id] is not None and before[b.id] != b.attendance
    )
    _first_recorded(session)
    db.flush()
    return result


def _first_recorded(session: ReadingSession) -> None:
    """Note when the session's attendance was first recorded: its documents are due from
    then (see messages.sending.due_kinds)."""
    if session.attendance_recorded_at is None:
        session.attendance_recorded_at = _now()


def booking_by_email(db: Session, session: ReadingSession, email: str) -> Booking | None:
    """This session's booking for the person with ``email`` (already checked and lower case)."""
    return db.scalars(
        select(Booking).join(Person).where(Booking.session_id == session.id, Person.email == email)
    ).first()


def mark(
    db: Session,
    session: ReadingSession,
    emails: list[str],
    *,
    minutes: int | None = None,
    name: str | None = None,
) -> list[Booking]:
    """Mark people as having come (for ``minutes``, default the whole session; 0 for a
    no-show). Someone not booked is added as a walk-in when ``name`` is given."""
    from .people import check_email

    if session.date > dt.date.today():
        raise ReadingGroupsError(
            f"session {session.id} is on {session.date:%d %B %Y}, still to come — mark "
            "attendance after it has taken place"
        )
    if minutes is not None and not 0 <= minutes <= 24 * 60:
        raise ReadingGroupsError(f"minutes {minutes}: give the minutes attended, from 0 to 1440")
    if name is not None and len(emails) != 1:
        raise ReadingGroupsError("--name is for adding one walk-in: give one email with it")
    marked = []
    for given in emails:
        email = check_email(given)
        if email is None:
            raise ReadingGroupsError(f"{given!r} is not an email address — check it")
        booking = booking_by_email(db, session, email)
        if booking is None:
            if not name or not name.strip():
                raise ReadingGroupsError(
                    f"{email} has no booking on session {session.id} — to add them as a "
                    f'walk-in, give their name: --name "First Surname"'
                )
            from .people import too_long

            if problem := too_long({"name": name}):
                raise ReadingGroupsError(problem)
            person = upsert_person(db, PersonDetails(name=clean(name), email=email))
            booking = Booking(session=session, person=person, status=WALK_IN)
            db.add(booking)
        attended = session.minutes if minutes is None else minutes
        booking.minutes_attended = min(attended, session.minutes)
        booking.attendance = outcome(booking.minutes_attended, session)
        marked.append(booking)
    if marked:
        _first_recorded(session)
    db.flush()
    return marked


def _unsettle(db: Session, session: ReadingSession, row: ReviewDecision) -> None:
    """Take back what an earlier settling of a name recorded: a walk-in it added is removed,
    a booked person it marked as present is a no-show again."""
    booking = booking_by_email(db, session, row.email or "")
    if booking is None:
        return
    if row.decision == AS_WALK_IN and booking.status == WALK_IN:
        db.delete(booking)
    else:
        booking.minutes_attended = 0
        booking.attendance = outcome(0, session)
    db.flush()


# How a name the report could not place is settled.
AS_BOOKED, AS_WALK_IN, IGNORE = "booked", "walk-in", "ignore"


def settle(
    db: Session,
    session: ReadingSession,
    name: str,
    decision: str,
    *,
    email: str | None = None,
    minutes: int | None = None,
) -> str:
    """Settle a name from the attendance report: as the booked person with ``email``, as a
    walk-in (``email`` needed), or ignored. Remembered, so importing the report again keeps
    it settled. Says what was done."""
    from .people import check_email

    if decision not in (AS_BOOKED, AS_WALK_IN, IGNORE):
        raise ReadingGroupsError(f"{decision!r}: settle a name as booked, walk-in or ignore")
    key = name_key(name)
    if not key:
        raise ReadingGroupsError("give the name as the attendance report shows it")
    address = None
    if decision != IGNORE:
        address = check_email(email or "")
        if address is None:
            raise ReadingGroupsError(
                f"{email!r} is not an email address — give the email of "
                + ("the booked person" if decision == AS_BOOKED else "the walk-in")
            )
        if decision == AS_BOOKED and booking_by_email(db, session, address) is None:
            raise ReadingGroupsError(
                f"{address} has no booking on session {session.id} — settle {name!r} as a "
                "walk-in instead"
            )
        marked = mark(
            db,
            session,
            [address],
            minutes=minutes,
            name=name if decision == AS_WALK_IN else None,
        )[0]
    row = db.get(ReviewDecision, (session.id, key))
    if row is None:
        row = ReviewDecision(session_id=session.id, name_key=key)
        db.add(row)
    elif row.email and row.email != address:
        _unsettle(db, session, row)  # settled differently before: that attendance goes
    row.decision, row.email = decision, address
    db.flush()
    if decision == IGNORE:
        return f"{name}: ignored"
    what = "a walk-in" if decision == AS_WALK_IN else f"{marked.person.name} <{address}>"
    return f"{name}: recorded as {what}, {marked.minutes_attended} min"


def participatory_hours(booking: BookingFacts) -> float:
    """The discussion's participatory hours credited to ``booking`` under its session's hours
    policy (the whole discussion at the threshold, by default); none for anyone absent."""
    if booking.attendance not in PRESENT or not booking.minutes_attended:
        return 0.0
    session = booking.session
    return _credited_hours(
        session.hours_credit,
        session.hours_round_down_minutes,
        session.minutes,
        session.attendance_threshold,
        booking.minutes_attended,
        booking.attendance == ATTENDED,
    )


@functools.lru_cache(maxsize=4096)
def _credited_hours(
    credit: str, step: int, session_minutes: int, threshold: float, minutes: int, full: bool
) -> float:
    """participatory_hours by the figures it depends on, each answer worked out once: a
    network's report asks for thousands of bookings, most alike (the whole hour, at 60 of 60
    minutes). The policy is the session's (ReadingSession.hours_policy)."""
    return HoursPolicy(credit, step).credited(
        minutes, session_minutes, full=full, below=_threshold(threshold, session_minutes)
    )


def threshold_minutes(session: ReadingSession) -> int:
    """The whole minutes that reach the session's attendance threshold (45 of 60 at 75%)."""
    return _threshold(session.attendance_threshold, session.minutes)


def _threshold(share: float, minutes: int) -> int:
    return math.ceil(round(share * minutes, 6))


def credited(booking: BookingFacts) -> bool:
    """Whether ``booking`` earns CPD hours: present, for at least one rounding step."""
    return participatory_hours(booking) > 0


def preparation_hours(booking: BookingFacts) -> float:
    """The preparatory reading the session offered, for anyone credited the discussion (it
    is not observed: documents say so)."""
    return booking.session.preparation_hours if credited(booking) else 0.0


def display_status(booking: Booking) -> str:
    return booking.attendance or booking.status
