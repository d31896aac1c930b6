"""Planning sessions: their details checked, the articles on them, and sessions short of
registrants a week ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import nmc, reflection
from .dates import bounded, parse_date, parse_time
from .errors import ReadingGroupsError
from .statuses import SessionKind

if TYPE_CHECKING:
    from .config import Config
    from .store import Booking, ReadingSession
    from .store.unit import Unit


def new_session(
    unit: Unit,
    config: Config,
    *,
    date: dt.date | str,
    start: dt.time | str,
    title: str,
    minutes: int | None = None,
    venue: str | None = None,
    capacity: int | None = None,
    facilitator: str | None = None,
    preparation_hours: float | None = None,
    code_standards: Iterable[str] | None = None,
    reflective_model: str | None = None,
    kind: str = SessionKind.READING_GROUP,
    series: str | None = None,
    learning_outcomes: Iterable[str] | None = None,
    booking_link: str | None = None,
    survey_link: str | None = None,
) -> ReadingSession:
    """A new session, checked; anything not given comes from ``config``. A workshop has no
    article: it takes its length from workshops.minutes, joins workshops.series unless
    another is named, and earns no preparation hours unless given."""
    from .store import ReadingSession

    try:
        what = SessionKind.of(kind)
    except ValueError as problem:
        raise ReadingGroupsError(str(problem)) from problem
    workshop = what == SessionKind.WORKSHOP

    defaults = config.workshop_code_standards if workshop else config.code_standards
    standards = checked_references(code_standards or defaults)
    model = reflective_model or config.reflective_model
    try:
        reflection.model(model)
    except ValueError as problem:
        raise ReadingGroupsError(str(problem)) from problem
    if not title.strip():
        raise ReadingGroupsError("the session needs a title")
    day = parse_date(date)
    existing = find_planned(unit, day, title)
    if existing is not None:
        # Running a notebook or a script again must not plan the same session twice.
        existing.already_planned = True
        return existing
    if preparation_hours is None:
        preparation_hours = 0.0 if workshop else config.preparation_hours
    default_minutes = config.workshop_minutes if workshop else config.session_minutes
    session = ReadingSession(
        title=title.strip(),
        date=day,
        start=parse_time(start),
        minutes=bounded(minutes or default_minutes, "minutes", 480),
        venue=(venue or config.venue).strip(),
        capacity=bounded(capacity or config.capacity, "capacity", 500),
        facilitator=(facilitator or config.facilitator).strip(),
        preparation_hours=preparation_hours,
        attendance_threshold=config.attendance_threshold,
        hours_credit=config.hours.credit,
        hours_round_down_minutes=config.hours.round_down_minutes,
        reflective_model=model.lower(),
        code_standards=standards,
        kind=what,
        series=_series(
            series, config.workshop_series if workshop else None, config.group, workshop
        ),
        learning_outcomes=_outcomes(learning_outcomes, workshop)
        if learning_outcomes is not None
        else None,
        booking_link=_web_link(booking_link, "booking link") if booking_link else None,
        survey_link=_web_link(survey_link, "survey link") if survey_link else None,
    )
    unit.db.add(session)
    unit.db.flush()
    return session


def _series(given: str | None, default: str | None, group: str, workshop: bool) -> str | None:
    """The series a session joins: None stands for the group's own (named in the settings),
    which is a reading group's; a workshop always has one of its own."""
    name = " ".join((given or "").split()) or " ".join((default or "").split())
    if len(name) > 200:
        raise ReadingGroupsError("a series name is at most 200 characters — shorten it")
    if not name or name.casefold() == " ".join(group.split()).casefold():
        if workshop:
            raise ReadingGroupsError(
                f"a workshop needs a series of its own, not the reading group's ({group!r}) — "
                "name one with --series, or set series under [workshops] in readinggroups.toml"
            )
        return None
    return name


def of_series(sessions: list[ReadingSession], name: str, group: str) -> list[ReadingSession]:
    """The sessions of the series called ``name`` (case and spacing aside)."""
    wanted = _title_key(name)
    return [s for s in sessions if _title_key(s.series_name(group)) == wanted]


def _outcomes(given: Iterable[str], workshop: bool) -> list[str] | None:
    """A workshop's learning outcomes, one each, tidied; an empty list clears them. A reading
    group has none: what it offers is its article."""
    outcomes = [" ".join(o.split()) for o in given]
    if outcomes and not workshop:
        raise ReadingGroupsError(
            "learning outcomes are for workshops: a reading group's session is its article "
            "(plan a workshop with --kind workshop)"
        )
    if any(not o for o in outcomes):
        raise ReadingGroupsError("a learning outcome is empty — write it out")
    return outcomes or None


def checked_references(references: Iterable[str]) -> list[str]:
    """Code references the librarian gave, checked against the Code, tidied, each once and in
    the Code's order."""
    try:
        checked = [nmc.check_reference(r) for r in references]
    except ValueError as problem:
        raise ReadingGroupsError(f"Code standard: {problem}") from problem
    if not checked:
        raise ReadingGroupsError("give at least one paragraph or standard of the Code")
    return [r.ref for r in nmc.in_code_order(checked)]


def find_planned(unit: Unit, day: dt.date, title: str) -> ReadingSession | None:
    """The session planned on ``day`` with this title (case and spacing aside), if any."""
    from sqlalchemy import select

    from .store import ReadingSession

    wanted = _title_key(title)
    same_day = unit.db.scalars(select(ReadingSession).where(ReadingSession.date == day))
    return next((s for s in same_day if _title_key(s.title) == wanted), None)


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def add_articles(unit: Unit, session_id: int, article_ids: Iterable[int]) -> ReadingSession:
    """Choose articles for a session, in the order given after any already chosen."""
    from .store import Article, SessionArticle

    session = unit.open_session(session_id)
    chosen = {link.article_id for link in session.links}
    for article_id in article_ids:
        unit.get(Article, article_id)
        if article_id not in chosen:
            session.links.append(
                SessionArticle(article_id=article_id, position=len(session.links) + 1)
            )
            chosen.add(article_id)
    return session


def remove_articles(unit: Unit, session_id: int, article_ids: Iterable[int]) -> ReadingSession:
    """Take articles off a session; the others keep their order."""
    from .store import Article

    session = unit.session(session_id)
    chosen = {link.article_id: link for link in session.links}
    for article_id in article_ids:
        unit.get(Article, article_id)
        if article_id not in chosen:
            raise ReadingGroupsError(
                f"article {article_id} is not on session {session_id} — "
                f"`readinggroups sessions list` shows each session's articles"
            )
        session.links.remove(chosen.pop(article_id))
    for position, link in enumerate(session.links, 1):
        link.position = position
    return session


def edit_session(
    unit: Unit,
    session_id: int,
    *,
    online_link: str | None = None,
    questions: Iterable[str] | None = None,
    title: str | None = None,
    venue: str | None = None,
    minutes: int | None = None,
    code_standards: Iterable[str] | None = None,
    date: dt.date | str | None = None,
    start: dt.time | str | None = None,
    booking_link: str | None = None,
    survey_link: str | None = None,
    learning_outcomes: Iterable[str] | None = None,
) -> ReadingSession:
    """Change a session: its booking and survey links (empty clears them: the group's are
    used), a workshop's learning outcomes, its online joining link, its own discussion
    questions (an empty list goes back to the reflective model's), title, venue, length, Code
    references, or its day and time. The length and the day are fixed once attendance is
    recorded: they decide the hours and the dates already certified."""
    from .attendance.bookings import attendance_recorded

    session = unit.open_session(session_id)
    seen = _in_calendars(session)
    if (minutes, date, start) != (None, None, None) and attendance_recorded(unit.db, session):
        raise ReadingGroupsError(
            f"session {session_id} has taken place (its attendance is recorded), so its day, "
            "time and length can no longer change: they decide what is already certified"
        )
    if date is not None:
        session.date = parse_date(date)
    if start is not None:
        session.start = parse_time(start)
    if title is not None:
        if not title.strip():
            raise ReadingGroupsError("the session needs a title")
        session.title = " ".join(title.split())
    if venue is not None:
        session.venue = venue.strip()
    if minutes is not None:
        session.minutes = bounded(minutes, "minutes", 480)
    if code_standards is not None:
        session.code_standards = checked_references(code_standards)
    if online_link is not None:
        session.online_link = _joining_link(online_link)
    if booking_link is not None:
        session.booking_link = _web_link(booking_link, "booking link")
    if survey_link is not None:
        session.survey_link = _web_link(survey_link, "survey link")
    if learning_outcomes is not None:
        session.learning_outcomes = _outcomes(learning_outcomes, session.is_workshop)
    if questions is not None:
        asked = [" ".join(q.split()) for q in questions]
        if any(not q for q in asked):
            raise ReadingGroupsError("a discussion question is empty — write it out")
        session.questions = asked or None
    if _in_calendars(session) != seen:
        session.calendar_sequence += 1  # calendars replace their copy of the invitation
    return session


def _in_calendars(session: ReadingSession) -> tuple[object, ...]:
    """What a calendar invitation says about a session: a change to any is an update."""
    return (
        session.title,
        session.date,
        session.start,
        session.minutes,
        session.venue,
        session.online_link,
    )


@dataclass
class CapacityChange:
    """A session's new number of places, and who moved because of it."""

    session: ReadingSession
    promoted: list[Booking]
    waitlisted: list[Booking]

    def summary(self) -> str:
        text = f"Session {self.session.id} now has {self.session.capacity} places"
        if self.promoted:
            text += "; off the waiting list: " + ", ".join(b.person.name for b in self.promoted)
        if self.waitlisted:
            text += "; back on the waiting list: " + ", ".join(
                b.person.name for b in self.waitlisted
            )
        return text


@dataclass
class SessionChange:
    """A session after one edit, and who moved if its places changed."""

    session: ReadingSession
    capacity: CapacityChange | None = None


def change_session(
    unit: Unit, session_id: int, *, capacity: int | None = None, **details
) -> SessionChange:
    """Every change to a session in one go (see edit_session; ``capacity`` as set_capacity):
    a refused part leaves the whole session as it was."""
    session = edit_session(unit, session_id, **details)
    moved = set_capacity(unit, session_id, capacity) if capacity is not None else None
    return SessionChange(session, moved)


def set_capacity(unit: Unit, session_id: int, capacity: int) -> CapacityChange:
    """Change a session's places: more take people off the waiting list, fewer put the latest
    booked back on it, in booking order. Fixed once attendance is recorded."""
    from .attendance.bookings import attendance_recorded, fit_to_capacity

    session = unit.open_session(session_id)
    if attendance_recorded(unit.db, session):
        raise ReadingGroupsError(
            f"session {session_id} has taken place (its attendance is recorded), so its places "
            "can no longer change"
        )
    session.capacity = bounded(capacity, "capacity", 500)
    promoted, waitlisted = fit_to_capacity(unit.db, session)
    return CapacityChange(session, promoted, waitlisted)


def _joining_link(given: str) -> str | None:
    """A Teams or Zoom joining link, whole (an empty one clears it)."""
    return _web_link(given, "joining link")


def _web_link(given: str, what: str) -> str | None:
    """A whole web address (an empty one clears it)."""
    link = given.strip()
    if link and (
        not link.startswith(("https://", "http://"))
        or any(ch.isspace() or ch in "\"'<>" for ch in link)
    ):
        raise ReadingGroupsError(
            f"{given!r} is not a web address — paste the whole {what}, starting https://"
        )
    return link or None


def short_of_bookings(unit: Unit, minimum: int, today: dt.date) -> list[tuple[ReadingSession, int]]:
    """Sessions in the coming week with fewer than ``minimum`` registrants booked (staff who
    are not registrants do not count): (session, registrants booked), to promote or cancel."""
    from .statuses import BookingStatus

    short = []
    for session in unit.sessions(cancelled=False):
        if not today <= session.date <= today + dt.timedelta(days=7):
            continue
        registrants = sum(
            1
            for b in unit.bookings(session.id)
            if b.status == BookingStatus.BOOKED and b.person.register_part != nmc.NOT_REGISTERED
        )
        if registrants < minimum:
            short.append((session, registrants))
    return short


@dataclass
class SessionEnded:
    """A session cancelled or deleted: how many bookings it had, and the certificates withdrawn
    with it."""

    session_id: int
    title: str
    date: dt.date
    action: str  # "cancelled", "deleted", or "already cancelled"
    bookings: int
    withdrawn: list[str]
    reason: str | None = None

    def summary(self) -> str:
        what = f"Session {self.session_id}, {self.title!r} on {self.date:%d %B %Y}"
        if self.action == "already cancelled":
            return f"{what}, was already cancelled: nothing changed."
        text = f"{what}, {self.action}"
        if self.reason:
            text += f" ({self.reason})"
        if self.action == "cancelled" and self.bookings:
            text += f"; its {self.bookings} booking(s) are kept, so the people on it can be told"
        elif self.bookings:
            text += f", with its {self.bookings} booking(s)"
        if self.withdrawn:
            text += f"; {len(self.withdrawn)} certificate(s) withdrawn"
        return text + "."


def cancel_session(
    unit: Unit, session_id: int, *, reason: str | None = None, force: bool = False
) -> SessionEnded:
    """Cancel a session: it takes no more bookings and leaves every figure, and its bookings are
    kept. One whose attendance is recorded is refused unless ``force``, which withdraws its
    certificates."""
    session = unit.session(session_id)
    note = " ".join(reason.split()) if reason else None
    bookings = unit.bookings(session_id)
    if session.cancelled_at is not None:
        return SessionEnded(
            session.id,
            session.title,
            session.date,
            "already cancelled",
            len(bookings),
            [],
            session.cancel_reason,
        )
    withdrawn = _withdraw_for(
        unit, session, bookings, force, "cancel", f"session cancelled{_because(note)}"
    )
    session.cancelled_at = _now()
    session.cancel_reason = note
    session.calendar_sequence += 1
    return SessionEnded(
        session.id, session.title, session.date, "cancelled", len(bookings), withdrawn, note
    )


def delete_session(unit: Unit, session_id: int, *, force: bool = False) -> SessionEnded:
    """Delete a session planned by mistake, with its bookings and its place in the articles'
    history. One whose attendance is recorded is refused unless ``force``, which withdraws its
    certificates (their numbers are kept, so checking one says it was withdrawn)."""
    session = unit.session(session_id)
    bookings = unit.bookings(session_id)
    withdrawn = _withdraw_for(unit, session, bookings, force, "delete", "session deleted")
    ended = SessionEnded(
        session.id, session.title, session.date, "deleted", len(bookings), withdrawn
    )
    from sqlalchemy import delete

    from .store import FollowUpResponse, Message, ReviewDecision

    for booking in bookings:
        unit.db.delete(booking)
    unit.db.execute(delete(ReviewDecision).where(ReviewDecision.session_id == session_id))
    unit.db.execute(delete(Message).where(Message.session_id == session_id))
    unit.db.execute(delete(FollowUpResponse).where(FollowUpResponse.session_id == session_id))
    current = unit.state(CURRENT)
    if current is not None and current.value == str(session_id):
        unit.db.delete(current)
    unit.db.delete(session)
    return ended


def _withdraw_for(
    unit: Unit,
    session: ReadingSession,
    bookings: list[Booking],
    force: bool,
    verb: str,
    reason: str,
) -> list[str]:
    from .attendance.bookings import attendance_recorded
    from .attendance.certificates import withdraw

    if attendance_recorded(unit.db, session) and not force:
        raise ReadingGroupsError(
            f"session {session.id} has taken place (its attendance is recorded): to {verb} it "
            f"anyway, withdrawing its certificates, {verb} it with force "
            f"(`readinggroups sessions {verb} {session.id} --force`)"
        )
    return withdraw(unit.db, bookings, reason)


def _because(reason: str | None) -> str:
    return f": {reason}" if reason else ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


CURRENT = "current_session"


def current_session(unit: Unit, today: dt.date) -> ReadingSession | None:
    """The session the notebooks carry on with: the one last chosen, if it is still there;
    else the next one to come, else the latest held; None before any is planned."""
    chosen = unit.state(CURRENT)
    if chosen is not None:
        from .store import ReadingSession

        found = unit.db.get(ReadingSession, int(chosen.value))
        if found is not None:
            return found
    sessions = unit.sessions(cancelled=False)
    coming = [s for s in sessions if s.date >= today]
    if coming:
        return coming[0]
    return sessions[-1] if sessions else None


def set_current(unit: Unit, session_id: int) -> ReadingSession:
    """Make this session the one the notebooks carry on with."""
    from .store import WorkspaceState

    session = unit.session(session_id)
    state = unit.state(CURRENT)
    if state is None:
        unit.db.add(WorkspaceState(key=CURRENT, value=str(session_id)))
    elif state.value != str(session_id):
        state.value = str(session_id)
    return session
