"""Eventbrite attendee reports (CSV): one row per ticket, with an `Attendee Status`.

Tickets refunded, transferred or deleted (`Not Attending`, `Deleted`, `Refunded`) are left out.
"""

from __future__ import annotations

from pathlib import Path

from ..csv_xlsx import header_key, read_rows
from ..errors import BookingImportError
from .columns import booking_rows

_GOING = ("attending", "checked in")


def looks_like(text: str) -> bool:
    header = header_key(text.split("\n", 1)[0])
    return "attendee status" in header and "email" in header


def rows(text: str, path: Path) -> tuple[list[tuple[str, dict[str, str]]], int]:
    """(where, booking fields) for each ticket held, and how many were not."""
    table = read_rows(text, path, BookingImportError, ("email", "attendee status"))
    return booking_rows(table, lambda row: row.get("attendee status", "").strip().lower() in _GOING)
