"""UK GDPR: subject access (export person), erasure (forget) and retention (purge). The
library's figures stay as they were; the person leaves no trace in the database file."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest

from readinggroups import NotFoundError, ReadingGroupsError, Workspace
from readinggroups.demo import sample_file

from .commands import run
from .conftest import TEAMS

AOIFE = "aoife.oneill@example.nhs.uk"


@pytest.fixture
def held(workspace, session, tmp_path):
    """A session with bookings, attendance and documents; Aoife has a PIN on file."""
    workspace.import_bookings(session.id, sample_file("bookings.csv"))
    workspace.book(session.id, name="Aoife O'Neill", email=AOIFE, nmc_pin="12A3456E")
    workspace.import_attendance(session.id, TEAMS)
    # A name the report showed for her, settled to her: erasing her deletes that row.
    workspace.settle_attendance(session.id, "Aoife Guest Login", "booked", email=AOIFE, minutes=58)
    workspace.make_forms(session.id)
    workspace.cpd_log(AOIFE)
    return workspace, session


def _figures(ws: Workspace, tmp_path) -> list[pd.DataFrame]:
    _, report = ws.report(tmp_path / "report")
    return [report.sessions, report.months, report.schedule, ws.sessions_table()]


def _raw(ws: Workspace) -> bytes:
    """Everything the database holds, as bytes: the SQLite files, or every row of every table
    of a PostgreSQL database as text."""
    url = os.environ.get("READINGGROUPS_DATABASE_URL")
    if not url:
        files = sorted(ws.root.glob("readinggroups.sqlite*"))
        return b"".join(path.read_bytes() for path in files)
    from sqlalchemy import create_engine, inspect, text

    from readinggroups.store.engine import server_url

    engine = create_engine(server_url(url))
    with engine.connect() as connection:
        rows = [
            value
            for table in inspect(connection).get_table_names()
            for value in connection.execute(
                text(f"SELECT row_to_json(t)::text FROM {table} t")
            ).scalars()
        ]
    engine.dispose()
    return "\n".join(rows).encode()


def test_forget_keeps_every_figure_and_leaves_no_trace_in_the_database(held, tmp_path):
    ws, session = held
    aoife = next(b for b in ws.bookings(session.id) if b.person.email == AOIFE)
    number = aoife.certificate_number
    before = _figures(ws, tmp_path)
    assert b"Aoife" in _raw(ws) and AOIFE.encode() in _raw(ws)
    said = run("-w", str(ws.root), "forget", AOIFE, "--yes").stdout
    assert said.startswith("Erased 1 person: 1 booking kept as counts only, 1 certificate")
    assert "documents removed" in said
    for old, new in zip(before, _figures(ws, tmp_path), strict=True):
        pd.testing.assert_frame_equal(old, new)
    # Deleted rows are overwritten, not left in free pages (some SQLite builds do so anyway).
    with ws.store.open().kw["bind"].connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    ws.close()
    raw = _raw(ws)
    for trace in (b"Aoife", b"aoife", b"12A3456E"):  # (an article's author is an O'Neill)
        assert trace not in raw, trace
    assert not [p for p in (ws.root / "output").rglob("*") if "Aoife" in p.name]
    with pytest.raises(ReadingGroupsError) as caught:
        ws.verify_certificate(number)
    assert "withdrawn" in str(caught.value) and "Aoife" not in str(caught.value)
    with pytest.raises(NotFoundError, match="nobody with the email"):
        ws.export_person(AOIFE, tmp_path / "aoife.xlsx")


def test_forget_asks_first_and_a_no_changes_nothing(held, tmp_path):
    ws, session = held
    before = ws.attendance_table(session.id)
    shown = run("-w", str(ws.root), "forget", AOIFE, input="n\n", ok=False)
    assert shown.returncode != 0 and "Erase" in shown.stdout
    assert ws.attendance_table(session.id).equals(before)


def test_export_person_holds_everything_about_them_and_no_one_else(held, tmp_path):
    ws, session = held
    run("-w", str(ws.root), "export", "person", AOIFE.upper(), "--out", str(tmp_path / "a.xlsx"))
    sheets = pd.read_excel(tmp_path / "a.xlsx", sheet_name=None)
    assert list(sheets) == [
        "Details",
        "Bookings",
        "Certificates withdrawn",
        "Names settled",
        "Messages sent",
        "Follow-up answers",
    ]
    details = dict(zip(sheets["Details"]["detail"], sheets["Details"]["value"], strict=True))
    assert details["name"] == "Aoife O'Neill" and details["nmc_pin"] == "12A3456E"
    [booking] = sheets["Bookings"].to_dict("records")
    assert booking["session"] == session.id and booking["attendance"] == "attended"
    assert booking["certificate_number"].startswith("RG-")
    everyone = "".join(str(v) for frame in sheets.values() for v in frame.to_numpy().ravel())
    assert "Chiamaka" not in everyone and "Okafor" not in everyone


def test_purge_erases_only_people_not_seen_since_the_date(held, tmp_path):
    ws, session = held
    later = ws.new_session(date=dt.date(2027, 3, 11), start="14:00", title="Later")
    ws.book(later.id, name="Chiamaka Okafor", email="chiamaka.okafor@example.nhs.uk")
    before = _figures(ws, tmp_path)
    dry = run("-w", str(ws.root), "purge", "--before", "2027-01-01", "--dry-run").stdout
    people = len({b.person.email for b in ws.bookings(session.id)})
    assert dry.startswith(f"Would erase {people - 1} people")
    assert any(b.person.name == "Aoife O'Neill" for b in ws.bookings(session.id))
    done = run("-w", str(ws.root), "purge", "--before", "2027-01-01").stdout
    assert done.startswith(f"Erased {people - 1} people")
    names = {b.person.name for b in ws.bookings(session.id)}
    assert "Chiamaka Okafor" in names and "Aoife O'Neill" not in names
    assert sum(name.startswith("Erased person") for name in names) == people - 1
    for old, new in zip(before, _figures(ws, tmp_path), strict=True):
        pd.testing.assert_frame_equal(old, new)
    again = run("-w", str(ws.root), "purge", "--before", "2027-01-01").stdout
    assert again.strip() == "Nobody to erase."


def test_the_retention_period_is_a_setting(held, tmp_path):
    ws, _ = held
    path = ws.root / "readinggroups.toml"
    path.write_text(path.read_text().replace("retention_years = 6", "retention_years = 0"))
    shown = run("-w", str(ws.root), "purge", "--dry-run", ok=False)
    assert "privacy.retention_years is 0" in shown.stderr
    path.write_text(path.read_text().replace("retention_years = 0", "retention_years = 1"))
    # Sessions in November 2026: a year's retention from today keeps everyone.
    assert run("-w", str(ws.root), "purge", "--dry-run").stdout.strip() == "Nobody to erase."
