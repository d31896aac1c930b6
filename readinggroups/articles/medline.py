"""PubMed's MEDLINE format (`Save → PubMed format`, .nbib or .txt).

It looks like RIS but is not: four-character tags padded to `PMID- `, values continued on lines
indented by six spaces, records separated by a blank line. Parsed the way Biopython's Bio.Medline
does, without pulling in Biopython.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import RecordImportError
from .record import (
    FileRecords,
    Record,
    collect,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    parse_year,
)

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$")
_JOIN = "\n      "  # a continuation line: its value goes on after a space


def looks_like(text: str) -> bool:
    return any(line.startswith("PMID-") for line in text.lstrip().split("\n", 5)[:5])


def loads(text: str, path: Path) -> FileRecords:
    records = (
        (n, f"line {line}", fields) for n, (line, fields) in enumerate(_split(text, path), 1)
    )
    return collect(path, records, lambda fields, number: _record(fields, path, number))


# The newline ending a record's last line and the blank lines after it.
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def _split(text: str, path: Path) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """(first line, {tag: [values]}) for each record.

    Records are split at blank lines and continuation lines joined to their value before any
    line is looked at one by one: a 10,000-record file has 300,000 lines, mostly of abstract.
    Values keep any space around them; collect() tidies each record.
    """
    number = 1  # of the block's first line
    found = False
    for block, gap in _blocks(text):
        first = number
        number += block.count("\n") + gap
        if not block or block.isspace():
            continue
        if block[:1].isspace():  # blank lines before the file's first record
            first += block.count("\n", 0, len(block) - len(block.lstrip()))
        fields: dict[str, list[str]] = {}
        for line in block.replace(_JOIN, " ").split("\n"):
            if line[4:6] == "- " and (tag := line[:4].rstrip()).isalnum():  # `TAG - value`
                value = line[6:]
            elif not line or line.isspace():
                continue  # the blank line ending the file
            else:
                match = _TAG_LINE.match(line)
                if not match:
                    raise RecordImportError(
                        path,
                        f"{line.strip()[:40]!r} is neither a MEDLINE tag line nor a continuation "
                        "— export the file again from PubMed (Save → PubMed format)",
                        where=f"line {first + _line_in(block, line.strip())}",
                    )
                tag, value = match.groups()
            if tag in fields:
                fields[tag].append(value)
            else:
                fields[tag] = [value]
        if next(iter(fields)) != "PMID":
            raise RecordImportError(
                path,
                f"a record starts with {next(iter(fields))} instead of PMID — the file is damaged",
                where=f"line {first}",
            )
        found = True
        yield first, fields
    if not found:
        raise RecordImportError(
            path, "no PubMed records (no `PMID-` lines) — is this the right file?"
        )


def _blocks(text: str) -> Iterator[tuple[str, int]]:
    """Each record's text and the number of newlines after it, one record at a time (the file's
    records all at once would double the memory an import needs)."""
    start = 0
    for gap in _BLANK_LINES.finditer(text):
        yield text[start : gap.start()], text.count("\n", gap.start(), gap.end())
        start = gap.end()
    yield text[start:], 0


def _line_in(block: str, text: str) -> int:
    """How many lines into ``block`` the line holding ``text`` is (0 for the first)."""
    return block[: block.find(text)].count("\n") if text in block else 0


def _doi(fields: dict[str, list[str]]) -> str | None:
    for value in fields.get("LID", []) + fields.get("AID", []):
        value = value.rstrip()
        if value.endswith("[doi]"):
            return normalise_doi(value[: -len("[doi]")])
    return None


def _record(fields: dict[str, list[str]], path: Path, number: int) -> Record:
    # Values as the file gives them: collect() tidies the whole record at once.
    first = {tag: values[0] for tag, values in fields.items()}.get
    pmid = normalise_pmid(first("PMID"))
    return Record(
        title=first("TI") or first("BTI") or "",
        authors=fields.get("FAU") or fields.get("AU") or [],
        journal=first("JT") or first("TA"),
        year=parse_year(first("DP")),
        volume=first("VI"),
        issue=first("IP"),
        pages=first("PG"),
        doi=_doi(fields),
        pmid=pmid,
        pmcid=normalise_pmcid(first("PMC")),
        abstract=first("AB"),
        keywords=fields.get("OT", []) + fields.get("MH", []),
        publication_types=fields.get("PT", []),
        language=first("LA"),
        database="PubMed",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        source_file=path.name,
        source_record=number,
    )
