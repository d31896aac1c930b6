"""Attendance across the UK clock changes and midnight: report times are read in the group's
time zone (Europe/London), whatever the machine's own is."""

from __future__ import annotations

import time

import pytest

from readinggroups import AttendanceImportError, ConfigError, Workspace
from readinggroups.attendance import read_attendance

from .conftest import write
from .test_attendance import zoom_report

MACHINE_ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]


@pytest.fixture(params=MACHINE_ZONES)
def machine_zone(request, monkeypatch):
    """The machine's own time zone, as TZ sets it."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _people(ws: Workspace, session_id: int, *people: tuple[str, str]) -> None:
    for name, email in people:
        ws.book(session_id, name=name, email=email)


def _minutes(result) -> dict[str, tuple[str, int]]:
    return {
        b.person.name: (str(b.attendance), b.minutes_attended)
        for b in result.attended + result.partial + result.no_shows
    }


def test_the_older_teams_list_across_the_autumn_change(workspace, machine_zone, tmp_path):
    # 25 October 2026: at 02:00 BST the clocks go back to 01:00 GMT, so 01:20 happens twice.
    session = workspace.new_session(
        date="2026-10-25", start="01:20", title="Night shift", minutes=60
    )
    _people(
        workspace,
        session.id,
        ("Aoife O'Neill", "aoife@example.nhs.uk"),
        ("Bea Jones", "bea@example.nhs.uk"),
    )
    log = (
        "Full Name\tUser Action\tTimestamp\n"
        "Aoife O'Neill\tJoined\t25/10/2026, 01:20:00\n"
        "Bea Jones\tJoined\t25/10/2026, 01:25:00\n"
        "Bea Jones\tLeft\t25/10/2026, 01:55:00\n"
        "Aoife O'Neill\tLeft\t25/10/2026, 01:20:00\n"  # the second 01:20: an hour later
    )
    path = tmp_path / "AttendanceList.csv"
    path.write_bytes(log.encode("utf-16"))
    got = _minutes(workspace.import_attendance(session.id, path))
    assert got == {"Aoife O'Neill": ("attended", 60), "Bea Jones": ("partial", 30)}


def test_a_2022_teams_report_across_the_autumn_change(workspace, machine_zone, tmp_path):
    session = workspace.new_session(
        date="2026-10-25", start="00:50", title="Night shift", minutes=100
    )
    _people(workspace, session.id, ("Zoë Hartley", "zoe.hartley@example.nhs.uk"))
    report = (
        "1. Summary\nMeeting title\tNight shift\nAttended participants\t1\n"
        "Start time\t25/10/26, 00:50:00\nEnd time\t25/10/26, 01:30:00\n\n"
        "2. Participants\nName\tFirst join\tLast leave\tIn-meeting duration\tEmail\t"
        "Participant ID (UPN)\tRole\n"
        "Zoë Hartley\t25/10/26, 00:50:00\t25/10/26, 01:30:00\t1h 40m\tzoe.hartley@example.nhs.uk\t"
        "zoe.hartley@example.nhs.uk\tAttendee\n\n"
        "3. In-Meeting activities\nName\tJoin time\tLeave time\tDuration\tEmail\tRole\n"
        # 00:50 BST to 01:40 BST, then 01:10 GMT to 01:30 GMT after a break: 50 + 20 minutes
        # of the activities, and the break is not an overlap.
        "Zoë Hartley\t25/10/26, 00:50:00\t25/10/26, 01:40:00\t50m\tzoe.hartley@example.nhs.uk\tAttendee\n"
        "Zoë Hartley\t25/10/26, 01:10:00\t25/10/26, 01:30:00\t50m\tzoe.hartley@example.nhs.uk\tAttendee\n"
    )
    path = tmp_path / "report.csv"
    path.write_bytes(report.encode("utf-16"))
    got = _minutes(workspace.import_attendance(session.id, path))
    assert got == {"Zoë Hartley": ("attended", 100)}


def test_the_spring_change_gives_the_same_minutes_on_every_machine(machine_zone, tmp_path):
    # 29 March 2026: at 01:00 GMT the clocks go forward to 02:00 BST; 00:30 to 02:30 is an hour.
    log = (
        "Full Name,User Action,Timestamp\n"
        "Jo Smith,Joined,29/03/2026 00:30:00\nJo Smith,Left,29/03/2026 02:30:00\n"
    )
    [jo] = read_attendance(write(tmp_path / "AttendanceList.csv", log)).presences
    assert jo.seconds == 60 * 60


def test_a_uk_zoom_report_crossing_midnight_is_one_night(workspace, machine_zone, tmp_path):
    session = workspace.new_session(date="2026-11-12", start="23:30", title="Nights", minutes=60)
    _people(workspace, session.id, ("Kwame Mensah", "kwame@example.nhs.uk"))
    rows = "Kwame Mensah,kwame@example.nhs.uk,12/11/2026 23:30:00,13/11/2026 00:25:00,55,No\n"
    result = workspace.import_attendance(
        session.id, write(tmp_path / "z.csv", zoom_report(rows, meeting=False))
    )
    assert _minutes(result) == {"Kwame Mensah": ("attended", 55)}
    # Both days at or under 12: month first would make it a month long, so it is day first.
    early = workspace.new_session(date="2026-11-05", start="23:30", title="Nights 2", minutes=60)
    _people(workspace, early.id, ("Kwame Mensah", "kwame@example.nhs.uk"))
    rows = "Kwame Mensah,kwame@example.nhs.uk,05/11/2026 23:30:00,06/11/2026 00:25:00,55,No\n"
    result = workspace.import_attendance(
        early.id, write(tmp_path / "z2.csv", zoom_report(rows, meeting=False))
    )
    assert _minutes(result) == {"Kwame Mensah": ("attended", 55)}


def test_a_midnight_session_whose_meeting_opened_the_evening_before(workspace, tmp_path):
    session = workspace.new_session(date="2026-11-13", start="00:00", title="Midnight", minutes=60)
    _people(workspace, session.id, ("Zoë Hartley", "zoe.hartley@example.nhs.uk"))
    report = (
        "1. Summary\nMeeting title\tMidnight\nAttended participants\t1\n"
        "Start time\t12/11/26, 23:55:00\nEnd time\t13/11/26, 01:00:00\n\n"
        "2. Participants\nName\tFirst join\tLast leave\tIn-meeting duration\tEmail\t"
        "Participant ID (UPN)\tRole\n"
        "Zoë Hartley\t12/11/26, 23:55:00\t13/11/26, 00:58:00\t1h 3m\tzoe.hartley@example.nhs.uk\t"
        "zoe.hartley@example.nhs.uk\tAttendee\n"
    )
    path = tmp_path / "report.csv"
    path.write_bytes(report.encode("utf-16"))
    result = workspace.import_attendance(session.id, path)
    assert _minutes(result) == {"Zoë Hartley": ("attended", 60)}
    a_week_out = report.replace("12/11/26", "05/11/26").replace("13/11/26", "06/11/26")
    path.write_bytes(a_week_out.encode("utf-16"))
    with pytest.raises(AttendanceImportError, match="this report is for a meeting on"):
        workspace.import_attendance(session.id, path)


def test_the_time_zone_is_a_setting(workspace, tmp_path):
    path = workspace.root / "readinggroups.toml"
    path.write_text(
        path.read_text().replace('time_zone = "Europe/London"', 'time_zone = "Mars/Olympus"')
    )
    with pytest.raises(ConfigError, match="group.time_zone: 'Mars/Olympus' is not a time zone"):
        Workspace.open(workspace.root)
    path.write_text(path.read_text().replace("Mars/Olympus", "America/New_York"))
    assert Workspace.open(workspace.root).config.time_zone == "America/New_York"
    # New York's clocks went back on 1 November 2026: its 01:30 happens twice there.
    log = (
        "Full Name,User Action,Timestamp\n"
        "Jo Smith,Joined,01/11/2026 01:30:00\nSam Lee,Joined,01/11/2026 01:45:00\n"
        "Sam Lee,Left,01/11/2026 01:50:00\nJo Smith,Left,01/11/2026 01:30:00\n"
    )
    here = read_attendance(write(tmp_path / "l.csv", log), "America/New_York").presences
    assert {p.name: p.seconds for p in here}["Jo Smith"] == 3600
    london = read_attendance(write(tmp_path / "l.csv", log)).presences
    assert {p.name: p.seconds for p in london}["Jo Smith"] == 0  # no change in London that day
