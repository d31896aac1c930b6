"""Microsoft Forms responses exported to Excel (.xlsx).

`ID, Start time, Completion time, Email, Name, [Last modified time]`, then one column per
question. A form that collects names records the respondent's account in Email and Name; an
anonymous one writes `anonymous` there, and the form's own questions ("Your work email") are
used instead.
"""

from __future__ import annotations

from pathlib import Path

from ..csv_xlsx import header_key, sheet_rows
from ..errors import BookingImportError
from .columns import find_columns, row_values

_FORM_COLUMNS = ("id", "start time", "completion time", "last modified time")


def looks_like(headers: list[str]) -> bool:
    keys = [header_key(h) for h in headers]
    return "completion time" in keys and "start time" in keys


def rows(data: bytes, path: Path) -> list[tuple[str, dict[str, str]]]:
    """(where, booking fields) for each response, from the first sheet."""
    table = sheet_rows(data, path, BookingImportError)
    headers = [str(h or "") for h in table[0]]
    keys = [header_key(h) for h in headers]
    # The form's own questions first: the account columns may just say "anonymous".
    questions = find_columns(headers, skip=(*_FORM_COLUMNS, "email", "name"))
    account = {k: keys.index(k) for k in ("email", "name") if k in keys}
    found = []
    for number, cells in enumerate(table[1:], start=2):
        cells = ["" if c is None else str(c) for c in cells]
        if not any(c.strip() for c in cells):
            continue
        values = row_values(cells, questions)
        for field, index in account.items():
            own = cells[index].strip() if index < len(cells) else ""
            if own and own.lower() != "anonymous" and not values.get(field, "").strip():
                values[field] = own
        found.append((f"row {number}", values))
    return found
