"""Booking nurses onto a session: capacity, the waiting list, cancellations, bad files."""

from __future__ import annotations

import datetime as dt

import pytest

from readinggroups import BookingImportError, NotFoundError, ReadingGroupsError

from .conftest import BOOKINGS, DATA, write


def statuses(workspace, session_id):
    return {b.person.email: b.status for b in workspace.bookings(session_id)}


def test_twelve_bookings_for_ten_places_put_two_on_the_waiting_list(workspace, session):
    result = workspace.import_bookings(session.id, BOOKINGS)
    assert (len(result.booked), len(result.waitlisted)) == (10, 2)
    assert [b.person.name for b in result.waitlisted] == ["Daniel Ashworth", '=HYPERLINK("x")']
    people = {b.person.email: b.person for b in workspace.bookings(session.id)}
    assert people["aoife.oneill@example.nhs.uk"].name == "Aoife O'Neill"
    assert people["siobhan.nibhriain@example.nhs.uk"].name == "Siobhán Ní Bhriain"
    assert people["zoe.hartley@example.nhs.uk"].nmc_pin == "22I0588E"
    assert people["fatima.hussain@example.nhs.uk"].team == "Learning Disability Service, East"


def test_cancelling_promotes_the_first_on_the_waiting_list(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    result = workspace.cancel_booking(session.id, "Tomasz.Nowak@example.nhs.uk")
    assert result.cancelled.person.name == "Tomasz Nowak"
    assert result.promoted.person.name == "Daniel Ashworth"
    after = statuses(workspace, session.id)
    assert after["tomasz.nowak@example.nhs.uk"] == "cancelled"
    assert after["daniel.ashworth@example.nhs.uk"] == "booked"
    assert after["hyperlink.test@example.nhs.uk"] == "waitlisted"
    assert list(after.values()).count("booked") == 10


def test_cancelling_a_waiting_place_promotes_nobody(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    result = workspace.cancel_booking(session.id, "daniel.ashworth@example.nhs.uk")
    assert result.promoted is None
    with pytest.raises(NotFoundError, match="already cancelled"):
        workspace.cancel_booking(session.id, "daniel.ashworth@example.nhs.uk")
    with pytest.raises(NotFoundError, match="has no booking"):
        workspace.cancel_booking(session.id, "nobody@example.nhs.uk")


def test_importing_the_same_file_again_books_nobody_twice(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    again = workspace.import_bookings(session.id, BOOKINGS)
    assert (len(again.booked), len(again.waitlisted), len(again.already)) == (0, 0, 12)
    assert len(workspace.bookings(session.id)) == 12


def test_a_person_is_one_person_across_sessions_and_email_case(workspace, session, tmp_path):
    later = workspace.new_session(date="2027-01-14", start="14:00", title="Next")
    write(tmp_path / "a.csv", "name,email\nAoife O'Neill,Aoife.ONeill@Example.NHS.uk\n")
    workspace.import_bookings(session.id, tmp_path / "a.csv")
    workspace.import_bookings(later.id, tmp_path / "a.csv")
    ids = {b.person.id for s in (session.id, later.id) for b in workspace.bookings(s)}
    assert len(ids) == 1


BAD = {
    "no-email-column.csv": ("name,mail\nA,a@x.uk\n", "line 1: no 'email' column"),
    "blank-row-fields.csv": ("name,email\nA,a@x.uk\n,\xa0 \n ,x\n", "line 4: no name for x"),
    "bad-email.csv": ("name,email\nA,a@x.uk\nB,b-at-x\n", "line 3: 'b-at-x' is not an email"),
    "bad-pin.csv": ("name,email,nmc_pin\nA,a@x.uk,0lA2345N\n", "line 2: nmc_pin '0lA2345N'"),
    "extra-values.csv": (
        "name,email\nA,a@x.uk,extra\n",
        "line 2: 3 values but the header names 2 columns",
    ),
    "header-only.csv": ("name,email\n", "no bookings under the header row"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_bookings_file_is_refused_whole(workspace, session, tmp_path, name):
    text, message = BAD[name]
    with pytest.raises(BookingImportError) as raised:
        workspace.import_bookings(session.id, write(tmp_path / name, text))
    assert str(raised.value).startswith(name) and message in str(raised.value)
    assert workspace.bookings(session.id) == []


def test_booking_onto_a_session_that_does_not_exist(workspace):
    with pytest.raises(NotFoundError, match="there is no session 99"):
        workspace.import_bookings(99, BOOKINGS)


def test_a_later_import_does_not_undo_a_cancellation(workspace, session):
    workspace.import_bookings(session.id, BOOKINGS)
    workspace.cancel_booking(session.id, "tomasz.nowak@example.nhs.uk")
    again = workspace.import_bookings(session.id, BOOKINGS)
    assert [b.person.name for b in again.cancelled_before] == ["Tomasz Nowak"]
    assert "1 cancelled earlier (not booked again)" in again.summary()
    assert statuses(workspace, session.id)["tomasz.nowak@example.nhs.uk"] == "cancelled"
    # Booking them by name is a decision, and works.
    workspace.book(session.id, name="Tomasz Nowak", email="tomasz.nowak@example.nhs.uk")
    assert statuses(workspace, session.id)["tomasz.nowak@example.nhs.uk"] == "waitlisted"


def test_a_repeated_email_books_once_and_says_so(workspace, session, tmp_path):
    path = write(
        tmp_path / "twice.csv",
        "name,email\nZoë Hartley,zoe@example.nhs.uk\nZoe Hartley,ZOE@example.nhs.uk\n",
    )
    result = workspace.import_bookings(session.id, path)
    assert len(result.booked) == 1
    assert result.warnings == [
        "twice.csv, line 3: zoe@example.nhs.uk booked again (first on line 2) — booked once"
    ]


def test_a_known_email_keeps_its_name(workspace, session, tmp_path):
    workspace.import_bookings(session.id, BOOKINGS)
    later = workspace.new_session(date="2027-01-14", start="14:00", title="Next")
    result = workspace.import_bookings(
        later.id, write(tmp_path / "b.csv", "name,email\nImposter,aoife.oneill@example.nhs.uk\n")
    )
    assert "already known as \"Aoife O'Neill\", not 'Imposter'" in result.warnings[0]
    assert {b.person.name for b in workspace.bookings(session.id)} >= {"Aoife O'Neill"}


def test_an_unclosed_quote_is_refused(workspace, session, tmp_path):
    path = write(tmp_path / "quote.csv", 'name,email\nA,"a@b.nhs.uk\n')
    with pytest.raises(BookingImportError, match=r"quote.csv, line \d: not a readable CSV file"):
        workspace.import_bookings(session.id, path)
    assert workspace.bookings(session.id) == []


def test_no_cancelling_once_attendance_is_recorded(workspace, attended):
    with pytest.raises(ReadingGroupsError, match="has taken place"):
        workspace.cancel_booking(attended.id, "aoife.oneill@example.nhs.uk")


def test_the_registry_keeps_register_part_site_and_revalidation_date(workspace, session, tmp_path):
    rows = (
        "name,email,role,team,site,nmc_pin,register,revalidation_date\n"
        "Aoife O'Neill,Aoife.ONeill@example.nhs.uk,Staff Nurse,Willow Ward,St Mary's,18I0457E,"
        "rnmh,2027-06-01\n"
        "Sam Porter,sam.porter@example.nhs.uk,Healthcare Assistant,Willow Ward,St Mary's,,none,\n"
    )
    workspace.import_bookings(session.id, write(tmp_path / "b.csv", rows))
    people = {b.person.email: b.person for b in workspace.bookings(session.id)}
    aoife = people["aoife.oneill@example.nhs.uk"]
    assert (aoife.register_part, aoife.site) == ("RNMH", "St Mary's")
    assert aoife.revalidation_date == dt.date(2027, 6, 1)
    assert people["sam.porter@example.nhs.uk"].register_part == "none"
    # Importing the same person again updates rather than duplicates.
    again = "name,email,team\nAoife O'Neill,aoife.oneill@example.nhs.uk,Cedar Ward\n"
    workspace.import_bookings(session.id, write(tmp_path / "b2.csv", again))
    [aoife] = [b.person for b in workspace.bookings(session.id) if b.person.name == "Aoife O'Neill"]
    assert (aoife.team, aoife.register_part) == ("Cedar Ward", "RNMH")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("register", "RGN", "register 'RGN' for Zoë Hartley: not a part of the NMC register"),
        ("revalidation_date", "June 2027", "revalidation date 'June 2027' for Zoë Hartley"),
    ],
)
def test_a_wrong_register_or_date_names_the_row(
    workspace, session, tmp_path, column, value, message
):
    path = write(
        tmp_path / "b.csv", f"name,email,{column}\nZoë Hartley,zoe@example.nhs.uk,{value}\n"
    )
    with pytest.raises(BookingImportError, match=message) as raised:
        workspace.import_bookings(session.id, path)
    assert "line 2" in str(raised.value)
    assert workspace.bookings(session.id) == []


def test_a_session_short_of_registrants_a_week_before_is_flagged(workspace, tmp_path):
    from .commands import run

    today = dt.date.today()
    soon = workspace.new_session(date=today + dt.timedelta(days=5), start="12:30", title="Soon")
    later = workspace.new_session(date=today + dt.timedelta(days=30), start="12:30", title="Later")
    rows = (
        "name,email,register\nAoife O'Neill,aoife@example.nhs.uk,RNA\n"
        "Sam Porter,sam@example.nhs.uk,none\n"
    )
    for session in (soon, later):
        workspace.import_bookings(session.id, write(tmp_path / "b.csv", rows))
    [(flagged, registrants)] = workspace.sessions_short_of_bookings()
    assert (flagged.id, registrants) == (soon.id, 1)  # Sam is not a registrant
    workspace.book(soon.id, name="Priya Raman", email="priya@example.nhs.uk")
    assert workspace.sessions_short_of_bookings() == []

    def cli(*args):
        return run("-w", str(workspace.root), *args, ok=False)

    done = cli("bookings", "cancel", str(soon.id), "priya@example.nhs.uk")
    assert "a late cancellation: less than 48 hours" not in done.stdout  # five days ahead
    assert f"Session {soon.id} on" in cli("sessions", "list").stdout
    added = cli(
        "bookings",
        "add",
        str(soon.id),
        "--name",
        "Zoë Hartley",
        "--email",
        "Zoe.Hartley@example.nhs.uk",
    )
    assert "Zoë Hartley <zoe.hartley@example.nhs.uk> is booked." in added.stdout
    assert "fewer than 2" not in cli("sessions", "list").stdout


BOOKING_EXPORTS = DATA / "bookings"


def forms_workbook(path, anonymous: bool):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Your full name",
            "Your work email address",
            "Job title / role",
            "Team or ward",
            "NMC PIN (if you have one)",
            "Part of the NMC register",
        ]
    )
    answers = [
        (
            "Aoife O'Neill",
            "aoife.oneill@example.nhs.uk",
            "Staff Nurse",
            "Willow Ward",
            "18I0457E",
            "RNMH",
        ),
        (
            "Sam Porter",
            "sam.porter@example.nhs.uk",
            "Healthcare Assistant",
            "Willow Ward",
            "",
            "none",
        ),
    ]
    for n, (name, email, role, team, pin, part) in enumerate(answers, 1):
        account = ("anonymous", "anonymous") if anonymous else (email.upper(), name)
        sheet.append(
            [
                n,
                "11/2/26 9:01:12",
                "11/2/26 9:03:40",
                *account,
                None,
                name,
                email,
                role,
                team,
                pin,
                part,
            ]
        )
    sheet.append([None] * 12)  # Excel often leaves an empty row at the end
    book.save(path)
    return path


@pytest.mark.parametrize("anonymous", [False, True])
def test_bookings_from_a_microsoft_forms_export(workspace, session, tmp_path, anonymous):
    path = forms_workbook(tmp_path / "Reading group booking(1-2).xlsx", anonymous)
    result = workspace.import_bookings(session.id, path)
    assert result.summary() == "2 booked, 0 on the waiting list"
    people = {b.person.email: b.person for b in workspace.bookings(session.id)}
    aoife = people["aoife.oneill@example.nhs.uk"]
    assert (aoife.name, aoife.role, aoife.team, aoife.nmc_pin, aoife.register_part) == (
        "Aoife O'Neill",
        "Staff Nurse",
        "Willow Ward",
        "18I0457E",
        "RNMH",
    )
    assert people["sam.porter@example.nhs.uk"].register_part == "none"


def test_bookings_from_libcal_leave_out_cancellations(workspace, session):
    session = workspace.session(session.id)
    result = workspace.import_bookings(session.id, BOOKING_EXPORTS / "libcal_registrations.csv")
    assert result.summary() == "3 booked, 0 on the waiting list"
    assert result.warnings == ["libcal_registrations.csv: 1 cancelled — left out"]
    people = {b.person.email: b.person for b in workspace.bookings(session.id)}
    assert set(people) == {
        "aoife.oneill@example.nhs.uk",
        "siobhan.nibhriain@example.nhs.uk",
        "zoe.hartley@example.nhs.uk",
    }
    siobhan = people["siobhan.nibhriain@example.nhs.uk"]
    assert (siobhan.name, siobhan.team, siobhan.site) == (
        "Siobhán Ní Bhriain",
        "Crisis Resolution",
        "Northshire",
    )


def test_bookings_from_eventbrite_hold_only_tickets_still_held(workspace, session):
    result = workspace.import_bookings(session.id, BOOKING_EXPORTS / "eventbrite_attendees.csv")
    assert result.summary() == "2 booked, 0 on the waiting list"
    assert "1 ticket(s) not attending — left out" in result.warnings[0]
    names = {b.person.name: b.person.role for b in workspace.bookings(session.id)}
    assert names == {"Kwame Mensah": "Community Mental Health Nurse", "Priya Raman": "Ward Manager"}


def test_a_forms_export_without_an_email_says_so(workspace, session, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["ID", "Start time", "Completion time", "Email", "Name", "Your name"])
    book.active.append([1, "x", "y", "anonymous", "anonymous", "Aoife O'Neill"])
    book.save(tmp_path / "anon.xlsx")
    with pytest.raises(BookingImportError, match="row 2: no email for Aoife O'Neill|no email"):
        workspace.import_bookings(session.id, tmp_path / "anon.xlsx")
    assert workspace.bookings(session.id) == []


def test_unused_columns_and_libcals_waitlist_are_handled(workspace, session, tmp_path):
    text = "name,email,pin,department\nZoë Hartley,zoe@example.nhs.uk,22I0588E,Wards\n"
    result = workspace.import_bookings(session.id, write(tmp_path / "b.csv", text))
    assert result.warnings == [
        "b.csv: column(s) 'pin', 'department' not used — the columns read are name, email, "
        "role, team, site, nmc_pin, register, revalidation_date"
    ]
    small = workspace.new_session(date="2026-11-19", start="14:00", title="Small", capacity=2)
    libcal = (
        '"Event Title","Small"\n\n'
        '"First Name","Last Name","Email","Registration Status"\n'
        '"Sam","Tate","sam@example.nhs.uk","Waitlist"\n'
        '"Emilie","Unal","emilie@example.nhs.uk","Registered"\n'
        '"Aoife","O\'Neill","aoife@example.nhs.uk","Registered"\n'
    )
    booked = workspace.import_bookings(small.id, write(tmp_path / "libcal.csv", libcal))
    # LibCal's own waitlist waits here too; those registered take the places.
    assert [b.person.name for b in booked.booked] == ["Emilie Unal", "Aoife O'Neill"]
    assert [b.person.name for b in booked.waitlisted] == ["Sam Tate"]
