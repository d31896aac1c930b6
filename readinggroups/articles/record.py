"""One article as read from an export, normalised and ready to store."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from ..errors import RecordImportError
from ..textfile import clean, printable

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


@dataclass(slots=True)
class Record:
    """A parsed article; every field is tidy text, lists hold tidy text."""

    title: str
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    database: str | None = None
    accession: str | None = None
    source_file: str | None = None
    source_record: int | None = None


class Unusable(Exception):
    """A record that cannot be used; the importer skips it and reports why."""


@dataclass
class FileRecords:
    """What one file gave: the usable records, and a warning for each record skipped."""

    records: list[Record]
    warnings: list[str] = field(default_factory=list)


# The longest each field of an article may be: far beyond any real one (a long abstract is
# 5,000 characters), short enough that lists, documents and the database stay usable.
_LIMITS = {"title": 2_000, "abstract": 100_000, "journal": 1_000, "url": 2_000}
_ANY_FIELD = 10_000


def _too_long(record: Record) -> str | None:
    for name in record.__slots__:
        value = getattr(record, name)
        values = value if isinstance(value, list) else [value]
        longest = max((len(v) for v in values if isinstance(v, str)), default=0)
        if longest > _LIMITS.get(name, _ANY_FIELD):
            field_name = name.replace("_", " ")
            return f"its {field_name} is {longest:,} characters long, more than any real one"
    return None


def collect(path, numbered_entries, make) -> FileRecords:
    """Apply ``make(entry, number)`` to each entry, turning Unusable into a warning."""
    result = FileRecords([])
    reasons = []
    for number, where, entry in numbered_entries:
        try:
            record = tidied(make(entry, number))
            if problem := _too_long(record):
                raise Unusable(problem)
            if not record.title:
                # A DOI, PMID or abstract still points at a real article, so the record is
                # kept; with nothing but a name or a year there is nothing to go on.
                if not (record.doi or record.pmid or record.pmcid or record.abstract):
                    raise Unusable("no title, and no DOI, PMID or abstract to go on")
                result.warnings.append(
                    f"{path.name}, record {number} ({where}): no title — imported untitled; "
                    "`readinggroups articles fetch` can fill it in from PubMed by DOI or PMID"
                )
            result.records.append(record)
        except Unusable as reason:
            reasons.append(f"record {number} ({where}): {reason}")
            result.warnings.append(f"{path.name}, {reasons[-1]} — skipped")
    if not result.records:
        raise RecordImportError(
            path,
            f"no usable records ({'; '.join(reasons[:3]) or 'the file holds none'}) — "
            "check it is the right file, or export the search again",
        )
    return result


_TEXTS = ("journal", "volume", "issue", "pages", "language", "url", "database", "accession")
_LISTS = ("authors", "keywords", "publication_types")
_texts = attrgetter(*_TEXTS)


def tidied(record: Record) -> Record:
    """``record`` with its text cleaned as textfile.clean cleans one value, lists without
    repeats; parsers may hand over values as the file gave them.

    Most records have nothing to clean, and one look at all their text at once says so: an
    import of 10,000 records would otherwise clean some 150,000 values one call at a time.
    """
    texts = _texts(record)
    lists = [getattr(record, name) for name in _LISTS]
    try:
        if not all(values.__class__ is list for values in lists):
            raise TypeError
        joined = "|".join(filter(None, (record.title, *texts, *chain.from_iterable(lists))))
    except TypeError:  # a number from a spreadsheet, say: cleaned one value at a time
        joined = " "
    # "|" is printable, so a tab or newline inside a value still shows, and a value's outer
    # space shows beside it; a "|" in a title only sends the record the slow way. The
    # abstract, most of the text, is looked at on its own, in as few passes as can tell.
    if _untidy(joined, joined=True) or _untidy(record.abstract or ""):
        record.title = clean(record.title)
        record.abstract = text_or_none(record.abstract)
        for name in _TEXTS:
            setattr(record, name, text_or_none(getattr(record, name)))
        for name, values in zip(_LISTS, lists, strict=True):
            setattr(record, name, text_list(values))
        return record
    if "" in texts or record.abstract == "":
        record.abstract = record.abstract or None
        for name in _TEXTS:
            if getattr(record, name) == "":
                setattr(record, name, None)
    for name, values in zip(_LISTS, lists, strict=True):
        if len(values) > 1 or "" in values:
            setattr(record, name, list(dict.fromkeys(filter(None, values))))
    return record


def _untidy(text: object, joined: bool = False) -> bool:
    """Whether clean() would change ``text``, or a value of the "|"-joined values."""
    return (
        text.__class__ is not str
        or "  " in text
        or text[:1] == " "
        or text[-1:] == " "
        or (joined and ("| " in text or " |" in text))
        or not printable(text)
        or not (text.isascii() or unicodedata.is_normalized("NFC", text))
    )


def text_or_none(value: object) -> str | None:
    if value is None or value == "":  # most optional fields of most records
        return None
    return clean(value) or None


def text_list(values: object) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        text = clean(value)
        if text:
            seen.setdefault(text, None)
    return list(seen)


# What publisher links add after the DOI: a query, a fragment, or the page's view.
_URL_TAIL = re.compile(r"[?#].*$|/(abstract|full|pdf|epdf|fulltext|html|summary|meta)/?$", re.I)


def normalise_doi(value: object, *, from_url: bool = False) -> str | None:
    """``10.1000/abc`` in lower case, without ``https://doi.org/``, ``doi:`` or `` [doi]``.

    ``from_url``: the value is a publisher's link, whose query and view suffix are not the DOI.
    """
    match = _DOI.search(clean(value)) if value else None
    if not match:
        return None
    doi = match.group(0)
    if from_url:
        doi = _URL_TAIL.sub("", urllib.parse.unquote(doi))
    return doi.rstrip(".,;").lower()


_PMCID = re.compile(r"PMC\d{1,10}")


# Each is asked of every record, usually of a value that is not there: hence the early None.
def normalise_pmcid(value: object) -> str | None:
    if not value:
        return None
    text = clean(value).upper().replace(" ", "")
    if text.isdigit():
        text = "PMC" + text
    return text if _PMCID.fullmatch(text) else None


def normalise_pmid(value: object) -> str | None:
    if not value:
        return None
    text = clean(value)
    return text if text.isdigit() and len(text) <= 9 else None


def parse_year(value: object) -> int | None:
    if not value:
        return None
    match = _YEAR.search(clean(value))
    return int(match.group(1)) if match else None


def page_range(start: object, end: object) -> str | None:
    first, last = clean(start), clean(end)
    if first and last and last != first:
        return f"{first}-{last}"
    return first or None
