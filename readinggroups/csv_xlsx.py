"""Reading a small delimited file (CSV from Excel, tab-separated from Teams) into header rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import InputFileError

# Bounds on what any imported file may hold: far beyond a real export, well short of what
# would stall an import or fill the memory (a zip "bomb" of a workbook, a cell of a gigabyte).
MAX_CELL = 100_000  # characters: an abstract is a few thousand
MAX_WORKBOOK_BYTES = 200_000_000  # what a workbook's parts may add up to, unzipped


def header_key(text: str) -> str:
    """A header as a lookup key: `User Email ` and `user email` match."""
    return " ".join(text.replace("\ufeff", "").strip().lower().split())


def read_rows(
    text: str,
    path: Path,
    error: type[InputFileError],
    required: tuple[str, ...],
    *,
    first_line: int = 1,
) -> list[tuple[int, dict[str, str]]]:
    """(line number, {header key: value}) for each non-blank row of a CSV with a header row.

    ``required`` are header keys that must be present; a missing one is an error naming it.
    ``first_line`` is where ``text`` starts in its file, so line numbers are the file's.
    """
    # Teams writes tabs, Excel in much of Europe semicolons, everyone else commas: the header
    # row's most frequent one is the delimiter.
    header_line = text.split("\n", 1)[0]
    delimiter = max("\t;,", key=header_line.count) if any(map(header_line.count, "\t;,")) else ","
    # strict: an unclosed quote is an error, not a value that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    offset = first_line - 1
    try:
        header = next(reader, None)
        if header is None:
            raise error(path, "the file is empty")
        keys = [header_key(name) for name in header]
        missing = [name for name in required if name not in keys]
        if missing:
            raise error(
                path,
                f"no {' or '.join(repr(m) for m in missing)} column (found: "
                f"{', '.join(repr(k) for k in keys if k) or 'none'}) — the first row must name "
                f"the columns, including {', '.join(required)}",
                where=f"line {first_line}",
            )
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(keys):
                raise error(
                    path,
                    f"{len(values)} values but the header names {len(keys)} column"
                    f'{"s" * (len(keys) != 1)} — a value with a comma needs "quotes" around it',
                    where=f"line {reader.line_num + offset}",
                )
            if any(len(value) > MAX_CELL for value in values):
                raise error(
                    path,
                    _too_long(max(map(len, values))),
                    where=f"line {reader.line_num + offset}",
                )
            rows.append((reader.line_num + offset, dict(zip(keys, values, strict=False))))
        return rows
    except csv.Error as problem:
        if "field limit" in str(problem):  # the csv module's own bound, reached first
            raise error(
                path,
                _too_long(csv.field_size_limit()).replace("a value", "a value over", 1),
                where=f"line {reader.line_num + offset}",
            ) from problem
        raise error(
            path,
            f"not a readable CSV file ({problem}) — look for a quote that is not closed",
            where=f"line {reader.line_num + offset}",
        ) from problem


def is_workbook(data: bytes) -> bool:
    """An Excel .xlsx, whatever its extension (a zip holding xl/workbook.xml)."""
    return data.startswith(b"PK\x03\x04") and b"xl/workbook" in data[:200_000]


def _too_long(length: int) -> str:
    return (
        f"a value {length:,} characters long, far more than any field of an export — check "
        "this is the file you meant, or export it again"
    )


def workbook_sheets(
    data: bytes, path: Path, error: type[InputFileError], *, first_only: bool = False
) -> list[tuple[str, list[tuple[int, list]]]]:
    """(sheet name, [(row number, cells)]) for each sheet of an .xlsx workbook (only the
    first with ``first_only``); a blank row's cells are empty. A workbook that would unzip to
    more than any export, a cell longer than any field, or damaged XML is ``error`` naming the
    file."""
    import zipfile

    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as problem:
        raise error(path, "a damaged Excel file — open it in Excel and save it again") from problem
    unzipped = sum(part.file_size for part in parts)
    if unzipped > MAX_WORKBOOK_BYTES:
        raise error(
            path,
            f"this workbook unzips to {unzipped / 1e6:,.0f} MB, far more than any export — "
            "export just the sheet you need as CSV, or check it is the right file",
        )
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = []
        for sheet in book.worksheets[:1] if first_only else book.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                longest = max((len(v) for v in values if isinstance(v, str)), default=0)
                if longest > MAX_CELL:
                    raise error(
                        path, _too_long(longest), where=f"sheet {sheet.title}, row {number}"
                    )
                rows.append((number, list(values or ())))
            sheets.append((sheet.title, rows))
        book.close()
    except InputFileError:
        raise
    except Exception as problem:  # openpyxl raises a dozen kinds of error for damaged parts
        raise error(
            path, "a damaged Excel file — open it in Excel and save it again as .xlsx"
        ) from problem
    return sheets


def sheet_rows(data: bytes, path: Path, error: type[InputFileError]) -> list[list]:
    """The non-blank rows of an .xlsx workbook's first sheet; ``error`` names the file when it
    cannot be read."""
    [(_, rows)] = workbook_sheets(data, path, error, first_only=True)
    if not rows or not any(rows[0][1]):
        raise error(path, "the workbook's first sheet is empty")
    return [cells for _, cells in rows]


def sheet_text(table: list[list]) -> str:
    """A sheet as tab-separated text, the way a report was before Excel opened it: times
    written back as day/month/year (Excel turns them into dates)."""
    import datetime as dt

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.strftime("%d/%m/%Y %H:%M:%S")
        return str(value).replace("\t", " ").replace("\n", " ")

    return "\n".join("\t".join(map(cell, row)).rstrip("\t") for row in table)
