"""LibCal event registrations exported as CSV: a few lines about the event, then the table.

Registrations marked cancelled are left out; those on LibCal's waitlist are booked in the order
LibCal lists them, so they wait here too once the session is full.
"""

from __future__ import annotations

from pathlib import Path

from ..csv_xlsx import header_key, read_rows
from ..errors import BookingImportError
from .columns import booking_rows

_STATUS = ("registration status", "status")


def header_line(text: str) -> int | None:
    """Where the table starts: the first line (within the first twenty) with an email column
    and a name column, after lines about the event."""
    for number, line in enumerate(text.split("\n", 20)[:20]):
        keys = [header_key(part.strip('"')) for part in line.split(",")]
        if number and "email" in keys and ("first name" in keys or "name" in keys):
            return number
    return None


def looks_like(text: str) -> bool:
    return header_line(text) is not None


def rows(text: str, path: Path) -> tuple[list[tuple[str, dict[str, str]]], int]:
    """(where, booking fields) for each registration, and how many were cancelled."""
    start = header_line(text) or 0  # looks_like() found it: never the first line
    lines = text.split("\n")
    table = read_rows(
        "\n".join(lines[start:]), path, BookingImportError, ("email",), first_line=start + 1
    )

    def status(row: dict[str, str]) -> str:
        return next((row[k] for k in _STATUS if row.get(k)), "").strip().lower()

    # LibCal's own waitlist after everyone registered, so they wait here too once it is full.
    table.sort(key=lambda entry: status(entry[1]).startswith("wait"))
    return booking_rows(table, lambda row: not status(row).startswith("cancel"))
