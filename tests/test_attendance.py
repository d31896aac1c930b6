"""Attendance from Teams reports and CSVs: minutes summed across rejoins, the threshold rule."""

from __future__ import annotations

import datetime as dt

import pytest

from readinggroups import AttendanceImportError, ReadingGroupsError
from readinggroups.attendance import read_attendance
from readinggroups.attendance.presence import merge_intervals
from readinggroups.demo import sample_file

from .commands import run
from .conftest import BOOKINGS, REAL, TEAMS, write


def test_real_teams_2022_report_reads_every_participant_and_their_time():
    people = {
        p.email: p
        for p in read_attendance(REAL / "teams" / "teams_attendance_2022_utf16.csv").presences
    }
    assert len(people) == 7
    assert people["johnny.walker@scotch.aero"].seconds == 19 * 60 + 20
    assert people["sdc@smallco.co.uk"].seconds == 14 * 60 + 50
    assert people["pgsimon@spain.es"].name == "García Simón, Pedro"
    organisers = [p.email for p in people.values() if p.organiser]
    assert organisers == ["jan.janssens.ext@un.int"]


def test_sample_teams_report_sums_rejoins():
    people = {p.email: p for p in read_attendance(TEAMS).presences}
    assert people["gareth.llewellyn@example.nhs.uk"].seconds == 32 * 60 + 4  # 17m52s + 14m12s
    assert people["zoe.hartley@example.nhs.uk"].seconds == 58 * 60 + 8
    assert people["priya.raman@example.nhs.uk"].email == "priya.raman@example.nhs.uk"
    assert "rebecca.thornton@example.nhs.uk" not in people


def test_overlapping_joins_are_not_counted_twice():
    assert merge_intervals([(0, 600), (300, 900), (1200, 1500)]) == 1200
    assert merge_intervals([(0, 600), (100, 200)]) == 600


def booked_session(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    workspace.cancel_booking(session.id, "tomasz.nowak@example.nhs.uk")
    return session


def test_teams_report_sets_attended_partial_and_no_show(workspace, session):
    booked_session(workspace, session)
    result = workspace.import_attendance(session.id, TEAMS)
    assert len(result.attended) == 8
    assert [b.person.name for b in result.partial] == ["Gareth Llewellyn"]
    assert [b.person.name for b in result.no_shows] == ["Rebecca Thornton"]
    assert [p.name for p in result.organisers] == ["Helen Marsh"]
    assert result.unmatched == []
    rows = {b.person.email: b for b in workspace.bookings(session.id)}
    assert rows["gareth.llewellyn@example.nhs.uk"].minutes_attended == 32
    assert rows["zoe.hartley@example.nhs.uk"].attendance == "attended"
    assert rows["tomasz.nowak@example.nhs.uk"].attendance is None  # cancelled, not a no-show
    assert rows["hyperlink.test@example.nhs.uk"].attendance is None  # still waiting


def test_csv_attendance_and_the_threshold(workspace, session, tmp_path):
    booked_session(workspace, session)
    report = write(
        tmp_path / "signin.csv",
        "email,minutes\nAOIFE.ONEILL@example.nhs.uk,45\nzoe.hartley@example.nhs.uk,44\n"
        "zoe.hartley@example.nhs.uk,10\npriya.raman@example.nhs.uk,44.4\n"
        "visitor@example.org,60\nchiamaka.okafor@example.nhs.uk,90\n",
    )
    result = workspace.import_attendance(session.id, report)
    rows = {b.person.email: b for b in workspace.bookings(session.id)}
    assert rows["aoife.oneill@example.nhs.uk"].attendance == "attended"  # exactly 75% of 60
    assert rows["priya.raman@example.nhs.uk"].attendance == "partial"
    assert (
        rows["zoe.hartley@example.nhs.uk"].attendance,
        rows["zoe.hartley@example.nhs.uk"].minutes_attended,
    ) == ("attended", 54)
    assert rows["chiamaka.okafor@example.nhs.uk"].minutes_attended == 60  # capped at the session
    assert [p.email for p in result.unmatched] == ["visitor@example.org"]
    assert len(result.no_shows) == 6


def test_a_corrected_report_replaces_the_earlier_one(workspace, session, tmp_path):
    booked_session(workspace, session)
    workspace.import_attendance(session.id, TEAMS)
    workspace.import_attendance(
        session.id,
        write(tmp_path / "fix.csv", "email,minutes\nrebecca.thornton@example.nhs.uk,60\n"),
    )
    rows = {b.person.email: b for b in workspace.bookings(session.id)}
    assert rows["rebecca.thornton@example.nhs.uk"].attendance == "attended"
    assert rows["zoe.hartley@example.nhs.uk"].attendance == "no-show"


BAD = {
    "empty.csv": ("", "the file is empty"),
    "wrong.csv": ("name,score\nA,1\n", "not an attendance report"),
    "bad-minutes.csv": ("email,minutes\na@x.uk,lots\n", "line 2: minutes 'lots'"),
    "bad-email.csv": ("email,minutes\nnot-an-email,5\n", "line 2: 'not-an-email' is not an email"),
    "teams-bad-duration.csv": (
        "1. Summary\nMeeting title\tX\n\n2. Participants\nName\tFirst join\tLast leave\t"
        "In-meeting duration\tEmail\tRole\nA\t\t\tages\ta@x.uk\tAttendee\n",
        "duration 'ages'",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_report_is_refused_and_changes_nothing(workspace, session, tmp_path, name):
    booked_session(workspace, session)
    text, message = BAD[name]
    with pytest.raises(AttendanceImportError) as raised:
        workspace.import_attendance(session.id, write(tmp_path / name, text))
    assert str(raised.value).startswith(name) and message in str(raised.value)
    assert all(b.attendance is None for b in workspace.bookings(session.id))


def test_real_zoom_report_reads_every_participant_with_rejoins_and_overlaps_counted_once():
    report = read_attendance(REAL / "zoom" / "zoom_participants.csv")
    assert len(report.presences) == 27  # 31 connections
    assert report.dates == {dt.date(2021, 11, 19)}
    minutes = {p.email: (p.name, p.minutes) for p in report.presences}
    # Worked by hand from the rows: one connection 09:54:15-12:01:59.
    assert minutes["loki_asgardian@marvel.com"] == ("Loki Laufeyson", 128)
    # Two connections, the second inside the first (10:08:26-12:01:58 and 10:11:31-12:01:58).
    assert minutes["power-girl_kryptonian@dc.com"] == ("Kara Zor-L", 114)
    # Two connections with a gap: 51m41s + 33m47s.
    assert minutes["cyborg-superman_cyborg@dc.com"] == ("010_Cyborg Superman", 85)
    # Overlapping by 14 seconds: 10:14:30-12:01:58.
    assert minutes["swarm_mutant@marvel.com"][1] == 107


def zoom_report(rows: str, meeting: bool = True) -> str:
    block = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "81234567890,Reading group,11/12/2026 01:55:00 PM,11/12/2026 03:02:00 PM,"
        "helen.marsh@example.nhs.uk,67,3\n\n"
        if meeting
        else ""
    )
    return (
        block
        + "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        + rows
    )


def test_a_zoom_report_sets_outcomes_and_leaves_out_the_host(workspace, session, tmp_path):
    workspace.import_bookings(
        session.id,
        write(
            tmp_path / "b.csv",
            "name,email\nZoë Hartley,zoe.hartley@example.nhs.uk\n"
            "Priya Raman,priya.raman@example.nhs.uk\nKwame Mensah,kwame.mensah@example.nhs.uk\n",
        ),
    )
    rows = (
        "Helen Marsh,helen.marsh@example.nhs.uk,11/12/2026 01:55:00 PM,11/12/2026 03:02:00 PM,67,No\n"
        "Zoe (Zoë Hartley),zoe.hartley@example.nhs.uk,11/12/2026 02:00:00 PM,"
        "11/12/2026 02:30:00 PM,30,No\n"
        "Zoe (Zoë Hartley),zoe.hartley@example.nhs.uk,11/12/2026 02:31:00 PM,"
        "11/12/2026 03:00:00 PM,29,No\n"
        "Priya Raman,priya.raman@example.nhs.uk,11/12/2026 02:00:00 PM,11/12/2026 02:20:00 PM,20,No\n"
    )
    result = workspace.import_attendance(session.id, write(tmp_path / "z.csv", zoom_report(rows)))
    assert [b.person.name for b in result.attended] == ["Zoë Hartley"]
    assert [b.person.name for b in result.partial] == ["Priya Raman"]
    assert [b.person.name for b in result.no_shows] == ["Kwame Mensah"]
    assert [p.name for p in result.organisers] == ["Helen Marsh"] and not result.unmatched
    zoe = next(b for b in workspace.bookings(session.id) if b.person.name == "Zoë Hartley")
    assert zoe.minutes_attended == 59

    # Without the meeting block, and for another day: refused, nothing changed.
    other_day = rows.replace("11/12/2026", "11/13/2026")
    with pytest.raises(AttendanceImportError, match="this report is for a meeting on"):
        workspace.import_attendance(
            session.id, write(tmp_path / "z2.csv", zoom_report(other_day, meeting=False))
        )


def teams_report(activities: str) -> str:
    """A 2022-layout Teams report with the given In-Meeting activities rows."""
    return (
        "1. Summary\nMeeting title\tReading group\nAttended participants\t1\n"
        "Start time\t12/11/26, 14:00:00\nEnd time\t12/11/26, 15:00:00\n\n"
        "2. Participants\nName\tFirst join\tLast leave\tIn-meeting duration\tEmail\t"
        "Participant ID (UPN)\tRole\n"
        "Zoë Hartley\t12/11/26, 14:00:00\t12/11/26, 14:50:00\t50m\tzoe.hartley@example.nhs.uk\t"
        "zoe.hartley@example.nhs.uk\tAttendee\n\n"
        "3. In-Meeting activities\nName\tJoin time\tLeave time\tDuration\tEmail\tRole\n"
        + activities
    )


def test_overlapping_joins_in_a_teams_report_count_once(tmp_path):
    # Laptop 14:00-14:40 and phone 14:30-14:50 at once: 50 minutes in the meeting, not 60.
    path = tmp_path / "overlap.csv"
    path.write_bytes(
        teams_report(
            "Zoë Hartley\t12/11/26, 14:00:00\t12/11/26, 14:40:00\t40m\tzoe.hartley@example.nhs.uk\tAttendee\n"
            "Zoë Hartley\t12/11/26, 14:30:00\t12/11/26, 14:50:00\t20m\tzoe.hartley@example.nhs.uk\tAttendee\n"
        ).encode("utf-16")
    )
    [zoe] = read_attendance(path).presences
    assert zoe.seconds == 50 * 60


def test_a_teams_report_resaved_as_utf8_csv_with_us_dates(tmp_path):
    # What Excel writes when a US-locale report is saved as "CSV UTF-8": commas, quoted dates.
    text = (
        "1. Summary\nMeeting title,Reading group\n\n"
        "2. Participants\n"
        "Name,First join,Last leave,In-meeting duration,Email,Participant ID (UPN),Role\n"
        'Zoë Hartley,"11/12/26, 2:00:00 PM","11/12/26, 2:55:07 PM",50m 7s,'
        "zoe.hartley@example.nhs.uk,zoe.hartley@example.nhs.uk,Attendee\n\n"
        "3. In-Meeting activities\nName,Join time,Leave time,Duration,Email,Role\n"
        'Zoë Hartley,"11/12/26, 2:00:00 PM","11/12/26, 2:20:00 PM",20m,'
        "ZOE.HARTLEY@example.nhs.uk,Attendee\n"
        'Zoë Hartley,"11/12/26, 2:25:00 PM","11/12/26, 2:55:07 PM",30m 7s,'
        "zoe.hartley@example.nhs.uk,Attendee\n"
    )
    path = tmp_path / "resaved.csv"
    path.write_text(text, encoding="utf-8-sig")
    [zoe] = read_attendance(path).presences
    assert (zoe.email, zoe.seconds) == ("zoe.hartley@example.nhs.uk", 50 * 60 + 7)


def test_a_report_for_another_day_is_refused(workspace, session, tmp_path):
    booked_session(workspace, session)
    other = workspace.new_session(date="2026-11-13", start="14:00", title="Next day")
    workspace.import_bookings(other.id, BOOKINGS)
    with pytest.raises(
        AttendanceImportError,
        match=(
            "this report is for a meeting on 11 December 2026 or 12 November 2026, but "
            f"session {other.id} is on 13 November 2026"
        ),
    ):
        workspace.import_attendance(other.id, TEAMS)
    assert all(b.attendance is None for b in workspace.bookings(other.id))


def test_a_cut_short_report_is_refused_and_keeps_the_earlier_import(workspace, session, tmp_path):
    booked_session(workspace, session)
    workspace.import_attendance(session.id, TEAMS)
    lines = TEAMS.read_text(encoding="utf-16").split("\n")
    cut = tmp_path / "cut.csv"
    cut.write_text("\n".join(lines[:12]), encoding="utf-16")
    with pytest.raises(
        AttendanceImportError, match="the summary says 10 people attended but the report lists"
    ):
        workspace.import_attendance(session.id, cut)
    assert sum(b.attendance == "attended" for b in workspace.bookings(session.id)) == 8


def test_a_nonsense_time_names_its_line(tmp_path):
    text = teams_report(
        "Zoë Hartley\t12/11/26, 99:00:00\t12/11/26, 14:50:00\t50m\tzoe.hartley@example.nhs.uk\tAttendee\n"
    )
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(AttendanceImportError, match=r"t.csv, line 13: time '12/11/26, 99:00:00'"):
        read_attendance(path)


def test_attendance_before_bookings_says_to_book_first(workspace, session):
    with pytest.raises(AttendanceImportError, match="has no bookings to match the report against"):
        workspace.import_attendance(session.id, TEAMS)


def test_people_who_came_anyway_are_named(workspace, session, tmp_path):
    booked_session(workspace, session)
    report = write(
        tmp_path / "a.csv",
        "email,minutes\ntomasz.nowak@example.nhs.uk,60\nhyperlink.test@example.nhs.uk,60\n",
    )
    result = workspace.import_attendance(session.id, report)
    assert 'came although Tomasz Nowak (cancelled), =HYPERLINK("x") (waiting)' in result.summary()


def test_the_older_teams_list_of_joins_and_leaves_matched_by_name(workspace, session, tmp_path):
    workspace.import_bookings(
        session.id,
        write(
            tmp_path / "b.csv",
            "name,email\nSiobhán Ní Bhriain,siobhan@example.nhs.uk\n"
            "Aoife O'Neill,aoife@example.nhs.uk\nKwame Mensah,kwame@example.nhs.uk\n"
            "Priya Raman,priya@example.nhs.uk\n",
        ),
    )
    log = (
        "Full Name\tUser Action\tTimestamp\n"
        "Helen Marsh\tJoined\t12/11/2026, 13:58:00\n"
        "Siobhan Ni Bhriain (External)\tJoined\t12/11/2026, 14:00:00\n"
        "O'Neill, Aoife\tJoined\t12/11/2026, 14:02:00\n"
        "Siobhan Ni Bhriain (External)\tLeft\t12/11/2026, 14:20:00\n"
        "Siobhan Ni Bhriain (External)\tJoined\t12/11/2026, 14:25:00\n"
        "Raman Priya\tJoined\t12/11/2026, 14:05:00\n"
        "Sam Visitor\tJoined\t12/11/2026, 14:10:00\n"
        "Sam Visitor\tLeft\t12/11/2026, 14:40:00\n"
        "O'Neill, Aoife\tLeft\t12/11/2026, 15:00:00\n"
        "Helen Marsh\tLeft\t12/11/2026, 15:01:00\n"
    )
    path = tmp_path / "AttendanceList.csv"
    path.write_bytes(log.encode("utf-16"))
    result = workspace.import_attendance(session.id, path)
    names = {b.person.name: b.minutes_attended for b in result.attended + result.partial}
    # Siobhán: 20 min, then from 14:25 to the list's last time (15:01), capped at the session.
    assert names == {"Siobhán Ní Bhriain": 56, "Aoife O'Neill": 58}
    assert [p.name for p, _ in result.by_name] == [
        "Siobhan Ni Bhriain (External)",
        "O'Neill, Aoife",
    ]
    # "Raman Priya" fits Priya Raman only with the words swapped: for the librarian to decide.
    [(doubtful, maybe)] = result.uncertain
    assert doubtful.name == "Raman Priya" and [b.person.name for b in maybe] == ["Priya Raman"]
    assert [p.name for p in result.unmatched] == ["Sam Visitor"]
    assert [p.name for p in result.organisers] == ["Helen Marsh"]  # the session's facilitator
    assert {b.person.name for b in result.no_shows} == {"Kwame Mensah", "Priya Raman"}
    assert "to review: Raman Priya (56 min; could be priya@example.nhs.uk)" in result.summary()


def test_two_booked_people_with_one_name_are_never_merged(workspace, session, tmp_path):
    workspace.import_bookings(
        session.id,
        write(
            tmp_path / "b.csv",
            "name,email\nJo Smith,jo.smith@example.nhs.uk\nJo Smith,jo.smith2@example.nhs.uk\n",
        ),
    )
    path = tmp_path / "AttendanceList.csv"
    path.write_text(
        "Full Name,User Action,Timestamp\nJo Smith,Joined,12/11/2026 14:00:00\n"
        "Jo Smith,Left,12/11/2026 15:00:00\n",
        encoding="utf-8",
    )
    result = workspace.import_attendance(session.id, path)
    [(presence, maybe)] = result.uncertain
    assert len(maybe) == 2 and not result.attended


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("1h 33m 43s", 5623), ("11m 31s", 691), ("1h 7s", 3607), ("45s", 45), ("2h", 7200)],
)
def test_teams_durations_with_missing_parts(tmp_path, duration, seconds):
    text = teams_report(
        f"Zoë Hartley\t12/11/26, 14:00:00\t12/11/26, 14:50:00\t{duration}\t"
        "zoe.hartley@example.nhs.uk\tAttendee\n"
    ).replace("14:50:00\t50m\t", f"14:50:00\t{duration}\t")
    [zoe] = read_attendance(write(tmp_path / "t.csv", text)).presences
    assert zoe.seconds == seconds


def test_marking_by_hand_and_walk_ins(workspace, attended, tmp_path):
    from .commands import run

    def cli(*args, ok=True):
        done = run("-w", str(workspace.root), *args, ok=False)
        assert (done.returncode == 0) == ok, done.stderr
        return done

    # Rebecca Thornton was a no-show in the Teams report; her sign-in sheet says 45 minutes.
    out = cli("attendance", "mark", "1", "REBECCA.THORNTON@example.nhs.uk", "--minutes", "45")
    assert "attended Rebecca Thornton <rebecca.thornton@example.nhs.uk>: 45 min" in out.stdout
    refused = cli("attendance", "mark", "1", "sam.visitor@example.nhs.uk", ok=False)
    assert 'give their name: --name "First Surname"' in refused.stderr
    added = cli("attendance", "mark", "1", "sam.visitor@example.nhs.uk", "--name", "Sam Visitor")
    assert "(walk-in): 60 min" in added.stdout
    walk_in = next(b for b in workspace.bookings(1) if b.person.name == "Sam Visitor")
    assert walk_in.status == "walk-in" and walk_in.attendance == "attended"
    # A re-imported report that does not list the walk-in does not undo the sign-in sheet.
    workspace.import_attendance(1, TEAMS)
    walk_in = next(b for b in workspace.bookings(1) if b.person.name == "Sam Visitor")
    assert walk_in.attendance == "attended"
    forms = workspace.make_forms(1, tmp_path / "forms")
    assert any("Sam-Visitor" in p.name for p in forms)
    assert "--minutes" in cli("attendance", "mark", "--help").stdout


def as_excel_would(value: str):
    """Excel turns the report's times into dates."""
    try:
        return dt.datetime.strptime(value, "%d/%m/%y, %H:%M:%S")
    except ValueError:
        return value


def test_a_teams_report_saved_as_xlsx_reads_as_the_original(tmp_path):
    import openpyxl

    original = read_attendance(REAL / "teams" / "teams_attendance_2022_utf16.csv")
    text = (REAL / "teams" / "teams_attendance_2022_utf16.csv").read_bytes().decode("utf-16")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in text.replace("\r\n", "\n").split("\n"):
        sheet.append([as_excel_would(value) for value in line.split("\t")])
    book.save(tmp_path / "Attendance report.xlsx")
    resaved = read_attendance(tmp_path / "Attendance report.xlsx")
    assert sorted((p.email, p.minutes) for p in resaved.presences) == sorted(
        (p.email, p.minutes) for p in original.presences
    )
    assert original.dates <= resaved.dates


def test_a_uk_teams_report_with_an_organiser_guests_and_a_differing_upn(
    workspace, session, tmp_path
):
    workspace.import_bookings(
        session.id,
        write(
            tmp_path / "b.csv",
            "name,email\nZoë Hartley,zoe.hartley@example.nhs.uk\n"
            "Kwame Mensah,kwame.mensah@example.nhs.uk\nPriya Raman,priya.raman@example.nhs.uk\n",
        ),
    )
    report = (
        "1. Summary\nMeeting title\tReading group\nAttended participants\t4\n"
        "Start time\t12/11/2026, 13:58:02\nEnd time\t12/11/2026, 15:01:40\n\n"
        "2. Participants\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\t"
        "Participant ID (UPN)\tRole\n"
        "Helen Marsh\t12/11/2026, 13:58:02\t12/11/2026, 15:01:40\t1h 3m 38s\t"
        "helen.marsh@example.nhs.uk\thelen.marsh@example.nhs.uk\tOrganiser\n"
        # Her mailbox and her sign-in name differ: matched by the UPN.
        "Zoë Hartley\t12/11/2026, 14:00:10\t12/11/2026, 15:00:00\t59m 50s\t"
        "zoe.hartley2@nhs.net\tzoe.hartley@example.nhs.uk\tAttendee\n"
        # A guest account: no email the workspace knows, matched by name without the label.
        "Kwame Mensah (Unverified)\t12/11/2026, 14:03:00\t12/11/2026, 14:30:00\t27m\t\t\tAttendee\n"
        "Priya Raman (External)\t12/11/2026, 14:00:00\t12/11/2026, 14:59:00\t59m\t"
        "priya.raman@partner.example.org\t\tAttendee\n\n"
    )
    path = tmp_path / "Reading group - Attendance report 12-11-26.csv"
    path.write_bytes(report.encode("utf-16"))
    result = workspace.import_attendance(session.id, path)
    minutes = {b.person.name: b.minutes_attended for b in result.attended + result.partial}
    assert minutes == {"Zoë Hartley": 60, "Kwame Mensah": 27, "Priya Raman": 59}
    assert [p.name for p in result.organisers] == ["Helen Marsh"]
    assert [p.name for p, _ in result.by_name] == [
        "Kwame Mensah (Unverified)",
        "Priya Raman (External)",
    ]
    assert [b.person.name for b in result.partial] == ["Kwame Mensah"]


def test_the_threshold_is_judged_on_exact_time_and_a_dropped_join_is_a_no_show(workspace, tmp_path):
    session = workspace.new_session(date="2026-11-12", start="14:00", minutes=20, title="Short")
    workspace.import_bookings(
        session.id,
        write(
            tmp_path / "b.csv",
            "name,email\nSantiago Ruiz,santiago@example.nhs.uk\nBucky Barnes,bucky@example.nhs.uk\n",
        ),
    )
    rows = (
        "Santiago Ruiz,santiago@example.nhs.uk,11/12/2026 02:00:00 PM,11/12/2026 02:14:50 PM,15,No\n"
        "Bucky Barnes,bucky@example.nhs.uk,11/12/2026 02:00:00 PM,11/12/2026 02:00:20 PM,1,No\n"
    )
    first = workspace.import_attendance(
        session.id, write(tmp_path / "z.csv", zoom_report(rows, meeting=False))
    )
    # 14m50s is under 75% of 20 minutes though it rounds to 15; 20 seconds is no attendance.
    assert [(b.person.name, b.minutes_attended) for b in first.partial] == [("Santiago Ruiz", 15)]
    assert [b.person.name for b in first.no_shows] == ["Bucky Barnes"]
    again = workspace.import_attendance(
        session.id, write(tmp_path / "m.csv", "email,minutes\nsantiago@example.nhs.uk,500\n")
    )
    text = again.summary()
    assert "longer than the session, counted as the whole of it: Santiago Ruiz" in text
    assert "this replaces the earlier import (1 outcome(s) changed)" in text


def test_attendance_cannot_be_marked_before_a_session(workspace, tmp_path):
    import datetime as dt

    later = workspace.new_session(
        date=dt.date.today() + dt.timedelta(days=10), start="14:00", title="Later"
    )
    workspace.book(later.id, name="Fred Gale", email="fred@example.nhs.uk")
    with pytest.raises(ReadingGroupsError, match="still to come"):
        workspace.mark_attendance(later.id, ["fred@example.nhs.uk"])
    workspace.cancel_booking(later.id, "fred@example.nhs.uk")  # still possible


def test_a_settled_name_stays_settled_when_the_report_is_imported_again(workspace, session):
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    came = workspace.import_attendance(session.id, sample_file("teams_attendance.csv"))
    # The demo's report has one name it cannot place: a booked nurse on a guest login.
    [(presence, candidates)] = came.to_review
    assert presence.name == "Rebecca T (Guest)" and candidates == []
    w = ("-w", str(workspace.root))
    said = run(*w, "attendance", "settle", str(session.id), presence.name,
               "--as", "rebecca.thornton@example.nhs.uk", "--minutes", "47").stdout  # fmt: skip
    assert (
        said.strip()
        == "Rebecca T (Guest): recorded as Rebecca Thornton <rebecca.thornton@example.nhs.uk>, 47 min"
    )
    before = workspace.attendance_table(session.id)
    again = workspace.import_attendance(session.id, sample_file("teams_attendance.csv"))
    assert [p.name for p, _ in again.settled] == ["Rebecca T (Guest)"] and not again.to_review
    assert workspace.attendance_table(session.id).equals(before)  # nothing changed
    # Ignored instead: off the list for good, and she is a no-show again.
    run(*w, "attendance", "settle", str(session.id), "rebecca t (guest)", "--ignore")
    third = workspace.import_attendance(session.id, sample_file("teams_attendance.csv"))
    assert [p.name for p in third.ignored] == ["Rebecca T (Guest)"] and not third.to_review
    rows = workspace.attendance_table(session.id).set_index("email")
    assert rows.loc["rebecca.thornton@example.nhs.uk", "status"] == "no-show"
    refused = run(*w, "attendance", "settle", str(session.id), "X", ok=False)
    assert refused.returncode == 2 and "--as EMAIL" in refused.stderr
    not_booked = run(*w, "attendance", "settle", str(session.id), "X", "--as", "x@example.nhs.uk", "--minutes", "40", ok=False)  # fmt: skip
    assert "has no booking" in not_booked.stderr and "walk-in" in not_booked.stderr


def test_settling_needs_the_minutes_and_a_changed_mind_takes_back_what_was_recorded(
    workspace, session
):
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    workspace.import_attendance(session.id, sample_file("teams_attendance.csv"))
    w = ("-w", str(workspace.root))
    before = workspace.attendance_table(session.id)
    # No minutes: the whole session would be credited to someone nobody saw.
    guessed = run(*w, "attendance", "settle", str(session.id), "Nobody", "--walk-in", "x@example.nhs.uk", ok=False)  # fmt: skip
    assert guessed.returncode == 2 and "--minutes" in guessed.stderr
    assert workspace.attendance_table(session.id).equals(before)
    run(*w, "attendance", "settle", str(session.id), "Sam Walk", "--walk-in", "sam@example.nhs.uk", "--minutes", "50")  # fmt: skip
    assert "sam@example.nhs.uk" in set(workspace.attendance_table(session.id)["email"])
    # Ignored after all: the walk-in it added is gone, every figure as before.
    run(*w, "attendance", "settle", str(session.id), "Sam Walk", "--ignore")
    assert workspace.attendance_table(session.id).equals(before)
    # Settled as one booked person, then as another: only the second is marked present.
    tomasz, gareth = "tomasz.nowak@example.nhs.uk", "gareth.llewellyn@example.nhs.uk"
    run(*w, "attendance", "settle", str(session.id), "Guest 2", "--as", tomasz, "--minutes", "55")
    run(*w, "attendance", "settle", str(session.id), "Guest 2", "--as", gareth, "--minutes", "55")
    rows = workspace.attendance_table(session.id).set_index("email")
    assert rows.loc[tomasz, "status"] == "no-show" and rows.loc[gareth, "status"] == "attended"
