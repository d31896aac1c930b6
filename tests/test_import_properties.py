"""Property tests for the people importers: whatever a bookings file or an attendance report
holds, the import reads it or says why in one line naming the file, and a refused import
changes nothing. (The article importers have theirs in test_article_properties.py; the
settings file in test_workspace.py.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinggroups import ReadingGroupsError
from readinggroups.attendance import read_attendance
from readinggroups.attendance.people import read_bookings

from .conftest import TEAMS

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Aoife O'Neill", '=HYPERLINK("x")', "a@example.nhs.uk", "60", "", '"']),
    st.emails().map(str),
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "name",
            "email",
            "role",
            "team",
            "nmc_pin",
            "minutes",
            "Full Name",
            "Duration",
            "Join time",
            "register",
            "x",
        ]
    ),  # fmt: skip
    min_size=1,
    max_size=6,
)
SEPARATOR = st.sampled_from([",", "\t", ";"])


@st.composite
def tables(draw) -> str:
    sep = draw(SEPARATOR)
    headers = draw(HEADERS)
    rows = draw(st.lists(st.lists(CELL, max_size=len(headers) + 1), max_size=8))
    return "\n".join(sep.join(row) for row in [headers, *rows])


def _one_line(error: ReadingGroupsError, name: str) -> None:
    message = str(error)
    assert name in message and "\n" not in message.strip(), message
    assert len(message) < 2000


@SETTINGS
@given(
    text=tables() | st.text(max_size=400), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"])
)
def test_any_bookings_file_is_read_or_refused_in_one_line(tmp_path, text, encoding):
    path = tmp_path / "bookings.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        people, warnings = read_bookings(path)
    except ReadingGroupsError as error:
        _one_line(error, "bookings.csv")
        return
    assert people and all(p.email and "@" in p.email and p.name for p in people)


@SETTINGS
@given(data=st.binary(max_size=1500))
def test_any_bytes_as_bookings_or_a_report(tmp_path, data):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    for read in (read_bookings, read_attendance):
        try:
            read(path)
        except ReadingGroupsError as error:
            _one_line(error, "file.csv")


@SETTINGS
@given(text=tables() | st.text(max_size=400))
def test_any_attendance_report_is_read_or_refused_in_one_line(tmp_path, text):
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    try:
        report = read_attendance(path)
    except ReadingGroupsError as error:
        _one_line(error, "report.csv")
        return
    assert all(p.minutes >= 0 for p in report.presences)


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=4000), junk=st.binary(max_size=40))
def test_a_teams_report_cut_short_or_spliced_is_read_or_refused(tmp_path, cut, junk):
    data = TEAMS.read_bytes()
    path = tmp_path / "Attendance report.csv"
    path.write_bytes(data[:cut] + junk)
    try:
        read_attendance(path)
    except ReadingGroupsError as error:
        _one_line(error, "Attendance report.csv")


def test_a_refused_import_changes_nothing(workspace, session, tmp_path):
    from readinggroups.demo import sample_file

    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    before = workspace.attendance_table(session.id)
    bad = tmp_path / "bookings.csv"
    bad.write_text("name,email\nAna,ana@example.nhs.uk\nBo,not-an-email\n")
    with pytest.raises(ReadingGroupsError, match="bookings.csv, line 3"):
        workspace.import_bookings(session.id, bad)
    assert workspace.attendance_table(session.id).equals(before)
