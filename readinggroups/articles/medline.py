"""PubMed's MEDLINE format (`Save → PubMed format`, .nbib or .txt).

It looks like RIS but is not: four-character tags padded to `PMID- `, values continued on lines
indented by six spaces, records separated by a blank line. Parsed the way Biopython's Bio.Medline
does, without pulling in Biopython.
"""

from __future__ import annotations

import re
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
    text_list,
    text_or_none,
)

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$")
_CONTINUATION = "      "


def looks_like(text: str) -> bool:
    return any(line.startswith("PMID-") for line in text.lstrip().split("\n", 5)[:5])


def loads(text: str, path: Path) -> FileRecords:
    numbered = [
        (n, f"line {line}", fields) for n, (line, fields) in enumerate(_split(text, path), 1)
    ]
    return collect(path, numbered, lambda fields, number: _record(fields, path, number))


def _split(text: str, path: Path) -> list[tuple[int, dict[str, list[str]]]]:
    """(first line, {tag: [values]}) for each record."""
    records: list[tuple[int, dict[str, list[list[str]]]]] = []
    fields: dict[str, list[list[str]]] | None = None
    pieces: list[str] = []  # the value being read, continuation lines included
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(_CONTINUATION) and fields is not None:
            pieces.append(line.strip())
            continue
        if not line.strip():
            fields = None
            continue
        if line[4:6] == "- " and line[:4].rstrip().isalnum():  # the usual `TAG - value`
            tag, value = line[:4].rstrip(), line[6:]
        else:
            match = _TAG_LINE.match(line)
            if not match:
                raise RecordImportError(
                    path,
                    f"{line[:40]!r} is neither a MEDLINE tag line nor a continuation — "
                    "export the file again from PubMed (Save → PubMed format)",
                    where=f"line {number}",
                )
            tag, value = match.groups()
        if fields is None:
            if tag != "PMID":
                raise RecordImportError(
                    path,
                    f"a record starts with {tag} instead of PMID — the file is damaged",
                    where=f"line {number}",
                )
            fields = {}
            records.append((number, fields))
        pieces = [value.strip()]
        fields.setdefault(tag, []).append(pieces)
    if not records:
        raise RecordImportError(
            path, "no PubMed records (no `PMID-` lines) — is this the right file?"
        )
    return [
        (line, {tag: [" ".join(parts) for parts in values] for tag, values in fields.items()})
        for line, fields in records
    ]


def _doi(fields: dict[str, list[str]]) -> str | None:
    for value in fields.get("LID", []) + fields.get("AID", []):
        if value.endswith("[doi]"):
            return normalise_doi(value[: -len("[doi]")])
    return None


def _record(fields: dict[str, list[str]], path: Path, number: int) -> Record:
    def one(tag: str) -> str | None:
        values = fields.get(tag)
        return text_or_none(values[0]) if values else None

    title = one("TI") or one("BTI")
    pmid = normalise_pmid(one("PMID"))
    return Record(
        title=title or "",
        authors=text_list(fields.get("FAU") or fields.get("AU")),
        journal=one("JT") or one("TA"),
        year=parse_year(one("DP")),
        volume=one("VI"),
        issue=one("IP"),
        pages=one("PG"),
        doi=_doi(fields),
        pmid=pmid,
        pmcid=normalise_pmcid(one("PMC")),
        abstract=one("AB"),
        keywords=text_list(fields.get("OT", []) + fields.get("MH", [])),
        publication_types=text_list(fields.get("PT")),
        language=one("LA"),
        database="PubMed",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        source_file=path.name,
        source_record=number,
    )
