"""The figures a library reports: people and sessions tables, pseudonyms, safe exports."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from readinggroups.demo import sample_file

from .conftest import write


@pytest.fixture
def two_sessions(workspace, tmp_path):
    """A hand-worked example.

    Session 1 (12 Nov 2026, 60 min, 3 places): Aoife, Bea, Cal booked; Dev and Eve wait. Cal
    cancels (Dev promoted). Aoife 60 min, Bea 30 min (partial), Dev no-show, Sam walks in 45.
    Session 2 (14 Jan 2027, 90 min, 2 places): Aoife 90 min; Bea no-show.
    """
    workspace.import_articles([sample_file("search_export.ris")])
    first = workspace.new_session(
        date="2026-11-12", start="14:00", minutes=60, title="One", capacity=3
    )
    rows = "".join(
        f"{name},{name.lower()}@example.nhs.uk,Ward {team}\n"
        for name, team in [("Aoife", "A"), ("Bea", "B"), ("Cal", "A"), ("Dev", "C"), ("Eve", "C")]
    )
    workspace.import_bookings(first.id, write(tmp_path / "b.csv", "name,email,team\n" + rows))
    workspace.cancel_booking(first.id, "cal@example.nhs.uk")
    workspace.import_attendance(
        first.id,
        write(
            tmp_path / "a.csv",
            "email,minutes\naoife@example.nhs.uk,60\nbea@example.nhs.uk,30\n",
        ),
    )
    workspace.mark_attendance(first.id, ["sam@example.nhs.uk"], minutes=45, name="Sam")
    second = workspace.new_session(
        date="2027-01-14", start="12:30", minutes=90, title="Two", capacity=2
    )
    workspace.import_bookings(
        second.id,
        write(
            tmp_path / "b2.csv",
            "name,email\nAoife,aoife@example.nhs.uk\nBea,bea@example.nhs.uk\n",
        ),
    )
    workspace.import_attendance(
        second.id, write(tmp_path / "a2.csv", "email,minutes\naoife@example.nhs.uk,90\n")
    )
    return workspace


def test_sessions_table_matches_the_hand_worked_example(two_sessions):
    table = two_sessions.sessions_table().set_index("session_title")
    one, two = table.loc["One"], table.loc["Two"]
    assert (one.booked, one.waiting_list, one.cancelled) == (3, 1, 1)  # Aoife, Bea, Dev; Eve
    assert (one.attended, one.partial, one.no_shows, one.walk_ins) == (2, 1, 1, 1)  # + Sam
    # Dev, of the three expected (booked); Sam walked in and was not expected.
    assert (one.expected, one.no_show_rate) == (3, pytest.approx(1 / 3, abs=1e-3))
    assert one.teams == 2  # Ward A (Aoife), Ward B (Bea); Sam gave none
    # Aoife and Sam (45 of 60 minutes, the threshold) the full hour; Bea's 30 minutes, half.
    assert one.participatory_hours == pytest.approx(1.0 + 0.5 + 1.0)
    assert (two.booked, two.attended, two.no_shows, two.no_show_rate) == (2, 1, 1, 0.5)
    assert two.participatory_hours == pytest.approx(1.5)
    only_two = two_sessions.sessions_table(since="2027-01-01")
    assert list(only_two.session_title) == ["Two"]


def test_people_table_totals_each_nurses_cpd(two_sessions):
    people = two_sessions.people_table().set_index("email")
    aoife = people.loc["aoife@example.nhs.uk"]
    assert (aoife.sessions_booked, aoife.sessions_attended, aoife.no_shows) == (2, 2, 0)
    assert aoife.participatory_hours == pytest.approx(2.5)
    assert aoife.total_hours == pytest.approx(2.5 + 3.0)  # 1.5 h preparation each
    assert (aoife.first_attended, aoife.last_attended) == ("2026-11-12", "2027-01-14")
    bea = people.loc["bea@example.nhs.uk"]
    assert (bea.sessions_attended, bea.no_shows, bea.participatory_hours) == (1, 1, 0.5)
    sam = people.loc["sam@example.nhs.uk"]
    assert (sam.sessions_booked, sam.sessions_attended) == (0, 1)  # a walk-in books nothing
    assert people.loc["cal@example.nhs.uk"].sessions_attended == 0


def test_anonymised_exports_use_stable_pseudonyms_for_people_and_teams(two_sessions, tmp_path):
    first = two_sessions.export_people(tmp_path / "p1.csv", anonymise=True)
    again = two_sessions.export_attendance(tmp_path / "a1.xlsx", anonymise=True)
    text = first.read_text(encoding="utf-8-sig")
    for secret in ("Aoife", "aoife@", "Bea", "example.nhs.uk"):
        assert secret not in text
    people = pd.read_csv(first)
    attendance = pd.read_excel(again)
    assert set(attendance["name"]) <= set(people["name"])  # the same pseudonyms in both
    assert people["name"].str.fullmatch(r"Person [A-Z2-7]{8}").all()
    assert list(people["name"]) == sorted(people["name"])  # no trace of the real order
    # Teams counted apart without saying which: the same team, the same pseudonym.
    assert "Ward A" not in text and people["team"].dropna().str.fullmatch(r"Team [A-Z2-7]{8}").all()
    assert set(attendance["team"].dropna()) <= set(people["team"])
    assert "role" not in people.columns and "session_title" not in attendance.columns
    repeat = pd.read_csv(two_sessions.export_people(tmp_path / "p2.csv", anonymise=True))
    assert list(repeat["name"]) == list(people["name"])


def test_free_text_cannot_carry_a_name_into_an_anonymised_export(workspace, session, tmp_path):
    bookings = write(
        tmp_path / "b.csv",
        "name,email,role,team,site,nmc_pin\n"
        "Aoife O'Neill,aoife@example.nhs.uk,ask Aoife O'Neill 07700 900123,"
        "Aoife's ward (aoife@example.nhs.uk),Site of 12A3456E,12A3456E\n",
    )
    workspace.import_bookings(session.id, bookings)
    workspace.edit_session(session.id, title="Reflection led by Aoife O'Neill")
    for export in (workspace.export_people, workspace.export_attendance, workspace.export_sessions):
        text = export(tmp_path / "out.csv", anonymise=True).read_text(encoding="utf-8-sig")
        for secret in ("Aoife", "aoife", "07700", "12A3456E"):
            assert secret not in text, (export.__name__, secret)


def test_a_hostile_bookings_file_round_trips_without_a_live_formula(workspace, session, tmp_path):
    hostile = [
        '=HYPERLINK("http://x.example/","click")',
        "+44 7700 900123",
        "-2+3",
        "@SUM(A1:A2)",
        "\tTabbed",
        "O'Neill <b>Bold</b>",
    ]
    rows = "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",p{i}@example.nhs.uk,"=1+{i}"\n'
        for i, name in enumerate(hostile)
    )
    workspace.import_bookings(session.id, write(tmp_path / "b.csv", "name,email,team\n" + rows))
    stored = {b.person.name for b in workspace.bookings(session.id)}
    assert {h.strip() for h in hostile} <= stored | {"Tabbed"}  # kept as given (tidied)
    for what in ("attendance", "people"):
        csv_path = getattr(workspace, f"export_{what}")(tmp_path / f"{what}.csv")
        for line in csv_path.read_text(encoding="utf-8-sig").splitlines()[1:]:
            for cell in line.split(","):
                assert not cell.strip('"').startswith(("=", "+", "-", "@", "\t")), cell
        xlsx_path = getattr(workspace, f"export_{what}")(tmp_path / f"{what}.xlsx")
        sheet = openpyxl.load_workbook(xlsx_path).active
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert all(c.data_type == "s" for c in cells)  # text, never a formula
        assert '=HYPERLINK("http://x.example/","click")' in {c.value for c in cells}


def test_exports_from_the_command_line(two_sessions, tmp_path):
    from .commands import run

    for what in ("attendance", "people", "sessions"):
        out = str(tmp_path / f"{what}.csv")
        run("-w", str(two_sessions.root), "export", what, "--since", "2027-01-01", "--out", out)
    assert list(pd.read_csv(tmp_path / "sessions.csv").session_title) == ["Two"]
    assert set(pd.read_csv(tmp_path / "attendance.csv").session_date) == {"2027-01-14"}
    people = pd.read_csv(tmp_path / "people.csv").set_index("email")
    assert people.loc["aoife@example.nhs.uk"].sessions_attended == 1  # since January only


def test_report_by_month_and_schedule_matches_the_hand_worked_example(two_sessions, tmp_path):
    # A third session a month after the second: Aoife again, Fay (not a registrant) new.
    third = two_sessions.new_session(
        date="2027-02-11", start="12:30", minutes=60, title="Three", capacity=5
    )
    two_sessions.import_bookings(
        third.id,
        write(
            tmp_path / "b3.csv",
            "name,email,register,site\nAoife,aoife@example.nhs.uk,RNA,North\n"
            "Fay,fay@example.nhs.uk,none,South\nGus,gus@example.nhs.uk,RNMH,South\n",
        ),
    )
    two_sessions.import_attendance(
        third.id,
        write(
            tmp_path / "a3.csv", "email,minutes\naoife@example.nhs.uk,60\nfay@example.nhs.uk,50\n"
        ),
    )
    paths, report = two_sessions.report(tmp_path / "report", until="2027-03-01")
    assert list(report.sessions["schedule"]) == ["first session", "every other month", "monthly"]
    months = report.months.set_index("month")
    assert list(months.index) == ["2026-11", "2027-01", "2027-02"]
    november, february = months.loc["2026-11"], months.loc["2027-02"]
    # November: Aoife, Bea (partial) and Sam (walk-in) came; Dev did not; Cal cancelled late
    # (recorded today, after the session).
    assert (november.unique_attenders, november.repeat_attenders) == (3, 0)
    assert (november.no_shows, november.late_cancellations, november.waiting_list) == (1, 1, 1)
    # February: Aoife (seen before) and Fay came, Gus did not.
    assert (february.unique_attenders, february.repeat_attenders) == (2, 1)
    # Aoife RNA; Fay not registered
    assert (february.registrants, february.not_registrants, february.register_not_known) == (
        1,
        1,
        0,
    )
    # November's bookings have no register column: not known, never counted as not registered.
    assert (november.not_registrants, november.register_not_known) == (0, 2)
    assert (february.sites, february.no_show_rate) == (2, pytest.approx(1 / 3, abs=1e-3))
    schedule = report.schedule.set_index("schedule")
    assert schedule.loc["monthly"].attended_per_session == 2.0
    assert schedule.loc["every other month"].no_show_rate == 0.5  # January: Aoife came, Bea not
    assert [p.name for p in paths] == [
        "report.xlsx",
        "attendance_by_session.png",
        "no_show_rate_by_month.png",
        "schedule_comparison.png",
        "impact.png",
    ]
    sheets = pd.read_excel(paths[0], sheet_name=None)
    assert list(sheets) == [
        "Sessions", "Months", "Schedule", "Impact", "Impact by month", "Impact quotes"
    ]  # fmt: skip
    assert list(sheets["Months"]["unique_attenders"]) == [3, 1, 2]
    for chart in paths[1:]:
        assert chart.read_bytes().startswith(b"\x89PNG")
