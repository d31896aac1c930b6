"""Finding the booking fields in the columns other systems export, whatever they call them.

Booking forms are made by each library: the question may be `Work email address`, `Your name`
or `Job title / role`. A column is matched by its whole header first, then by a word in it.
"""

from __future__ import annotations

from ..csv_xlsx import header_key

# Field → whole headers, then words that mark a question as asking for it. Order matters:
# `email` is looked for before `name`, so "Name and email" is not taken for the name.
FIELDS = {
    "email": (("email", "email address", "e-mail", "user email"), ("email", "e-mail")),
    "first name": (("first name", "forename", "given name"), ()),
    "last name": (("last name", "surname", "family name"), ()),
    "name": (("name", "full name", "your name", "attendee name"), ("name",)),
    "nmc_pin": (("nmc pin", "nmc_pin", "pin"), ("nmc pin", "pin number", " pin")),
    # Not just "register": LibCal's "Registered on" and "Registration status" are not it.
    "register": (("register", "register part", "nmc register"), ("nmc register", "register part")),
    "role": (("role", "job title", "job role", "position"), ("role", "job title", "position")),
    "team": (("team", "ward", "team or ward", "department", "service"), ("team", "ward")),
    "site": (("site", "hospital", "location", "base"), ("site", "hospital")),
    "revalidation_date": (("revalidation date", "revalidation_date"), ("revalidation",)),
}


def find_columns(headers: list[str], skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Field → index of the column holding it; ``skip`` are headers never to use."""
    keys = [header_key(h) for h in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for field, (whole, words) in FIELDS.items():
        index = next(
            (
                i
                for i, key in enumerate(keys)
                if key in whole and i not in taken and key not in skip
            ),
            None,
        )
        if index is None:
            index = next(
                (
                    i
                    for i, key in enumerate(keys)
                    if any(word in f" {key}" for word in words)
                    and i not in taken
                    and key not in skip
                ),
                None,
            )
        if index is not None:
            found[field] = index
            taken.add(index)
    return found


def row_values(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    """A row as booking fields; first and last names are put together when there is no name."""
    values = {
        field: (cells[i] if i < len(cells) and cells[i] is not None else "")
        for field, i in columns.items()
    }
    if not str(values.get("name", "")).strip():
        values["name"] = " ".join(
            str(values.get(part, "")).strip() for part in ("first name", "last name")
        ).strip()
    return {key: str(value) for key, value in values.items()}


def booking_rows(table: list[tuple[int, dict[str, str]]], keep) -> tuple[list, int]:
    """(where, booking fields) for each row of a read table that ``keep(row)`` accepts, and how
    many it left out (cancelled registrations, refunded tickets)."""
    if not table:
        return [], 0
    headers = list(table[0][1])
    columns = find_columns(headers)
    found, left_out = [], 0
    for line, row in table:
        if not keep(row):
            left_out += 1
            continue
        found.append((f"line {line}", row_values([row[h] for h in headers], columns)))
    return found, left_out
