"""Hostile and broken files for every importer: a zip bomb of a workbook, worksheet XML that
does not parse, a cell of megabytes, a name of megabytes. Each is one line naming the file,
and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from readinggroups import (
    AttendanceImportError,
    BookingImportError,
    ReadingGroupsError,
    RecordImportError,
)

from .commands import run
from .conftest import write


def _workbook(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_part(data: bytes, name: str, content: bytes | None = None, *, size: int = 0) -> bytes:
    """The workbook with one part replaced: by ``content``, or by ``size`` bytes of one
    repeated string (a few hundred kilobytes once zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w") as part:
            if content is not None:
                part.write(content)
            chunk = b"<si><t>" + b"A" * 1_000_000 + b"</t></si>"
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


BOOKINGS = [["name", "email"], ["Aoife O'Neill", "aoife@example.nhs.uk"]]


def _bomb(tmp_path: Path) -> Path:
    data = _replace_part(_workbook(BOOKINGS), "xl/sharedStrings.xml", size=250_000_000)
    path = tmp_path / "bookings.xlsx"
    path.write_bytes(data)
    assert path.stat().st_size < 5_000_000  # a few MB on disk
    return path


def test_a_zip_bomb_workbook_is_refused_before_it_is_unzipped(workspace, session, tmp_path):
    path = _bomb(tmp_path)
    articles = len(workspace.articles())
    with pytest.raises(
        BookingImportError, match=r"bookings.xlsx: this workbook unzips to 2\d\d MB"
    ):
        workspace.import_bookings(session.id, path)
    with pytest.raises(AttendanceImportError, match="unzips to"):
        workspace.import_attendance(session.id, path)
    with pytest.raises(RecordImportError, match="unzips to"):
        workspace.import_articles([path])
    assert workspace.bookings(session.id) == [] and len(workspace.articles()) == articles


@pytest.mark.parametrize("kind", ["bookings", "attendance", "articles"])
def test_malformed_worksheet_xml_is_one_line_for_every_importer(workspace, session, tmp_path, kind):
    data = _replace_part(
        _workbook([["name", "email", "title"], ["A", "a@example.nhs.uk", "T"]]),
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>A</t",
    )
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data)
    before = len(workspace.articles())
    args = {"bookings": ("bookings", "import", str(session.id), str(path)),
            "attendance": ("attendance", "import", str(session.id), str(path)),
            "articles": ("articles", "import", str(path))}[kind]  # fmt: skip
    shown = run("-w", str(workspace.root), *args, ok=False)
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert "damaged.xlsx" in shown.stderr and "damaged Excel file" in shown.stderr
    assert len(shown.stderr.strip().splitlines()) == 1
    assert workspace.bookings(session.id) == [] and len(workspace.articles()) == before


def test_a_cell_of_megabytes_is_refused_without_being_echoed(workspace, session, tmp_path):
    huge = "x" * 5_000_000
    csv = write(tmp_path / "bookings.csv", f"name,email\n{huge},a@example.nhs.uk\n")
    shown = run(
        "-w", str(workspace.root), "bookings", "import", str(session.id), str(csv), ok=False
    )
    assert "bookings.csv, line 2" in shown.stderr and "characters long" in shown.stderr
    assert len(shown.stderr) < 500 and workspace.bookings(session.id) == []
    # Excel stops at 32,767 characters a cell; a workbook written by something else may not.
    cell = f"<c r='A2' t='inlineStr'><is><t>{'x' * 200_000}</t></is></c>"
    sheet_xml = (
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        "<sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>email</t></is></c></row>"
        f"<row r='2'>{cell}</row></sheetData></worksheet>"
    )
    sheet = tmp_path / "report.xlsx"
    sheet.write_bytes(
        _replace_part(_workbook([["email"]]), "xl/worksheets/sheet1.xml", sheet_xml.encode())
    )
    with pytest.raises(AttendanceImportError, match="row 2: a value 200,000 characters long"):
        workspace.import_attendance(session.id, sheet)
    ris = write(tmp_path / "big.ris", f"TY  - JOUR\nTI  - {huge}\nER  - \n")
    with pytest.raises(RecordImportError) as caught:
        workspace.import_articles([ris])
    assert len(str(caught.value)) < 500


def test_a_name_longer_than_any_real_one_is_refused_at_import(workspace, session, tmp_path):
    long_name = "Aoife " * 60  # 360 characters
    csv = write(tmp_path / "bookings.csv", f"name,email\n{long_name},a@example.nhs.uk\n")
    with pytest.raises(BookingImportError, match="line 2: the name is 360 characters long"):
        workspace.import_bookings(session.id, csv)
    with pytest.raises(ReadingGroupsError, match="the name is 360 characters long"):
        workspace.book(session.id, name=long_name, email="a@example.nhs.uk")
    assert workspace.bookings(session.id) == []
