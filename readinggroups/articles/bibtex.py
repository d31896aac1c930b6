"""BibTeX (.bib) from Zotero, Mendeley, Google Scholar and reference managers (bibtexparser 2)."""

from __future__ import annotations

import re
from pathlib import Path

from .record import (
    FileRecords,
    Record,
    Unusable,
    collect,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    parse_year,
    text_list,
    text_or_none,
)

_ENTRY = re.compile(
    r"^\s*@\s*(article|inproceedings|incollection|book|misc|phdthesis|"
    r"mastersthesis|techreport|online|report|unpublished|inbook|conference)\s*[{(]",
    re.I | re.M,
)


def looks_like(text: str) -> bool:
    return bool(_ENTRY.search(text[:20000]))


def loads(text: str, path: Path) -> FileRecords:
    import logging

    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    # bibtexparser logs each broken entry; they are reported as warnings instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    strings = {block.key.lower(): _plain(block.value) for block in library.strings}
    items = [
        ((block.start_line or 0) + 1, block)
        for block in library.blocks
        if block in library.entries or block in library.failed_blocks
    ]
    numbered = [(n, f"line {line}", block) for n, (line, block) in enumerate(items, 1)]
    return collect(path, numbered, lambda block, number: _record(block, path, number, strings))


def _record(entry, path: Path, number: int, strings: dict[str, str]) -> Record:
    fields = getattr(entry, "fields_dict", None)
    if fields is None:
        reason = str(getattr(entry, "error", "")).split("\n")[-1].strip().rstrip(".").lower()
        raise Unusable(f"a broken BibTeX entry ({reason or 'unreadable'}: check braces and commas)")
    values = {key.lower(): _joined(str(field.value), strings) for key, field in fields.items()}
    title = text_or_none(values.get("title"))
    authors = [_plain(a) for a in re.split(r"\s+and\s+", values.get("author", "")) if a.strip()]
    pages = re.sub(r"\s*(--|–|—)\s*", "-", values.get("pages") or "")
    return Record(
        title=title or "",
        authors=text_list(authors),
        journal=text_or_none(
            values.get("journal") or values.get("journaltitle") or values.get("booktitle")
        ),
        year=parse_year(values.get("year") or values.get("date")),
        volume=text_or_none(values.get("volume")),
        issue=text_or_none(values.get("number") or values.get("issue")),
        pages=text_or_none(pages),
        doi=normalise_doi(values.get("doi")),
        pmid=normalise_pmid(values.get("pmid")),
        pmcid=normalise_pmcid(values.get("pmcid")),
        abstract=text_or_none(values.get("abstract")),
        keywords=text_list(re.split(r"[;,]", values.get("keywords", ""))),
        publication_types=text_list([entry.entry_type]),
        language=text_or_none(values.get("language") or values.get("langid")),
        url=text_or_none(values.get("url")),
        source_file=path.name,
        source_record=number,
    )


_PART = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\{(?:[^{}]|\{[^{}]*\})*\}|[^#"{}\s]+)\s*(#|$)')


def _joined(value: str, strings: dict[str, str]) -> str:
    """A value written as parts joined by '#' (`nt # " Times"`), with @string names resolved."""
    if "#" not in value:
        return _plain(value)
    parts, position = [], 0
    while position < len(value):
        match = _PART.match(value, position)
        if not match or match.end() == position:
            return _plain(value)  # not a concatenation after all: keep the text as written
        token = match.group(1)
        if token[0] in '"{':
            parts.append(token[1:-1])
        elif token.lower() in strings:
            parts.append(strings[token.lower()])
        elif token.isdigit():
            parts.append(token)
        else:
            return _plain(value)  # a '#' in ordinary text, such as a braced title
        position = match.end()
    return _plain("".join(parts))


def _plain(value: object) -> str:
    # Braces protect capitals in BibTeX ({NHS}); they are not part of the text.
    return str(value).replace("{", "").replace("}", "")
