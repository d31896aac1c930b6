"""Reading literature-search exports into article records: one module per format."""

from __future__ import annotations

from pathlib import Path

from ..errors import RecordImportError
from ..textfile import read_text
from . import medline, ris
from .record import FileRecords, Record

FORMATS = {"ris": ris, "medline": medline}
WHAT = "a search export (RIS or PubMed MEDLINE format)"


def sniff(text: str) -> str | None:
    """The format of an export, judged from its content rather than its extension."""
    for name in ("medline", "ris"):  # MEDLINE first: its `TI  - ` lines also look like RIS tags
        if FORMATS[name].looks_like(text):
            return name
    return None


def read_records(path: Path, format: str | None = None) -> FileRecords:
    """The usable records of one export file with a warning per skipped record.

    A file that cannot be read as a whole raises RecordImportError.
    """
    path = Path(path)
    text = read_text(path, RecordImportError, WHAT)
    name = format or sniff(text)
    if name is None:
        raise RecordImportError(
            path,
            "not a format readinggroups knows — export the search as RIS or "
            "PubMed (MEDLINE) format",
        )
    return FORMATS[name].loads(text, path)


__all__ = ["FORMATS", "FileRecords", "Record", "read_records", "sniff"]
