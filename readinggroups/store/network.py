"""The workspaces sharing one database: their keys, joining one, and what `db status` shows.

A library network keeps every group's workspace in one PostgreSQL database. Each folder's
readinggroups.toml names its workspace by key (database.workspace): a new workspace gets a
key made from its group's name, and a colleague joins the same workspace by giving that key.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from ..errors import WorkspaceError
from .models import ReadingSession, WorkspaceRecord


def new_key(group: str) -> str:
    """A key for a new workspace: its group's name, readable, with a few random letters so
    that two libraries' "Nursing Reading Group"s never meet."""
    plain = unicodedata.normalize("NFKD", group).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].rstrip("-") or "group"
    return f"{slug}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class WorkspaceSummary:
    """One workspace of a database, as `readinggroups db status` lists it."""

    key: str
    group_name: str
    library: str
    sessions: int


def workspaces(url: str, folder: Path) -> list[WorkspaceSummary]:
    """Every workspace in the database at ``url``, with how many sessions each has planned."""
    from .engine import database_errors, open_database

    factory = open_database(url, folder=folder)
    try:
        with database_errors(url), factory.begin() as db:
            rows = db.execute(
                select(
                    WorkspaceRecord.key,
                    WorkspaceRecord.group_name,
                    WorkspaceRecord.library,
                    func.count(ReadingSession.id),
                )
                .outerjoin(ReadingSession, ReadingSession.workspace_id == WorkspaceRecord.id)
                .group_by(WorkspaceRecord.id)
                .order_by(WorkspaceRecord.library, WorkspaceRecord.group_name)
            )
            return [WorkspaceSummary(*row) for row in rows]
    finally:
        factory.kw["bind"].dispose()


def schema_revision(url: str, folder: Path) -> str | None:
    """The schema revision the database at ``url`` is at, read without changing it (None for
    a database readinggroups has not used yet)."""
    from .engine import current_revision, database_errors, make_engine

    with database_errors(url):
        engine = make_engine(url, folder)
        try:
            with engine.connect() as connection:
                return current_revision(connection)
        finally:
            engine.dispose()


def existing_workspace(url: str | None, folder: Path, key: str) -> WorkspaceSummary:
    """The workspace ``key`` in the database at ``url``, for a colleague joining it."""
    import os

    from ..config import DATABASE_ENV, DEFAULT_DATABASE_URL

    # As a workspace's own settings are read: this machine's database first.
    url = os.environ.get(DATABASE_ENV, "").strip() or url or DEFAULT_DATABASE_URL
    found = workspaces(url, folder)
    for summary in found:
        if summary.key == key:
            return summary
    listed = ", ".join(f"{s.key} ({s.group_name}, {s.library})" for s in found)
    raise WorkspaceError(
        f"there is no workspace {key!r} in that database — "
        + (f"it holds {listed}" if listed else "it holds none yet: give --group NAME to start one")
    )
