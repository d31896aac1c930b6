"""RIS exports (CINAHL, Ovid, Scopus, Zotero, EndNote, ...), read with rispy."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import RecordImportError
from .record import (
    FileRecords,
    Record,
    collect,
    normalise_doi,
    normalise_pmid,
    page_range,
    parse_year,
    text_list,
    text_or_none,
)

# A tag line, tolerating the one-space (`TY - JOUR`) and no-space variants some systems write;
# rispy wants exactly `TY  - `.
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,3}-(?: (.*)|)$")


def looks_like(text: str) -> bool:
    return any(
        _TAG_LINE.match(line) and line.startswith("TY") for line in text.split("\n", 50)[:50]
    )


def loads(text: str, path: Path) -> FileRecords:
    """The records of an RIS file; RecordImportError names the line where the file is broken."""
    import rispy

    lines, starts, warnings = _normalise(text, path)
    try:
        entries = rispy.RisParser().parse_lines(iter(lines))
    except Exception as problem:  # rispy stumbles on shapes _normalise lets through
        raise RecordImportError(
            path,
            f"the records could not be read ({type(problem).__name__}: {problem}) — "
            "export the file again",
        ) from None
    if len(entries) != len(starts):  # rispy drops what it cannot close; we refuse the file
        raise RecordImportError(path, "the records could not be told apart — export the file again")
    numbered = [
        (n, f"line {line}", entry)
        for n, (line, entry) in enumerate(zip(starts, entries, strict=True), 1)
    ]
    result = collect(path, numbered, lambda entry, number: _record(entry, path, number))
    result.warnings[:0] = warnings
    return result


def _normalise(text: str, path: Path) -> tuple[list[str], list[int], list[str]]:
    """Tag lines rewritten as `XX  - value`, the line where each record starts, and warnings
    for tag lines found outside any record (a record whose `TY` line is missing)."""
    lines: list[str] = []
    starts: list[int] = []
    warnings: list[str] = []
    open_record: int | None = None
    tags_in_record = 0
    outside: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("\ufeff"):  # two exports joined: the second one's BOM
            line = line[1:]
        # Most lines are already `XX  - value`; the regex is only for the variants.
        if line[2:6] == "  - " or (line[2:5] == "  -" and len(line.rstrip()) == 5):
            tag = line[:2]
        else:
            match = _TAG_LINE.match(line.rstrip())
            if not match:
                if open_record is not None and tags_in_record == 0 and line.strip():
                    raise RecordImportError(
                        path,
                        f"{line.strip()[:40]!r} follows the record's TY line but is not a tag "
                        "line — the file is damaged; export it again",
                        where=f"line {number}",
                    )
                lines.append(line)
                continue
            tag = match.group(1)
            line = f"{tag}  - {(match.group(2) or '').strip()}"
        if not (tag[0].isalpha() and tag.isupper()):
            lines.append(line)
            continue
        if open_record is None and tag not in ("TY", "ER"):
            outside.append(number)  # rispy would drop it without a word
            continue
        if tag == "TY":
            if open_record is not None:
                raise RecordImportError(
                    path,
                    f"record {len(starts)} (from line {open_record}) has no `ER  -` line before "
                    "the next record — the file is damaged; export it again",
                    where=f"line {number}",
                )
            open_record = number
            starts.append(number)
            tags_in_record = 0
        elif tag == "ER":
            open_record = None
        else:
            tags_in_record += 1
        lines.append(line)
    if outside:
        warnings.append(
            f"{path.name}, line {outside[0]}: {len(outside)} tag line(s) outside any record "
            "(a record without its `TY  -` line) — skipped"
        )
    if not starts:
        raise RecordImportError(path, "no RIS records (no `TY  -` lines) — is this the right file?")
    if open_record is not None:
        raise RecordImportError(
            path,
            f"record {len(starts)} has no closing `ER  -` line — the file looks cut short; "
            "export it again",
            where=f"line {open_record}",
        )
    return lines, starts, warnings


def _first(entry: dict, *keys: str) -> object:
    for key in keys:
        value = entry.get(key)
        if value:
            # ProQuest repeats titles; other tags may repeat too. The first one is the record's.
            return value[0] if isinstance(value, list) else value
    return None


def _record(entry: dict, path: Path, number: int) -> Record:
    unknown = entry.get("unknown_tag") or {}
    title = text_or_none(_first(entry, "title", "primary_title", "translated_title", "short_title"))
    urls = text_list(entry.get("urls"))
    # Some systems put the DOI in M3 or only in a publisher link.
    doi = (
        normalise_doi(entry.get("doi"))
        or normalise_doi(entry.get("type_of_work"))
        or next(filter(None, (normalise_doi(u, from_url=True) for u in urls)), None)
    )
    article_number = text_or_none((unknown.get("C7") or [None])[0])
    database = text_or_none(_first(entry, "name_of_database", "database_provider"))
    accession = text_or_none(_first(entry, "accession_number"))
    # EBSCO's MEDLINE and EndNote's PubMed exports put the PMID in AN; CINAHL's AN is its own.
    from_pubmed = database and any(n in database.lower() for n in ("medline", "pubmed", "nlm"))
    return Record(
        title=title or "",
        authors=text_list((entry.get("first_authors") or []) + (entry.get("authors") or [])),
        # CINAHL writes the journal in JF, JO or T2 depending on the interface and year.
        journal=text_or_none(
            _first(
                entry,
                "secondary_title",
                "alternate_title3",
                "journal_name",
                "alternate_title1",
                "alternate_title2",
            )
        ),
        year=parse_year(_first(entry, "year", "publication_year", "date")),
        volume=text_or_none(entry.get("volume") or (unknown.get("VO") or [None])[0]),
        issue=text_or_none(entry.get("number")),
        pages=page_range(entry.get("start_page"), entry.get("end_page")) or article_number,
        doi=doi,
        pmid=normalise_pmid(accession) if from_pubmed else None,
        abstract=text_or_none(_first(entry, "abstract", "notes_abstract")),
        keywords=text_list(entry.get("keywords")),
        publication_types=[]
        if normalise_doi(entry.get("type_of_work"))
        else text_list(entry.get("type_of_work")),
        language=text_or_none(_first(entry, "language")),
        url=urls[0] if urls else None,
        database=database,
        accession=accession,
        source_file=path.name,
        source_record=number,
    )
