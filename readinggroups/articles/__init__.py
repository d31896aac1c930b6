"""Reading literature-search exports into article records: one module per format."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..csv_xlsx import is_workbook
from ..errors import RecordImportError
from ..textfile import decode, read_bytes
from . import bibtex, medline, pubmed_xml, ris, spreadsheet
from .record import FileRecords, Record

# Checked in this order when sniffing: MEDLINE before RIS (its `TI  - ` lines look like RIS
# tags), and the spreadsheet last (any CSV with a title column).
FORMATS = {
    "medline": medline,
    "ris": ris,
    "pubmed-xml": pubmed_xml,
    "bibtex": bibtex,
    "csv": spreadsheet,
}
FORMAT_NAMES = (*FORMATS, "xlsx")
WHAT = "a search export (RIS, PubMed, BibTeX, CSV or Excel)"


def sniff(text: str) -> str | None:
    """The format of an export, judged from its content rather than its extension."""
    head = text[:65536].lstrip()  # the start says; a copy of a 20 MB file would not
    return next((name for name, module in FORMATS.items() if module.looks_like(head)), None)


def read_records(
    path: Path,
    format: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    strict: bool = False,
) -> FileRecords:
    """The usable records of one export file, with a warning for each record skipped.

    A file that cannot be read as a whole raises RecordImportError; with ``strict``, so does
    any skipped record. ``mapping`` names the columns of a CSV or Excel file (field → header).
    """
    path = Path(path)
    if format is not None and format not in FORMAT_NAMES:
        raise RecordImportError(
            path, f"unknown format {format!r} — use one of {', '.join(FORMAT_NAMES)}"
        )
    data = read_bytes(path, RecordImportError)
    if format == "xlsx" or (format is None and is_workbook(data)):
        result = spreadsheet.load_xlsx(data, path, mapping)
    else:
        text = decode(data, path, RecordImportError, WHAT)
        # A column mapping is for CSV and Excel files; other files in the import ignore it.
        name = format or sniff(text) or ("csv" if mapping else None) or _delimited(text)
        if name is None:
            raise RecordImportError(
                path,
                "not a format readinggroups knows — export the search as RIS, PubMed "
                "(MEDLINE or XML), BibTeX, CSV or Excel, or name it with --format",
            )
        module = FORMATS[name]
        try:
            result = (
                module.loads(text, path, mapping)
                if module is spreadsheet
                else module.loads(text, path)
            )
        except RecordImportError as problem:
            sniffed = sniff(text)
            if format is None or sniffed in (None, format):
                raise
            raise RecordImportError(
                path,
                f"{problem.problem} (read as {format} because of --format; it looks like "
                f"{sniffed} — try without --format)",
                where=problem.where,
            ) from problem
    if strict and result.warnings:
        first = result.warnings[0].removeprefix(f"{path.name}, ").removesuffix(" — skipped")
        raise RecordImportError(
            path,
            f"{first} — with --strict nothing is imported: fix the record, or import "
            "without --strict to skip it",
        )
    return result


def _delimited(text: str) -> str | None:
    """A table of some other shape is read as CSV, whose error then asks for a column mapping."""
    first = text.lstrip().split("\n", 1)[0]
    return "csv" if any(first.count(d) for d in ",;\t") else None


__all__ = ["FORMATS", "FORMAT_NAMES", "FileRecords", "Record", "read_records", "sniff"]
