"""What a verb returns carries the facts both front ends show, worked out once; errors keep
their cause for whoever debugs next, while the user still reads one line."""

from __future__ import annotations

import datetime as dt

import pytest

from readinggroups import ReadingGroupsError
from readinggroups.dates import parse_date

from .commands import run


def test_booking_someone_twice_says_they_already_were(workspace, session):
    first = workspace.book(session.id, name="Zoë Hartley", email="zoe@example.nhs.uk")
    again = workspace.book(session.id, name="Zoë Hartley", email="ZOE@example.nhs.uk")
    assert (first.already, again.already) == (False, True)
    assert again.booking.id == first.booking.id and not again.waiting
    said = run("-w", str(workspace.root), "bookings", "add", str(session.id),
               "--name", "Zoë Hartley", "--email", "zoe@example.nhs.uk").stdout  # fmt: skip
    assert said == "Zoë Hartley <zoe@example.nhs.uk> is already booked.\n"


def test_a_full_session_puts_the_next_person_on_the_waiting_list(workspace):
    small = workspace.new_session(date="2026-12-10", start="14:00", title="Small", capacity=1)
    workspace.book(small.id, name="Aoife O'Neill", email="aoife@example.nhs.uk")
    second = workspace.book(small.id, name="Kwame Mensah", email="kwame@example.nhs.uk")
    assert second.waiting and not second.already


def test_a_cancellation_says_when_it_is_late(workspace):
    soon = dt.datetime.now() + dt.timedelta(hours=20)
    planned = workspace.new_session(
        date=soon.date(), start=soon.strftime("%H:%M"), title="Tomorrow", capacity=1
    )
    workspace.book(planned.id, name="Aoife O'Neill", email="aoife@example.nhs.uk")
    workspace.book(planned.id, name="Kwame Mensah", email="kwame@example.nhs.uk")
    done = workspace.cancel_booking(planned.id, "aoife@example.nhs.uk")
    assert done.late  # 20 hours before the start, under the 48 of late_cancellation_hours
    assert done.promoted is not None and done.promoted.person.name == "Kwame Mensah"
    said = run("-w", str(workspace.root), "bookings", "cancel", str(planned.id),
               "kwame@example.nhs.uk").stdout  # fmt: skip
    assert "Cancelled Kwame Mensah (a late cancellation: less than 48 hours" in said
    with pytest.raises(ReadingGroupsError, match="is already cancelled"):
        workspace.cancel_booking(planned.id, "aoife@example.nhs.uk")


def test_the_documents_written_know_their_attendees_and_pdfs(workspace, attended, tmp_path):
    written = workspace.make_forms(attended.id, tmp_path)
    assert written.attendees == 9 and written.folder == tmp_path
    assert written.summary() == "27 documents for 9 attendees"
    zipped = workspace.make_forms(attended.id, tmp_path / "zip", bundle=True)
    assert zipped.summary() == "1 zip for 9 attendees"


def test_a_certificate_confirmed_says_who_and_the_hours(workspace, attended, tmp_path):
    [certificate] = [
        p for p in workspace.make_forms(attended.id, tmp_path) if "certificate_" in p.name
    ][:1]
    from docx import Document

    number = next(
        row.cells[1].text
        for row in Document(str(certificate)).tables[0].rows
        if row.cells[0].text == "Certificate number"
    )
    found = workspace.verify_certificate(number)
    assert (found.number, found.session_id) == (number, attended.id)
    assert (found.participatory_hours, found.preparation_hours) == (1.0, 1.5)
    assert found.summary().startswith(f"{number} is genuine: {found.person.name}")
    assert found.summary().endswith(
        "1 hour of group discussion (participatory), and 1.5 hours of preparatory reading offered"
    )


def test_the_cpd_log_notes_a_revalidation_date_it_cannot_use_however_typed(
    workspace, attended, tmp_path
):
    _, used = workspace.cpd_log(
        "aoife.oneill@example.nhs.uk",
        tmp_path,
        revalidation=" 2027-06-01",
        today=dt.date(2026, 12, 2),
    )
    assert used.note() is None  # within the next three years: used as given
    _, unused = workspace.cpd_log(
        "aoife.oneill@example.nhs.uk",
        tmp_path,
        revalidation="2031-06-01",
        today=dt.date(2026, 12, 2),
    )
    assert (
        unused.note() is not None
        and "2031-06-01 is not within the next three years" in unused.note()
    )


def test_errors_keep_their_cause_and_the_command_line_still_says_one_line(workspace):
    with pytest.raises(ReadingGroupsError) as raised:
        parse_date("12th November")
    assert isinstance(raised.value.__cause__, ValueError)
    said = run("-w", str(workspace.root), "sessions", "new", "--date", "12th November",
               "--start", "14:00", "--title", "T", ok=False)  # fmt: skip
    assert said.returncode == 1 and said.stderr.count("\n") == 1
    assert "should look like 2026-11-12" in said.stderr and "Traceback" not in said.stderr
