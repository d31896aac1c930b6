"""Article lists as CSV or Excel: PubMed's CSV export, Scopus and Web of Science CSVs, or any
spreadsheet with a title column, through a column mapping for names it does not know."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..csv_xlsx import header_key, read_rows, workbook_sheets
from ..errors import RecordImportError
from .record import (
    FileRecords,
    Record,
    collect,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    page_range,
    parse_year,
    text_list,
    text_or_none,
)

# Headers recognised for each field, as written by PubMed, Scopus, Web of Science and by hand.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "article title", "document title", "ti"),
    # Scopus gives both; the full names ('Raman, Priya') make better citations than 'Raman P.'.
    "authors": ("author full names", "authors", "author", "author names", "au"),
    "journal": (
        "journal/book",
        "journal",
        "source title",
        "journal title",
        "publication title",
        "source",
        "so",
    ),
    "year": ("publication year", "year", "py", "date", "pubdate"),
    "volume": ("volume", "vl"),
    "issue": ("issue", "number", "is"),
    "pages": ("pages", "page range"),
    "article_number": ("art. no.", "article number", "ar"),
    "start_page": ("page start", "start page", "bp"),
    "end_page": ("page end", "end page", "ep"),
    "doi": ("doi", "di"),
    "pmid": ("pmid", "pubmed id", "pm"),
    "pmcid": ("pmcid", "pmc id"),
    "abstract": ("abstract", "ab"),
    "keywords": ("keywords", "author keywords", "index keywords", "mesh terms", "de"),
    "publication_types": ("document type", "publication type", "publication types", "dt"),
    "language": ("language", "language of original document", "la"),
    "url": ("url", "link"),
    "database": ("database", "source database", "db"),
    "accession": ("accession number", "eid", "ut (unique wos id)", "ut", "an"),
    "citation": ("citation",),
}
_PARTS = ("start_page", "end_page", "article_number", "citation")
FIELDS = tuple(name for name in ALIASES if name not in _PARTS)
_CITATION = re.compile(r";\s*(?P<volume>[^():;]+)?(?:\((?P<issue>[^)]+)\))?:(?P<pages>[^.;\s]+)")


def looks_like(text: str) -> bool:
    first = text.split("\n", 1)[0]
    keys = {header_key(k.strip('"')) for k in re.split(r"[,\t;]", first)}
    return bool(keys & set(ALIASES["title"]))


def loads(text: str, path: Path, mapping: Mapping[str, str] | None = None) -> FileRecords:
    rows = read_rows(text, path, RecordImportError, ())
    return _records(rows, path, mapping)


def load_xlsx(data: bytes, path: Path, mapping: Mapping[str, str] | None = None) -> FileRecords:
    """The records on the first sheet that has a title column (or the mapped one)."""
    sheets = _read_workbook(data, path)
    wanted = {header_key(h) for h in (mapping or {}).values()} or set(ALIASES["title"])
    for _name, rows in sheets:
        if rows and wanted & set(rows[0][1]):
            return _records(rows, path, mapping)
    names = ", ".join(repr(name) for name, _ in sheets) or "none"
    raise RecordImportError(
        path,
        f"no sheet has a title column (sheets: {names}) — put the articles on a sheet whose "
        'first row names the columns, or map them, e.g. --map "title=Article Title"',
    )


def _read_workbook(data: bytes, path: Path) -> list[tuple[str, list[tuple[int, dict]]]]:
    """(sheet name, rows as for a CSV) for every sheet."""
    sheets: list[tuple[str, list[tuple[int, dict]]]] = []
    for title, rows in workbook_sheets(data, path, RecordImportError):
        if not rows:
            sheets.append((title, []))
            continue
        (_, header), *body = rows
        keys = [header_key(str(h or "")) for h in header]
        found = [
            (number, dict(zip(keys, ["" if v is None else str(v) for v in cells], strict=False)))
            for number, cells in body
            if any(v not in (None, "") for v in cells)
        ]
        sheets.append((title, found))
    return sheets


def _columns(keys: set[str], path: Path, mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Field → header key, from the mapping first, then the aliases."""
    chosen: dict[str, str] = {}
    for field, header in (mapping or {}).items():
        if field not in ALIASES:
            raise RecordImportError(
                path,
                f"the column mapping names {field!r}, which is not a field — use one of "
                f"{', '.join(FIELDS)}",
            )
        if header_key(header) not in keys:
            raise RecordImportError(
                path,
                f"the column mapping says {field} is in {header!r}, but there is no such "
                "column — check the spelling against the first row",
            )
        chosen[field] = header_key(header)
    for field, aliases in ALIASES.items():
        if field not in chosen:
            found = next((alias for alias in aliases if alias in keys), None)
            if found:
                chosen[field] = found
    if "title" not in chosen:
        raise RecordImportError(
            path,
            "no title column — name it 'Title', or map it, e.g. `--map \"title=Article Title\"`",
            where="line 1",
        )
    return chosen


def _records(rows, path: Path, mapping) -> FileRecords:
    if not rows:
        raise RecordImportError(path, "no rows under the header row — add one row per article")
    keys = set().union(*(row.keys() for _, row in rows))
    columns = _columns(keys, path, mapping)
    numbered = [(n, f"line {line}", row) for n, (line, row) in enumerate(rows, 1)]
    return collect(path, numbered, lambda row, number: _record(row, columns, path, number))


_AUTHOR_ID = re.compile(r"\s*\(\d+\)$")  # Scopus: 'Raman, Priya (57193456789)'


def _split_authors(value: str) -> list[str]:
    """Scopus and hand-made lists separate with ';'; PubMed writes 'Griffin DK, Larkin DM'.
    A comma between single words is one 'Surname, Given' name, not two authors."""
    if ";" in value:
        parts = value.split(";")
    else:
        parts = re.split(r",\s*", value)
        if any(len(part.split()) < 2 for part in parts):
            parts = [value]
    return [_AUTHOR_ID.sub("", a.strip()) for a in parts if a.strip()]


def _record(row: dict[str, str], columns: dict[str, str], path: Path, number: int) -> Record:
    def get(field: str) -> str:
        return row.get(columns[field], "") if field in columns else ""

    title = text_or_none(get("title"))
    cited = _CITATION.search(get("citation")) if get("citation") else None
    part = cited.groupdict() if cited else {}
    pages = (
        text_or_none(get("pages"))
        or page_range(get("start_page"), get("end_page"))
        or text_or_none(get("article_number"))
    )
    return Record(
        title=title or "",
        authors=text_list(_split_authors(get("authors"))),
        journal=text_or_none(get("journal")),
        year=parse_year(get("year")),
        volume=text_or_none(get("volume") or part.get("volume")),
        issue=text_or_none(get("issue") or part.get("issue")),
        pages=pages or text_or_none(part.get("pages")),
        doi=normalise_doi(get("doi")),
        pmid=normalise_pmid(get("pmid").removesuffix(".0")),
        pmcid=normalise_pmcid(get("pmcid")),
        abstract=text_or_none(get("abstract")),
        keywords=text_list(re.split(r";", get("keywords"))),
        publication_types=text_list(re.split(r";", get("publication_types"))),
        language=text_or_none(get("language")),
        url=text_or_none(get("url")),
        database=text_or_none(get("database")) or ("Scopus" if "eid" in columns.values() else None),
        accession=text_or_none(get("accession")),
        source_file=path.name,
        source_record=number,
    )
