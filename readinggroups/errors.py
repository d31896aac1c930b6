"""The errors readinggroups raises for things a user can put right.

Every message says what went wrong, where (file, line, record or field) and what to do.
The CLI prints the message alone; notebooks show it as the exception text.
"""

from __future__ import annotations

from pathlib import Path


class ReadingGroupsError(Exception):
    """Something the user can fix; the message says what and how."""


class WorkspaceError(ReadingGroupsError):
    """No workspace where one was expected, or a broken readinggroups.toml."""


class SchemaError(WorkspaceError):
    """The database's schema is not this version's: older and shared, or newer."""


class ConfigError(WorkspaceError):
    """A setting in readinggroups.toml is missing or has the wrong type."""


class InputFileError(ReadingGroupsError):
    """An input file cannot be used; nothing from it was imported.

    ``where`` is a line or record (``"line 14"``, ``"record 3"``) when the problem has one.
    """

    def __init__(self, path: str | Path, problem: str, *, where: str | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.where = where
        location = f"{self.path.name}, {where}" if where else self.path.name
        super().__init__(f"{location}: {problem}")


class RecordImportError(InputFileError):
    """A search export (RIS, MEDLINE, ...) could not be imported."""


class BookingImportError(InputFileError):
    """A bookings file could not be imported."""


class AttendanceImportError(InputFileError):
    """An attendance report could not be imported."""


class NotFoundError(ReadingGroupsError):
    """A session, article or booking the user named does not exist."""


class TemplateError(ReadingGroupsError):
    """A Word template is missing, unreadable, or uses a field readinggroups does not know."""


class FollowUpImportError(InputFileError):
    """A follow-up survey's export could not be imported."""
