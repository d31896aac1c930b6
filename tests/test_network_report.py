"""A library network's report: several workspaces in one database, every series with each
library's figures (checked against a hand-worked example), and a report whose statements to the
database do not grow with its sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event

from readinggroups import Workspace

from .commands import run
from .conftest import write
from .test_followup import forms_export

WHITTINGTON, ROYAL_FREE = "Whittington Health Library", "Royal Free Library"
NURSING, MIDWIVES, SKILLS = "Nursing Reading Group", "Midwives' Journal Club", "Clinical Skills"
UNTIL = "2027-01-01"


def _emails(*names: str) -> list[str]:
    return [f"{name.lower()}@example.nhs.uk" for name in names]


def _held(
    ws: Workspace,
    folder: Path,
    day: str,
    booked: list[str],
    came: dict[str, int],
    *,
    minutes: int = 60,
    **planned: str,
) -> int:
    """A session on ``day``: ``booked`` book, those in ``came`` come for so many minutes, the
    rest of those booked are no-shows."""
    session = ws.new_session(
        date=day, start="14:00", minutes=minutes, title=f"On {day}", capacity=10, **planned
    )
    rows = "".join(
        f"{name},{email}\n" for name, email in zip(booked, _emails(*booked), strict=True)
    )
    ws.import_bookings(session.id, write(folder / f"b{session.id}.csv", "name,email\n" + rows))
    minutes_came = "".join(f"{_emails(name)[0]},{m}\n" for name, m in came.items())
    ws.import_attendance(
        session.id, write(folder / f"a{session.id}.csv", "email,minutes\n" + minutes_came)
    )
    return session.id


@pytest.fixture
def network(tmp_path: Path) -> dict[str, Workspace]:
    """A hand-worked network: one database, three groups, two libraries.

    Whittington, Nursing Reading Group: 12 Nov 2026 (60 min), Aoife, Bea and Cal booked; Aoife
    came for 60 minutes, Bea for 30 (partial: half an hour), Cal did not. 10 Dec 2026, Aoife
    and Dev booked and came. Whittington, Clinical Skills: a workshop of its series "Finding
    the Evidence", 26 Nov 2026, Bea and Fay booked and came. Royal Free, Midwives' Journal
    Club: 19 Nov 2026 (90 min), Aoife (the same nurse) and Eve booked; Aoife came, Eve did
    not. On SQLite the three share one file; on PostgreSQL, the test's database."""
    shared = f"sqlite:///{tmp_path / 'network.sqlite'}"
    made = {
        name: Workspace.create(tmp_path / name, group=group, library=library, database=shared)
        for name, group, library in [
            ("a", NURSING, WHITTINGTON),
            ("b", MIDWIVES, ROYAL_FREE),
            ("c", SKILLS, WHITTINGTON),
        ]
    }
    a, b, c = made["a"], made["b"], made["c"]
    _held(a, tmp_path, "2026-11-12", ["Aoife", "Bea", "Cal"], {"Aoife": 60, "Bea": 30})
    _held(a, tmp_path, "2026-12-10", ["Aoife", "Dev"], {"Aoife": 60, "Dev": 60})
    _held(b, tmp_path, "2026-11-19", ["Aoife", "Eve"], {"Aoife": 90}, minutes=90)
    _held(
        c,
        tmp_path,
        "2026-11-26",
        ["Bea", "Fay"],
        {"Bea": 60, "Fay": 60},
        kind="workshop",
        series="Finding the Evidence",
    )
    return made


def test_the_network_report_gives_each_librarys_figures(network, tmp_path):
    paths, report = network["a"].report(tmp_path / "network", until=UNTIL, network=True)
    assert report.summary() == "4 sessions over 2 months: 7 attendances, 2 no-shows"

    sheets = pd.read_excel(paths[0], sheet_name=None)
    assert list(sheets)[:2] == ["Libraries", "Library series"]
    libraries = sheets["Libraries"].set_index("library")
    assert list(libraries.index) == [ROYAL_FREE, WHITTINGTON]
    whittington, royal_free = libraries.loc[WHITTINGTON], libraries.loc[ROYAL_FREE]
    # Whittington: the two Nursing sessions and the workshop. Booked 3 + 2 + 2; Aoife, Dev,
    # Bea, Fay (and Aoife again) attended, Bea partly once; Cal the one no-show of 7 expected.
    assert (whittington.groups, whittington.sessions, whittington.booked) == (2, 3, 7)
    assert (whittington.attended, whittington.partial, whittington.no_shows) == (5, 1, 1)
    assert whittington.no_show_rate == pytest.approx(1 / 7, abs=1e-3)
    # Aoife, Bea, Dev and Fay: Bea came to both groups, Aoife twice, each counted once.
    assert whittington.people_reached == 4
    assert whittington.participatory_hours == pytest.approx(1.0 + 0.5 + 2.0 + 2.0)
    assert (royal_free.groups, royal_free.sessions, royal_free.booked) == (1, 1, 2)
    assert (royal_free.attended, royal_free.no_shows, royal_free.no_show_rate) == (1, 1, 0.5)
    assert (royal_free.people_reached, royal_free.participatory_hours) == (1, 1.5)

    series = sheets["Library series"].set_index(["library", "group", "series"])
    nursing = series.loc[(WHITTINGTON, NURSING, NURSING)]
    assert (nursing.kind, nursing.sessions, nursing.people_reached) == ("reading-group", 2, 3)
    workshop = series.loc[(WHITTINGTON, SKILLS, "Finding the Evidence")]
    assert (workshop.kind, workshop.sessions, workshop.people_reached) == ("workshop", 1, 2)
    assert series.loc[(ROYAL_FREE, MIDWIVES, MIDWIVES)].sessions == 1

    # Each session's series is named by its own group, not by the workspace reporting.
    sessions = sheets["Sessions"].set_index("session_date")
    assert sessions.loc["2026-11-19", ["library", "group", "series"]].tolist() == [
        ROYAL_FREE,
        MIDWIVES,
        MIDWIVES,
    ]
    assert sessions.loc["2026-12-10", "series"] == NURSING
    # The Nursing group's second session follows its own first (a month before), whatever
    # the other groups held in between.
    assert sessions.loc["2026-12-10", "schedule"] == "monthly"
    kinds = sheets["Kinds"]
    assert set(zip(kinds["library"], kinds["series"], strict=True)) == {
        (WHITTINGTON, NURSING),
        (WHITTINGTON, "Finding the Evidence"),
        (ROYAL_FREE, MIDWIVES),
    }


def test_a_groups_own_report_keeps_to_its_own_sessions(network, tmp_path):
    paths, report = network["a"].report(tmp_path / "own", until=UNTIL)
    assert list(report.sessions["session_date"]) == ["2026-11-12", "2026-12-10"]
    assert set(report.sessions["series"]) == {NURSING}
    assert "library" not in report.sessions and report.libraries is None
    assert report.library_lines() == []
    sheets = pd.read_excel(paths[0], sheet_name=None)
    assert "Libraries" not in sheets and "Kinds" not in sheets
    # The default folders differ: the network's report never overwrites the group's own.
    default, _ = network["b"].report(until=UNTIL, network=True)
    assert default[0].parent == network["b"].root / "output" / "network-report"


def test_report_network_on_the_command_line(network):
    done = run("-w", str(network["b"].root), "report", "--network", "--until", UNTIL)
    lines = done.stdout.splitlines()
    assert lines[0] == "4 sessions over 2 months: 7 attendances, 2 no-shows."
    assert lines[1:3] == [
        f"  {ROYAL_FREE}: 1 session, 1 attendance, 1 no-show (50%), 1 person reached, "
        "1.5 participatory hours",
        f"  {WHITTINGTON}: 3 sessions, 6 attendances, 1 no-show (14%), 4 people reached, "
        "5.5 participatory hours",
    ]
    assert "network-report" in done.stdout and "report.xlsx" in done.stdout
    own = run("-w", str(network["b"].root), "report", "--until", UNTIL).stdout
    assert own.startswith("1 session over 1 month: 1 attendance, 1 no-show.\nWrote ")


# -- statements -------------------------------------------------------------------------------


def _statements(ws: Workspace, **options) -> int:
    """How many SQL statements ``ws.report`` sends to the database."""
    engine = ws.store.open().kw["bind"]
    sent: list[str] = []

    def count(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        ws.report(ws.root / "out", until=UNTIL, **options)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def _more_sessions(ws: Workspace, folder: Path, days: list[dt.date]) -> None:
    """Sessions on ``days``, each with bookings, attendance and a follow-up answer: every
    figure of the report has something to be worked out from."""
    for day in days:
        held = _held(ws, folder, day.isoformat(), ["Aoife", "Bea", "Cal"], {"Aoife": 60, "Bea": 30})
        answer = {"email": "aoife@example.nhs.uk", "when": dt.datetime(2026, 12, 20, 9, 0),
                  "used": "Yes", "reflected": "Not yet", "contributed": "New ideas;"}  # fmt: skip
        ws.import_followup(held, forms_export(folder / f"f{held}.xlsx", [answer], first_id=held))


@pytest.mark.parametrize("network_report", [False, True], ids=["own", "network"])
def test_the_reports_statements_do_not_grow_with_its_sessions(network, tmp_path, network_report):
    ws = network["a"]
    start = dt.date(2026, 1, 5)
    days = [start + dt.timedelta(weeks=2 * n) for n in range(12)]
    _more_sessions(ws, tmp_path, days[:3])
    few = _statements(ws, network=network_report)
    _more_sessions(ws, tmp_path, days[3:])
    many = _statements(ws, network=network_report)
    assert few == many
    # Sessions, bookings, the people who booked, follow-up answers, those asked, the network's
    # libraries; and SQLite's BEGIN.
    assert many <= 7


@pytest.mark.no_database
def test_a_chart_per_session_shows_the_latest_sessions_and_says_so():
    import pandas as pd

    from readinggroups.frames import CHART_SESSIONS, latest_sessions

    few = pd.DataFrame({"session_id": range(1, 11)})
    assert latest_sessions(few, "Attendance per session") == (few, "Attendance per session")
    many = pd.DataFrame({"session_id": range(1, 1441)})
    shown, title = latest_sessions(many, "Attendance per session")
    assert list(shown["session_id"]) == list(range(1441 - CHART_SESSIONS, 1441))
    assert title == ("Attendance per session\nthe latest 18 of 1,440 sessions (all in report.xlsx)")
