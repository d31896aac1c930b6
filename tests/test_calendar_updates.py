"""Each person's calendar follows their booking: a changed session sends the update to those
holding its invitation, a released place takes it out of that person's calendar, the person
promoted gets theirs, and a cancelled session goes from everyone's. Checked in what reaches
the outbox, with the .ics parsed back."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
from icalendar import Calendar

from readinggroups import Workspace
from readinggroups.demo import sample_file

from .commands import run

AOIFE = "aoife.oneill@example.nhs.uk"
TOMASZ = "tomasz.nowak@example.nhs.uk"


@pytest.fixture
def coming(workspace: Workspace):
    """A session a fortnight away, its 12 bookings for 10 places confirmed by email."""
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    ws = Workspace.open(workspace.root)
    ws.import_articles([sample_file("search_export.ris")])
    day = dt.date.today() + dt.timedelta(days=14)
    session = ws.new_session(date=day, start="14:00", title="Handover", capacity=10)
    ws.add_articles(session.id, [9])
    ws.import_bookings(session.id, sample_file("bookings.csv"))
    ws.send(session.id, "booked")
    ws.send(session.id, "waiting")
    return ws, session


def _outbox(ws: Workspace, kind: str) -> dict[str, email.message.EmailMessage]:
    """The drafts of one kind in the outbox, by the address they are to."""
    found = {}
    for path in sorted(Path(ws.root / "output" / "outbox").glob(f"*_{kind}_*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        found[message["To"].addresses[0].addr_spec] = message
    return found


def _event(message):
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"][:1]
    calendar = Calendar.from_ical(part.get_content())
    assert part.get_param("method") == calendar["method"]  # the MIME part matches METHOD
    return calendar["method"], calendar.walk("VEVENT")[0]


def test_an_edit_sends_the_update_to_everyone_holding_the_invitation(coming):
    ws, session = coming
    [original] = [_event(m)[1] for m in _outbox(ws, "booked").values()][:1]
    new_day = session.date + dt.timedelta(days=7)
    said = run("-w", str(ws.root), "sessions", "edit", str(session.id),
               "--date", new_day.isoformat(), "--start", "15:30", "--venue", "Room 2").stdout  # fmt: skip
    assert "Sent 10 messages (updated for session" in said
    updates = _outbox(ws, "updated")
    assert sorted(updates) == sorted(_outbox(ws, "booked"))  # those booked, not those waiting
    method, event = _event(updates[AOIFE])
    assert method == "REQUEST" and event["uid"] == original["uid"]
    assert event["sequence"] > original["sequence"]
    assert event["location"] == "Room 2"
    start = event.decoded("dtstart")
    assert start.astimezone(dt.UTC) == dt.datetime.combine(
        new_day, dt.time(15, 30), tzinfo=__import__("zoneinfo").ZoneInfo("Europe/London")
    ).astimezone(dt.UTC)
    body = updates[AOIFE].get_body(("plain",)).get_content()
    assert "15:30" in body and "Room 2" in body
    # A change that calendars do not show (the questions) sends nothing; nor does a re-run.
    again = run("-w", str(ws.root), "sessions", "edit", str(session.id),
                "--question", "What would you change on your ward?").stdout  # fmt: skip
    assert "updated for session" not in again
    assert "Nothing to send." in run("-w", str(ws.root), "send", "--due", "--yes").stdout
    # Someone booked after the change gets the new version in their confirmation, no update.
    ws.book(session.id, name="Zoë Ward", email="zoe.ward@example.nhs.uk")
    ws.cancel_booking(session.id, TOMASZ)
    ws.send_due()
    assert "zoe.ward@example.nhs.uk" not in _outbox(ws, "updated")


def test_a_cancelled_place_leaves_their_calendar_and_the_next_person_gets_theirs(coming):
    ws, session = coming
    waiting_first = ws.bookings(session.id)[10].person
    said = run("-w", str(ws.root), "bookings", "cancel", str(session.id), TOMASZ).stdout
    assert "Sent 1 message (released" in said and "Sent 1 message (promoted" in said
    method, event = _event(_outbox(ws, "released")[TOMASZ])
    [held] = [_event(m)[1] for e, m in _outbox(ws, "booked").items() if e == TOMASZ]
    assert method == "CANCEL" and event["status"] == "CANCELLED"
    assert event["uid"] == held["uid"] and event["sequence"] > held["sequence"]
    [attendee] = [str(event["attendee"])]
    assert attendee == f"mailto:{TOMASZ}"  # only their own copy goes
    method, event = _event(_outbox(ws, "promoted")[waiting_first.email])
    assert method == "REQUEST"
    # They book again: a new invitation, numbered above the cancellation they were sent.
    cancelled_copy = _event(_outbox(ws, "released")[TOMASZ])[1]
    ws.book(session.id, name="Tomasz Nowak", email=TOMASZ)
    ws.set_capacity(session.id, 12)  # a place for Tomasz, who was waiting again
    ws.send_due()
    method, event = _event(_outbox(ws, "promoted")[TOMASZ])
    assert method == "REQUEST" and event["sequence"] > cancelled_copy["sequence"]
    assert len(list((ws.root / "output" / "outbox").glob("*_promoted_*.eml"))) == 3


def test_fewer_places_take_the_invitation_back_and_say_where_they_are_on_the_list(coming):
    ws, session = coming
    said = run("-w", str(ws.root), "sessions", "edit", str(session.id), "--capacity", "8").stdout
    assert "back on the waiting list" in said and "Sent 2 messages (released" in said
    released = _outbox(ws, "released")
    assert len(released) == 2
    bodies = [m.get_body(("plain",)).get_content() for m in released.values()]
    assert all("on the waiting list" in b for b in bodies)
    assert all(_event(m)[0] == "CANCEL" for m in released.values())


def test_cancelling_the_session_tells_everyone_booked_or_waiting(coming):
    ws, session = coming
    said = run("-w", str(ws.root), "sessions", "cancel", str(session.id),
               "--reason", "facilitator unwell").stdout  # fmt: skip
    assert "Sent 12 messages (cancelled for session" in said
    notices = _outbox(ws, "cancelled")
    assert len(notices) == 12
    for message in notices.values():
        method, event = _event(message)
        assert method == "CANCEL" and event["status"] == "CANCELLED"
        assert "facilitator unwell" in message.get_body(("plain",)).get_content()
    assert "Nothing to send." in run("-w", str(ws.root), "send", "--due", "--yes").stdout


def test_with_a_mail_server_a_change_asks_first_and_a_script_is_told_what_is_due(coming):
    ws, session = coming
    path = ws.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('transport = "outbox"', 'transport = "smtp"'))
    said = run("-w", str(ws.root), "sessions", "edit", str(session.id), "--venue", "Room 9")
    # No terminal to ask at and no --yes: the change is made, the update left for send --due.
    assert "not sent yet, 10 messages to the mail server: `readinggroups send --due`" in said.stdout
    assert Workspace.open(ws.root).session(session.id).venue == "Room 9"
    dry = run("-w", str(ws.root), "send", "--due", "--dry-run").stdout
    assert "Would send 10 messages (updated for session" in dry


def test_deleting_a_session_takes_its_messages_with_it(coming):
    ws, session = coming
    ws.delete_session(session.id)
    assert ws.sessions() == []
