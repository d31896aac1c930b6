"""The workspace's collection of articles: importing and fetching them, the shortlist, the
librarian's marks, and what the group has discussed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReadingGroupsError

if TYPE_CHECKING:
    import pandas as pd

    from .articles.dedupe import ArticleImport
    from .config import Config
    from .store import Article
    from .store.unit import Store, Unit


def import_files(
    store: Store,
    paths: Iterable[str | os.PathLike],
    *,
    format: str | None = None,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
) -> ArticleImport:
    """Read every file, then store them all in one transaction: a broken file stores nothing.
    No files is an empty import (a notebook run before any export was saved)."""
    from .articles import read_records
    from .articles.dedupe import ArticleImport, store_records

    result = ArticleImport()
    batches = []
    # A large export makes hundreds of thousands of small objects that all live until the
    # import ends; the cycle collector would walk them again and again for nothing.
    with _collector_paused():
        for path in paths:
            read = read_records(Path(path), format, mapping=mapping, strict=strict)
            batches.append(read.records)
            result.warnings.extend(read.warnings)
            result.files[Path(path).name] = len(read.records)
        with store.unit() as unit:
            store_records(unit.db, batches, result)
        # Freed while the collector still sleeps, so waking it finds nothing left to walk.
        del batches
    return result


def fetch(
    store: Store,
    config: Config,
    cache: Path,
    *,
    pmids: Iterable[str] = (),
    dois: Iterable[str] = (),
) -> ArticleImport:
    """Fetch records from PubMed by PMID or DOI (answers cached in ``cache``) and store them."""
    from .articles.dedupe import ArticleImport, store_records
    from .articles.pubmed_online import PubMedClient

    wanted_pmids, wanted_dois = list(pmids), list(dois)
    if not wanted_pmids and not wanted_dois:
        raise ReadingGroupsError("name at least one PMID or DOI to fetch")
    client = PubMedClient(
        base_url=config.pubmed_url,
        email=config.pubmed_email,
        api_key=config.pubmed_api_key,
        cache=cache,
    )
    found, warnings = client.pmids_for_dois(wanted_dois) if wanted_dois else ([], [])
    read = client.fetch_pmids(list(dict.fromkeys(wanted_pmids + found)))
    result = ArticleImport(warnings=warnings + read.warnings)
    result.files["PubMed"] = len(read.records)
    result.requests = client.requests
    with store.unit() as unit:
        store_records(unit.db, [read.records], result)
    return result


def shortlist(
    unit: Unit,
    *,
    since: int | None = None,
    query: str | None = None,
    design: str | None = None,
    has_abstract: bool = False,
    limit: int | None = 20,
    include_rejected: bool = False,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Articles ranked for the next session, best first, with the reasons for each score."""
    from .articles.select import REJECTED, design_named, matches, score

    wanted = None
    if design:
        try:
            wanted = design_named(design)
        except ValueError as problem:
            raise ReadingGroupsError(str(problem)) from problem
    words = [w for w in (query or "").lower().split() if len(w) > 2]
    last_discussed = _last_discussed(unit)
    scored = []
    for article in unit.articles():
        if (
            (since and (article.year or 0) < since)
            or (wanted and article.study_design != wanted)
            or (has_abstract and not article.abstract)
            or (article.status == REJECTED and not include_rejected)
            or (words and not matches(article, words))
        ):
            continue
        scored.append(
            score(
                article,
                today=today or dt.date.today(),
                query_words=words,
                discussed_on=last_discussed.get(article.id),
            )
        )
    from .frames import shortlist_frame

    scored.sort(key=lambda s: (-s.score, -(s.article.year or 0), s.article.id))
    return shortlist_frame(scored[:limit] if limit else scored)


def mark(
    unit: Unit, article_ids: Iterable[int], status: str | None, note: str | None = None
) -> list[Article]:
    """Mark articles 'shortlisted' or 'rejected' (with a note), or clear the mark (None)."""
    from .articles.select import STATUSES
    from .store import Article

    if status is not None and status not in STATUSES:
        raise ReadingGroupsError(f"status {status!r}: use one of {', '.join(STATUSES)}")
    marked = []
    for article_id in article_ids:
        article = unit.get(Article, article_id)
        article.status, article.status_note = status, (note or None) if status else None
        marked.append(article)
    return marked


DISCUSSED_COLUMNS = ["session_id", "session_date", "session_title", "article_id", "article_title"]


def discussed(unit: Unit, today: dt.date | None = None) -> pd.DataFrame:
    """Every article this group has discussed: those of sessions held (not those still to
    come, nor cancelled ones), newest session first."""
    import pandas as pd

    last = today or dt.date.today()
    rows = [
        {
            "session_id": s.id,
            "session_date": s.date.isoformat(),
            "session_title": s.title,
            "article_id": a.id,
            "article_title": a.title,
        }
        for s in reversed(unit.sessions(cancelled=False))
        if s.date <= last
        for a in s.articles
    ]
    return pd.DataFrame(rows, columns=DISCUSSED_COLUMNS)


def _last_discussed(unit: Unit) -> dict[int, dt.date]:
    from sqlalchemy import func, select

    from .store import ReadingSession, SessionArticle

    rows = unit.db.execute(
        select(SessionArticle.article_id, func.max(ReadingSession.date))
        .join(ReadingSession, ReadingSession.id == SessionArticle.session_id)
        .where(ReadingSession.cancelled_at.is_(None))
        .group_by(SessionArticle.article_id)
    )
    return {article_id: day for article_id, day in rows}


@contextmanager
def _collector_paused() -> Iterator[None]:
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
