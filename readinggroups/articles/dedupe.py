"""Storing imported records without duplicating articles the workspace already holds.

Two records are the same article when they share a DOI, a PMID or a PMCID; failing those, when
their titles (ignoring case, punctuation and accents), years and first authors' surnames agree
and no identifier says otherwise. A duplicate fills in what the article lacks rather than being
stored twice: identifiers, the richer abstract, keywords.

Everything is matched in memory against an index of what is stored, and new articles are
inserted in one statement: a 10,000-record export takes seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from json.encoder import encode_basestring_ascii
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..store import Article
from ..textfile import fold
from .design import notice, study_design
from .record import Record

if TYPE_CHECKING:
    from sqlalchemy import Table

_IDENTIFIERS = ("doi", "pmid", "pmcid")
_identifiers = attrgetter(*_IDENTIFIERS)
_FILLABLE = (
    "title",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "language",
    "url",
    "database",
    "accession",
)


def surname(author: str) -> str:
    """'Ní Bhriain, Siobhán' → 'Ní Bhriain'; 'Griffin DK' → 'Griffin'; 'Jo Smith' → 'Smith'."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    words = author.split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
        return " ".join(words[:-1])  # MEDLINE's 'Surname Initials'
    return words[-1] if words else ""


def match_key(title: str, year: int | None, authors: list[str]) -> str | None:
    """Title + year + first author's surname, folded; None when too little to go on."""
    folded = fold(title)
    first = fold(surname(authors[0])) if authors else ""
    # Without a year and an author, generic titles ('Editorial', 'Letters to the editor')
    # would merge different items.
    if len(folded) < 10 or not year or not first:
        return None
    return f"{folded}|{year or ''}|{first}"


@dataclass
class ArticleImport:
    """What an import did: new articles, duplicates merged (and how), records skipped."""

    new_ids: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)
    requests: int = 0  # made to an online service (cached answers cost none)

    @property
    def duplicates(self) -> int:
        return len(self.merged)

    def summary(self) -> str:
        skipped = f", {len(self.warnings)} skipped" if self.warnings else ""
        return f"{len(self.new_ids)} new, {self.duplicates} duplicates{skipped}"


_AMBIGUOUS = object()
_NOTICE_WORDS = {
    "retracted": "retracted — do not use",
    "retraction notice": "a retraction notice",
    "expression of concern": "under an expression of concern",
    "erratum": "an erratum",
}


class _Index:
    """Where each identifier and title key points: a stored article id, or a new record."""

    def __init__(self, db: Session) -> None:
        self.by: dict[str, dict[str, object]] = {name: {} for name in (*_IDENTIFIERS, "key")}
        rows = db.execute(
            select(Article.id, Article.doi, Article.pmid, Article.pmcid, Article.match_key)
        )
        for article_id, doi, pmid, pmcid, key in rows:
            self.add(article_id, doi=doi, pmid=pmid, pmcid=pmcid, key=key)

    def add(
        self,
        target: object,
        doi: str | None = None,
        pmid: str | None = None,
        pmcid: str | None = None,
        key: str | None = None,
    ) -> None:
        by = self.by
        for name, value in (("doi", doi), ("pmid", pmid), ("pmcid", pmcid)):
            if value:
                by[name].setdefault(value, target)
        if key and by["key"].setdefault(key, target) is not target:
            # Two different articles share this title, year and first author (an abstract
            # and the full paper, say): the key no longer tells which one a record is.
            by["key"][key] = _AMBIGUOUS

    def find(self, record: Record, key: str | None) -> tuple[int | Record, str] | None:
        """What ``record`` duplicates (a stored article's id, or a new record), and why."""
        by = self.by
        for name, value in zip(_IDENTIFIERS, _identifiers(record), strict=True):
            if value and value in by[name]:
                return cast("int | Record", by[name][value]), f"same {name.upper()}"
        target = by["key"].get(key) if key else None
        if target is not None and target is not _AMBIGUOUS:
            return cast("int | Record", target), "same title, year and first author"
        return None


def store_records(db: Session, batches: list[list[Record]], result: ArticleImport) -> None:
    """Add each record, or merge it into the article (stored or new) it duplicates."""
    index = _Index(db)
    new: list[tuple[Record, str | None]] = []
    stored: dict[int, Article] = {}
    for records in batches:
        for record in records:
            key = match_key(record.title, record.year, record.authors)
            found = index.find(record, key)
            if (
                found is not None
                and found[1].startswith("same title")
                and _conflict(found[0], record, stored, db)
            ):
                found = None  # same title but different identifiers: two articles (e.g. an erratum)
            if found is None:
                new.append((record, key))
                index.add(record, doi=record.doi, pmid=record.pmid, pmcid=record.pmcid, key=key)
                continue
            target, reason = found
            if isinstance(target, int):
                article = stored.get(target) or stored.setdefault(
                    target, db.get_one(Article, target)
                )
                merge(article, record)
                into = f"article {target}"
            else:
                merge(target, record)
                into = f"{target.source_file} record {target.source_record}"
            index.add(target, doi=record.doi, pmid=record.pmid, pmcid=record.pmcid)
            result.merged.append(
                f"{record.source_file} record {record.source_record} merged into {into} ({reason})"
            )
    if new:
        inserted = _insert(db, new)
        result.new_ids = [article_id for article_id, _, _ in inserted]
        result.notices += [
            f"article {article_id} ({_NOTICE_WORDS.get(notice, notice)}): {title}"
            for article_id, notice, title in inserted
            if notice
        ]
    for article in stored.values():
        article.study_design, article.notice, article.match_key = derived(article)


# The columns of a new article, in the order _insert builds its rows.
_SCALARS = tuple(f.name for f in fields(Record) if f.type != "list[str]")
_LISTS = tuple(f.name for f in fields(Record) if f.type == "list[str]")
_COLUMNS = (
    *_SCALARS,
    *_LISTS,
    "study_design",
    "notice",
    "match_key",
    "imported_at",
    "workspace_id",
)
_scalars, _lists = attrgetter(*_SCALARS), attrgetter(*_LISTS)


def _insert(db: Session, new: list[tuple[Record, str | None]]) -> list[tuple]:
    """Insert new articles in bulk; (id, notice, title) of each, in id order."""
    from sqlalchemy import func

    table = cast("Table", Article.__table__)
    connection = db.connection()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    workspace = db.info["workspace_id"]  # a bulk insert bypasses the store's own stamping
    if connection.dialect.name != "sqlite":
        values = [
            dict(zip(_COLUMNS, (*_values(record, key, now), workspace), strict=True))
            for record, key in new
        ]
        statement = insert(table).returning(table.c.id, table.c.notice, table.c.title)
        return sorted(tuple(row) for row in connection.execute(statement, values))
    # SQLite lets one writer in at a time, so this transaction's rows get the ids after the
    # highest one before it; a plain executemany is several times faster than INSERT ...
    # RETURNING, which SQLite must run row by row to keep the order. The rows go straight to the
    # driver, encoded as SQLAlchemy would (lists as JSON, times as text): its per-row type
    # processing costs more than the insert itself.
    before = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    rows: list[tuple] = []
    for record, key in new:
        types = record.publication_types
        rows.append(
            (
                *_scalars(record),
                *map(_json_list, _lists(record)),
                study_design(types, record.keywords, record.title),
                notice(types, record.title),
                key,
                stamp,
                workspace,
            )
        )
    notice_at, title_at = _COLUMNS.index("notice"), _SCALARS.index("title")
    inserted = [(before + n, row[notice_at], row[title_at]) for n, row in enumerate(rows, 1)]
    # A column no record fills is left out: the driver binds each None the slow way, and a
    # third of the columns are empty in a typical export.
    filled = [n for n in range(len(_COLUMNS)) if any(row[n] is not None for row in rows)]
    if len(filled) < len(_COLUMNS):
        rows = list(map(itemgetter(*filled), rows))
    names = [_COLUMNS[n] for n in filled]
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        rows,
    )
    return inserted


def _json_list(values: list[str]) -> str:
    """``json.dumps`` of a list of text, without its per-call set-up (30,000 calls an import)."""
    return f"[{', '.join(map(encode_basestring_ascii, values))}]"


def _values(record: Record, key: str | None, now: dt.datetime) -> tuple:
    types = record.publication_types
    design = study_design(types, record.keywords, record.title)
    return (*_scalars(record), *_lists(record), design, notice(types, record.title), key, now)


def _conflict(target: object, record: Record, stored: dict[int, Article], db: Session) -> bool:
    other = target if not isinstance(target, int) else stored.get(target) or db.get(Article, target)
    pairs = ((getattr(other, name), getattr(record, name)) for name in _IDENTIFIERS)
    return any(mine and theirs and mine != theirs for mine, theirs in pairs)


def merge(target: Article | Record, record: Record) -> None:
    """Fill ``target`` (a stored article or an earlier record) from a duplicate record."""
    for name in _FILLABLE:
        if getattr(target, name) in (None, "") and getattr(record, name):
            setattr(target, name, getattr(record, name))
    if record.abstract and len(record.abstract) > len(target.abstract or ""):
        target.abstract = record.abstract
    for name in ("keywords", "publication_types"):
        merged = list(dict.fromkeys([*getattr(target, name), *getattr(record, name)]))
        if merged != getattr(target, name):
            setattr(target, name, merged)
    if not target.authors and record.authors:
        target.authors = record.authors


def derived(article: Article | Record) -> tuple[str | None, str | None, str | None]:
    """The study design, notice and title key of an article or record."""
    return (
        study_design(article.publication_types, article.keywords, article.title),
        notice(article.publication_types, article.title),
        match_key(article.title, article.year, article.authors),
    )
