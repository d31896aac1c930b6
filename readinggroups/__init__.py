"""readinggroups: run reflective reading groups for nurses and produce their revalidation documents.

A notebook or script holds one :class:`Workspace` and asks it for everything::

    from readinggroups import Workspace
    ws = Workspace.open("my-group")
    ws.import_articles(["cinahl.ris"])
"""

from __future__ import annotations

from .errors import (
    AttendanceImportError,
    BookingImportError,
    ConfigError,
    InputFileError,
    NotFoundError,
    ReadingGroupsError,
    RecordImportError,
    TemplateError,
    WorkspaceError,
)

__all__ = [
    "AttendanceImportError",
    "BookingImportError",
    "ConfigError",
    "InputFileError",
    "NotFoundError",
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
