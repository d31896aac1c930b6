"""Reading a small delimited file (CSV from Excel, tab-separated from Teams) into header rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import InputFileError


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
            rows.append((reader.line_num + offset, dict(zip(keys, values, strict=False))))
        return rows
    except csv.Error as problem:
        raise error(
            path,
            f"not a readable CSV file ({problem}) — look for a quote that is not closed",
            where=f"line {reader.line_num + offset}",
        ) from problem


def is_workbook(data: bytes) -> bool:
    """An Excel .xlsx, whatever its extension (a zip holding xl/workbook.xml)."""
    return data.startswith(b"PK\x03\x04") and b"xl/workbook" in data[:200_000]


def sheet_rows(data: bytes, path: Path, error: type[InputFileError]) -> list[list]:
    """The rows of an .xlsx workbook's first sheet; ``error`` names the file when it cannot
    be read."""
    import io
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as problem:
        raise error(
            path, f"the workbook cannot be read ({problem}) — save it again from Excel"
        ) from problem
    table = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    if not table or not any(table[0]):
        raise error(path, "the workbook's first sheet is empty")
    return table


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
