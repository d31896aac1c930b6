"""RIS exports (CINAHL, Ovid, Scopus, Zotero, EndNote, ...), read with rispy."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import RecordImportError
from ..textfile import lines
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


# Every tag RIS allows: a capital letter, then a capital or a digit.
_TAGS = frozenset(
    a + b for a in string.ascii_uppercase for b in string.ascii_uppercase + string.digits
)


def looks_like(text: str) -> bool:
    return any(
        _TAG_LINE.match(line) and line.startswith("TY") for line in text.split("\n", 50)[:50]
    )


def loads(text: str, path: Path) -> FileRecords:
    """The records of an RIS file; RecordImportError names the line where the file is broken."""
    warnings: list[str] = []
    # Each entry becomes a Record as soon as rispy has filed it, so the file's entries never
    # all exist at once: half the memory, and less time spent getting it.
    entries = _parse(text, path, warnings)
    numbered = ((n, f"line {line}", entry) for n, (line, entry) in enumerate(entries, 1))
    result = collect(path, numbered, lambda entry, number: _record(entry, path, number))
    result.warnings[:0] = warnings
    return result


def _parse(text: str, path: Path, warnings: list[str]) -> Iterator[tuple[int, dict]]:
    """Each record's first line and rispy's entry for it; warnings go into ``warnings``.

    rispy's own loop wants exactly `XX  - value`, drops tag lines outside a record without a
    word, and cannot say where a record began; so the lines are read here, in the one pass a
    10,000-record export can afford, and rispy's parser files each tag under its field name.
    """
    import rispy

    parser = rispy.RisParser()
    add, ignore, start_name = parser._add_tag, frozenset(parser.ignore), parser.mapping["TY"]
    # rispy's filing of the everyday tags, looked up directly (140,000 tag lines in a large
    # export); delimited and unknown tags go through rispy's own method.
    plain = {
        tag: name
        for tag, name in parser.mapping.items()
        if tag not in parser.delimiter_map and tag not in ignore
    }
    single = {tag: name for tag, name in plain.items() if tag not in parser.list_tags}
    listed = {tag: name for tag, name in plain.items() if tag in parser.list_tags}
    starts: list[int] = []
    outside: list[int] = []
    record: dict | None = None
    last_tag = None
    if "\ufeff" in text:  # two exports joined: the second one's BOM
        text = text.replace("\ufeff", "")
    for number, line in enumerate(lines(text), start=1):
        # Most lines are already `XX  - value`; the regex is only for the variants.
        if line[2:6] == "  - " and (tag := line[:2]) in _TAGS:
            content = line[6:].strip()
        else:
            match = _TAG_LINE.match(line.rstrip())
            if match is None:
                content = line.strip()
                if record is None or not content:
                    continue  # between records (Ovid's headers) or blank
                if last_tag is None:
                    raise RecordImportError(
                        path,
                        f"{content[:40]!r} follows the record's TY line but is not a tag "
                        "line — the file is damaged; export it again",
                        where=f"line {number}",
                    )
                add(record, last_tag, content, extend_multiline=True)  # a wrapped value
                continue
            tag, content = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                raise RecordImportError(
                    path,
                    f"record {len(starts)} (from line {starts[-1]}) has no `ER  -` line before "
                    "the next record — the file is damaged; export it again",
                    where=f"line {number}",
                )
            record, last_tag = {start_name: content}, None
            starts.append(number)
        elif record is None:
            if tag != "ER":
                outside.append(number)
        elif tag == "ER":
            yield starts[-1], record
            record = None
        elif tag in single:
            record.setdefault(single[tag], content)  # rispy keeps a repeated tag's first value
            last_tag = tag
        elif tag in listed:
            name = listed[tag]
            if name in record:
                record[name].append(content)
            else:
                record[name] = [content]
            last_tag = tag
        elif tag not in ignore:
            try:
                add(record, tag, content)
            except Exception as problem:  # rispy's own checks on a value it cannot file
                raise RecordImportError(
                    path,
                    f"the {tag} tag could not be read ({type(problem).__name__}: {problem}) — "
                    "export the file again",
                    where=f"line {number}",
                ) from problem
            last_tag = tag
    if outside:
        warnings.append(
            f"{path.name}, line {outside[0]}: {len(outside)} tag line(s) outside any record "
            "(a record without its `TY  -` line) — skipped"
        )
    if not starts:
        raise RecordImportError(path, "no RIS records (no `TY  -` lines) — is this the right file?")
    if record is not None:
        raise RecordImportError(
            path,
            f"record {len(starts)} has no closing `ER  -` line — the file looks cut short; "
            "export it again",
            where=f"line {starts[-1]}",
        )


def _first(entry: dict, keys: tuple[str, ...]) -> Any:  # rispy's value, tidied by collect()
    for key in keys:
        value = entry.get(key)
        if value:
            # ProQuest repeats titles; other tags may repeat too. The first one is the record's.
            return value[0] if isinstance(value, list) else value
    return None


# Where each field may be, in order of preference. CINAHL writes the journal in JF, JO or T2
# depending on the interface and year.
_TITLE = ("title", "primary_title", "translated_title", "short_title")
_JOURNAL = (
    "secondary_title",
    "alternate_title3",
    "journal_name",
    "alternate_title1",
    "alternate_title2",
)
_YEAR = ("year", "publication_year", "date")
_DATABASE = ("name_of_database", "database_provider")
_ABSTRACT = ("abstract", "notes_abstract")
_NO_VALUE = [None]
_PUBMED = re.compile("medline|pubmed|nlm", re.IGNORECASE)


def _record(entry: dict, path: Path, number: int) -> Record:
    get = entry.get
    unknown = get("unknown_tag") or {}
    urls = text_list(get("urls"))
    # Some systems put the DOI in M3 or only in a publisher link.
    work_type = get("type_of_work")
    work_doi = normalise_doi(work_type) if work_type else None
    doi = (
        normalise_doi(get("doi"))
        or work_doi
        or next(filter(None, (normalise_doi(u, from_url=True) for u in urls)), None)
    )
    database = text_or_none(_first(entry, _DATABASE))
    accession = text_or_none(get("accession_number"))
    # EBSCO's MEDLINE and EndNote's PubMed exports put the PMID in AN; CINAHL's AN is its own.
    from_pubmed = database is not None and _PUBMED.search(database) is not None
    authors: list[str] = get("first_authors") or []
    if entry.get("authors"):
        authors = authors + list(entry["authors"])
    # Values as rispy gives them: collect() tidies the whole record at once.
    return Record(
        title=_first(entry, _TITLE) or "",
        authors=authors,
        journal=_first(entry, _JOURNAL),
        year=parse_year(_first(entry, _YEAR)),
        volume=get("volume") or unknown.get("VO", _NO_VALUE)[0],
        issue=get("number"),
        pages=page_range(get("start_page"), get("end_page")) or unknown.get("C7", _NO_VALUE)[0],
        doi=doi,
        pmid=normalise_pmid(accession) if from_pubmed else None,
        abstract=_first(entry, _ABSTRACT),
        keywords=get("keywords") or [],
        publication_types=[work_type] if work_type and not work_doi else [],
        language=get("language"),
        url=urls[0] if urls else None,
        database=database,
        accession=accession,
        source_file=path.name,
        source_record=number,
    )
