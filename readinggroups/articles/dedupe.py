"""Storing imported records without duplicating articles the workspace already holds.

Two records are the same article when they share a DOI or a PMID. A duplicate fills in what the
stored article lacks (a PMID, an abstract) rather than being stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..store import Article
from .record import Record

# Fields a later record may fill in when the stored article has them empty or shorter.
_FILLABLE = ("journal", "year", "volume", "issue", "pages", "doi", "pmid", "url")


@dataclass
class ArticleImport:
    """What an import did: articles added, duplicates merged, records skipped (with reasons)."""

    new: list[Article] = field(default_factory=list)
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        skipped = f", {len(self.warnings)} skipped" if self.warnings else ""
        return f"{len(self.new)} new, {self.duplicates} duplicates{skipped}"


def store_records(db: Session, records: list[Record], result: ArticleImport) -> None:
    """Add each record, or merge it into the article with the same DOI or PMID."""
    for record in records:
        existing = _find(db, record)
        if existing is None:
            article = Article(**record.columns())
            db.add(article)
            db.flush()  # so a later duplicate in the same import finds it
            result.new.append(article)
        else:
            _merge(existing, record)
            result.duplicates += 1


def _find(db: Session, record: Record) -> Article | None:
    conditions = []
    if record.doi:
        conditions.append(Article.doi == record.doi)
    if record.pmid:
        conditions.append(Article.pmid == record.pmid)
    if not conditions:
        return None
    return db.scalars(select(Article).where(or_(*conditions)).order_by(Article.id)).first()


def _merge(article: Article, record: Record) -> None:
    for name in _FILLABLE:
        if getattr(article, name) in (None, "") and getattr(record, name):
            setattr(article, name, getattr(record, name))
    if record.abstract and len(record.abstract) > len(article.abstract or ""):
        article.abstract = record.abstract
    for name in ("keywords", "publication_types"):
        merged = list(dict.fromkeys([*getattr(article, name), *getattr(record, name)]))
        if merged != getattr(article, name):
            setattr(article, name, merged)
    if not article.authors and record.authors:
        article.authors = record.authors
