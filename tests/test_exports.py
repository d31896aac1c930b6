"""The attendance export read back as a library manager would open it."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from readinggroups import ReadingGroupsError
from readinggroups.exports import defuse


def test_csv_export_has_one_row_per_booking_with_status_and_hours(workspace, attended, tmp_path):
    path = workspace.export_attendance(tmp_path / "attendance.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for accents
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["email"]: row for row in csv.DictReader(stream)}
    assert len(rows) == 12
    assert set(next(iter(rows.values()))) >= {
        "session_date",
        "session_title",
        "name",
        "email",
        "role",
        "team",
        "status",
        "minutes_attended",
        "participatory_hours",
    }
    gareth = rows["gareth.llewellyn@example.nhs.uk"]
    assert (gareth["status"], gareth["minutes_attended"], gareth["participatory_hours"]) == (
        "partial",
        "32",
        "0.5",
    )
    assert gareth["session_date"] == "2026-11-12" and gareth["role"] == "Nursing Associate"
    assert rows["rebecca.thornton@example.nhs.uk"]["status"] == "no-show"
    assert rows["tomasz.nowak@example.nhs.uk"]["status"] == "cancelled"
    assert rows["hyperlink.test@example.nhs.uk"]["status"] == "waitlisted"
    assert rows["siobhan.nibhriain@example.nhs.uk"]["name"] == "Siobhán Ní Bhriain"
    assert rows["zoe.hartley@example.nhs.uk"]["name"] == "Zoë Hartley"
    assert rows["aoife.oneill@example.nhs.uk"]["name"] == "Aoife O'Neill"
    # The hostile name cannot run as a formula, and reads back as what was typed.
    assert rows["hyperlink.test@example.nhs.uk"]["name"] == '\'=HYPERLINK("x")'


def test_xlsx_export_holds_text_not_formulas(workspace, attended, tmp_path):
    path = workspace.export_attendance(tmp_path / "attendance.xlsx")
    sheet = openpyxl.load_workbook(path)["Attendance"]
    header = [cell.value for cell in sheet[1]]
    cells = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == 12
    assert all(cell.data_type != "f" for row in cells for cell in row.values())
    hostile = next(r for r in cells if r["email"].value == "hyperlink.test@example.nhs.uk")
    name = hostile["name"]  # shown as typed, stored as text with Excel's quote-prefix mark
    assert (name.value, name.data_type, name.quotePrefix) == ('=HYPERLINK("x")', "s", True)
    frame = pd.read_excel(path)
    assert frame.loc[frame["status"] == "attended", "participatory_hours"].between(0.8, 1).all()
    assert frame["status"].value_counts().to_dict() == {
        "attended": 8,
        "partial": 1,
        "no-show": 1,
        "cancelled": 1,
        "waitlisted": 1,
    }


def test_the_store_keeps_the_raw_value(workspace, attended):
    names = {b.person.name for b in workspace.bookings(attended.id)}
    assert '=HYPERLINK("x")' in names


@pytest.mark.parametrize("value", ["=1+1", "+44 20", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_defused(value):
    assert defuse(value) == "'" + value


def test_other_values_are_left_alone():
    assert [defuse(v) for v in ("O'Neill", "Zoë", 5, None, "a=b")] == [
        "O'Neill",
        "Zoë",
        5,
        None,
        "a=b",
    ]


def test_export_needs_csv_or_xlsx(workspace, tmp_path):
    with pytest.raises(ReadingGroupsError, match="export to a .csv or .xlsx file"):
        workspace.export_attendance(tmp_path / "attendance.pdf")


def test_the_attendance_export_names_each_certificate_and_the_anonymised_one_does_not(
    workspace, attended, tmp_path
):
    import csv

    workspace.make_forms(attended.id, tmp_path / "forms")
    rows = {
        r["email"]: r
        for r in csv.DictReader(
            workspace.export_attendance(tmp_path / "a.csv").open(encoding="utf-8-sig")
        )
    }
    number = rows["zoe.hartley@example.nhs.uk"]["certificate_number"]
    assert workspace.verify_certificate(number).person.name == "Zoë Hartley"
    assert rows["rebecca.thornton@example.nhs.uk"]["certificate_number"] == ""  # a no-show
    hidden = workspace.export_attendance(tmp_path / "anon.csv", anonymise=True).read_text(
        encoding="utf-8-sig"
    )
    assert number not in hidden and "certificate_number" in hidden
