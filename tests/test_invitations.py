"""Calendar invitations and the published calendar: read back with icalendar, as a calendar
program reads them."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from readinggroups import Workspace

from .commands import run


@pytest.fixture
def mailbox(workspace):
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    return Workspace.open(workspace.root)


def _event(path):
    calendar = Calendar.from_ical(path.read_bytes())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_is_a_request_to_everyone_booked(mailbox, session, tmp_path):
    mailbox.book(session.id, name="Siobhán Ní Bhriain", email="siobhan@example.nhs.uk")
    mailbox.book(session.id, name="Aoife O'Neill", email="aoife@example.nhs.uk")
    out = tmp_path / "invite.ics"
    run("-w", str(mailbox.root), "invite", str(session.id), "--out", str(out))
    calendar, event = _event(out)
    assert calendar["method"] == "REQUEST"
    assert str(event["organizer"]) == "mailto:library@example.nhs.uk"
    assert event["organizer"].params["CN"] == "Nursing Reading Group"
    people = {str(a): a.params for a in event["attendee"]}
    assert set(people) == {"mailto:siobhan@example.nhs.uk", "mailto:aoife@example.nhs.uk"}
    assert people["mailto:siobhan@example.nhs.uk"]["CN"] == "Siobhán Ní Bhriain"
    assert people["mailto:aoife@example.nhs.uk"]["RSVP"] == "TRUE"
    # 12 November is GMT: 14:00 in London is 14:00 UTC.
    assert event.decoded("dtstart") == dt.datetime(2026, 11, 12, 14, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 11, 12, 15, 0, tzinfo=dt.UTC)
    assert str(event["location"]) == session.venue
    assert session.articles[0].title in str(event["description"])
    assert int(event["sequence"]) == 0 and str(event["status"]) == "CONFIRMED"
    for line in out.read_bytes().split(b"\r\n"):  # folded at 75 octets, never inside a letter
        assert len(line) <= 75
        line.decode("utf-8")  # a letter split across two lines would not decode


def test_changes_keep_the_uid_and_raise_the_sequence_and_a_cancellation_cancels(
    mailbox, session, tmp_path
):
    first = mailbox.invite(session.id, tmp_path / "1.ics")
    mailbox.edit_session(session.id, venue="Seminar Room 2, Education Centre")
    second = mailbox.invite(session.id, tmp_path / "2.ics")
    mailbox.edit_session(session.id, venue="Seminar Room 2, Education Centre")  # no change
    third = mailbox.invite(session.id, tmp_path / "3.ics")
    (_, a), (_, b), (_, c) = _event(first), _event(second), _event(third)
    assert str(a["uid"]) == str(b["uid"]) == str(c["uid"])
    assert [int(e["sequence"]) for e in (a, b, c)] == [0, 1, 1]
    assert str(b["location"]) == "Seminar Room 2, Education Centre"
    run("-w", str(mailbox.root), "sessions", "cancel", str(session.id), "--reason", "unwell")
    calendar, cancelled = _event(mailbox.invite(session.id, tmp_path / "4.ics"))
    assert calendar["method"] == "CANCEL" and str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(a["uid"]) and int(cancelled["sequence"]) == 2


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [("2026-10-24", 13), ("2026-10-25", 14), ("2026-03-28", 14), ("2026-03-29", 13)],
)
def test_sessions_either_side_of_the_clock_changes_are_at_the_right_instant(
    mailbox, day, utc_hour, tmp_path
):
    session = mailbox.new_session(date=day, start="14:00", title=f"On {day}")
    _, event = _event(mailbox.invite(session.id, tmp_path / "x.ics"))
    assert event.decoded("dtstart") == dt.datetime.fromisoformat(day).replace(
        hour=utc_hour, tzinfo=dt.UTC
    )


def test_the_published_calendar_lists_the_sessions_to_come(mailbox, tmp_path):
    past = mailbox.new_session(date="2026-01-08", start="14:00", title="Past")
    coming = mailbox.new_session(date="2027-02-11", start="14:00", title="Coming")
    dropped = mailbox.new_session(date="2027-03-11", start="14:00", title="Dropped")
    mailbox.cancel_session(dropped.id, reason="room unavailable")
    out = tmp_path / "sessions.ics"
    run("-w", str(mailbox.root), "calendar", "--out", str(out))
    calendar = Calendar.from_ical(out.read_bytes())
    assert calendar["method"] == "PUBLISH"
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Nursing Reading Group: Coming"]
    assert "attendee" not in events[0] and past.id != coming.id


def test_an_invitation_without_the_groups_mailbox_says_how_to_set_it(workspace, session, tmp_path):
    shown = run(
        "-w",
        str(workspace.root),
        "invite",
        str(session.id),
        "--out",
        str(tmp_path / "x.ics"),
        ok=False,
    )
    assert shown.returncode == 1 and "set `from` under [email]" in shown.stderr
    assert not (tmp_path / "x.ics").exists()
