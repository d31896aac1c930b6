"""readinggroups: run reflective reading groups for nurses and produce their revalidation documents.

A notebook or script holds one :class:`Workspace` and asks it for everything::

    from readinggroups import Workspace
    ws = Workspace.open("my-group")
    ws.import_articles(["cinahl.ris"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    AttendanceImportError,
    BookingImportError,
    ConfigError,
    FollowUpImportError,
    InputFileError,
    NotFoundError,
    ReadingGroupsError,
    RecordImportError,
    TemplateError,
    WorkspaceError,
)
from .statuses import ArticleMark, BookingStatus, Outcome

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = [
    "ArticleMark",
    "AttendanceImportError",
    "BookingStatus",
    "BookingImportError",
    "ConfigError",
    "FollowUpImportError",
    "InputFileError",
    "NotFoundError",
    "Outcome",
    "ReadingGroupsError",
    "RecordImportError",
    "TemplateError",
    "Workspace",
    "WorkspaceError",
]


def __getattr__(name: str):
    # The workspace pulls in SQLAlchemy; importing it lazily keeps `readinggroups --help` quick.
    if name == "Workspace":
        from .workspace import Workspace

        return Workspace
    raise AttributeError(f"module 'readinggroups' has no attribute {name!r}")
