"""Calendar invitations (iCalendar, RFC 5545 and 5546) for sessions, made with icalendar.

An invitation is METHOD:REQUEST from the group's mailbox (ORGANIZER) to the people booked
(ATTENDEE, with their names and RSVP). Its UID stays the same for the session and its
SEQUENCE rises with each change calendars must take, so Outlook updates the one invitation
rather than adding another; a cancelled session's is METHOD:CANCEL. Times are given in UTC,
worked out in the group's time zone, so a session on the day the clocks change is right in
every calendar. The published calendar (METHOD:PUBLISH) lists the sessions to come, for an
intranet page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import ReadingGroupsError

if TYPE_CHECKING:
    from .store import ReadingSession

PRODID = "-//readinggroups//Reflective reading groups//EN"


def session_uid(session: ReadingSession) -> str:
    """The session's own UID: the same in every invitation, update and cancellation."""
    made = session.created_at or dt.datetime(2000, 1, 1)
    return f"session-{session.id}-{made:%Y%m%dT%H%M%S}@readinggroups"


def _utc(session: ReadingSession, when: dt.datetime, time_zone: str) -> dt.datetime:
    from .attendance.clock import zone

    return when.replace(tzinfo=zone(time_zone)).astimezone(dt.UTC)


def _event(session: ReadingSession, group: str, time_zone: str, *, cancelled: bool = False,
           sequence: int | None = None):  # fmt: skip
    from icalendar import Event

    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("sequence", session.calendar_sequence if sequence is None else sequence)
    event.add("dtstart", _utc(session, session.starts_at, time_zone))
    event.add("dtend", _utc(session, session.ends_at, time_zone))
    event.add("summary", f"{session.series_name(group)}: {session.title}")
    event.add("location", session.venue or "")
    if session.is_workshop:
        lines = [f"Workshop: {session.title}."]
        lines += [f"Learning outcome: {outcome}" for outcome in session.learning_outcomes or []]
    else:
        lines = [f"Reflective reading group: {session.title}."]
        lines += [f"Article: {article.title}" for article in session.articles]
    if session.online_link:
        lines.append(f"Join online: {session.online_link}")
        event.add("url", session.online_link)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def invitation(
    session: ReadingSession,
    *,
    group: str,
    organiser: str,
    attendees: Iterable[tuple[str, str]],
    time_zone: str,
    cancel: bool | None = None,
    sequence: int | None = None,
) -> bytes:
    """The .ics for ``session``, to ``attendees`` (name, email): a request, or its cancellation
    (``cancel``; by default for a cancelled session only). ``sequence`` is the SEQUENCE, when a
    person's own copy has gone further than the session's (see messages.sending.Held)."""
    from icalendar import Calendar, vCalAddress, vText

    if not organiser:
        raise ReadingGroupsError(
            "an invitation needs the group's mailbox as its organiser — set `from` under "
            '[email] in readinggroups.toml (e.g. from = "library@example.nhs.uk")'
        )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    cancelled = session.cancelled if cancel is None else cancel
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = _event(session, group, time_zone, cancelled=cancelled, sequence=sequence)
    chair = vCalAddress(f"mailto:{organiser}")
    chair.params["cn"] = vText(group)
    event.add("organizer", chair)
    for name, email in attendees:
        person = vCalAddress(f"mailto:{email}")
        person.params["cn"] = vText(name)
        person.params["role"] = vText("REQ-PARTICIPANT")
        person.params["partstat"] = vText("NEEDS-ACTION")
        person.params["rsvp"] = vText("TRUE")
        event.add("attendee", person, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def published(sessions: Iterable[ReadingSession], *, group: str, time_zone: str) -> bytes:
    """The group's sessions as one calendar to publish (METHOD:PUBLISH), without attendees."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", group)
    for session in sessions:
        calendar.add_component(_event(session, group, time_zone, cancelled=session.cancelled))
    return calendar.to_ical()
