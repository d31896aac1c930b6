"""People as they arrive in bookings files: names, emails and NMC PINs checked and tidied."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..csv_xlsx import is_workbook, read_rows
from ..errors import BookingImportError, ReadingGroupsError
from ..textfile import clean, decode, read_bytes

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Two digits, a letter, four digits, a letter: 01A2345N.
_PIN = re.compile(r"^\d{2}[A-Z]\d{4}[A-Z]$")


@dataclass(frozen=True)
class PersonDetails:
    name: str
    email: str
    role: str | None = None
    team: str | None = None
    nmc_pin: str | None = None
    register_part: str | None = None
    site: str | None = None
    revalidation_date: dt.date | None = None


def normalise_email(value: str) -> str:
    return clean(value).lower()


def check_email(value: str) -> str | None:
    """The email in lower case, or None when it is not an email address."""
    email = normalise_email(value)
    return email if _EMAIL.match(email) else None


def check_pin(value: str) -> str | None:
    """The NMC PIN in upper case, or None when it is not one."""
    pin = clean(value).upper().replace(" ", "")
    return pin if _PIN.match(pin) else None


# The slips people make typing a PIN: a letter where a digit goes, or the other way round.
_AS_DIGIT = str.maketrans("OIlLSZB", "0111528")
_AS_LETTER = str.maketrans("0158", "OISB")


def pin_advice(value: str) -> str:
    """What an NMC PIN looks like, and the PIN ``value`` was probably meant to be when the
    usual typing mix-ups (O/0, I/1, S/5) explain it."""
    text = clean(value).replace(" ", "")
    advice = (
        "it has two digits, a letter, four digits and a letter, such as 01A2345N (check for "
        "the usual mix-ups: O and 0, I and 1, S and 5)"
    )
    if len(text) == 8:
        # Positions 0-1 and 3-6 are digits, 2 and 7 letters.
        guess = "".join(
            char.upper().translate(_AS_DIGIT if i not in (2, 7) else _AS_LETTER)
            for i, char in enumerate(text)
        )
        if _PIN.match(guess) and guess != text.upper():
            advice += f" (did you mean {guess}?)"
    return advice


REGISTER_ADVICE = (
    "not a part of the NMC register — use the code on the statement of entry, such as RNA, "
    "RNMH, RNLD, RNC, RN1 to RN9, RM, NAR, SCPHN, HV, SN, OH, FHN or RPHN (several as "
    "RNA;RM), or none for staff who are not registered"
)


# The longest each detail of a person may be: generous for real names and teams, and short
# enough that every document, table and email shows it whole.
FIELD_LIMITS = {"name": 200, "email": 254, "role": 200, "team": 200, "site": 200}


def too_long(values: Mapping[str, object]) -> str | None:
    """What is wrong when one of a person's details is longer than any real one."""
    for field, limit in FIELD_LIMITS.items():
        value = values.get(field)
        if isinstance(value, str) and len(value) > limit:
            return (
                f"the {field} is {len(value):,} characters long, more than the {limit} any "
                f"{field} needs — correct it"
            )
    return None


def person_details(
    *,
    name: str,
    email: str,
    role: str | None = None,
    team: str | None = None,
    nmc_pin: str | None = None,
    register: str | None = None,
) -> PersonDetails:
    """One person typed in by hand (not from a file), checked."""
    from ..nmc import register_part

    if problem := too_long({"name": name, "email": email, "role": role, "team": team}):
        raise ReadingGroupsError(problem)
    checked = check_email(email)
    if checked is None:
        raise ReadingGroupsError(f"{email!r} is not an email address")
    pin = check_pin(nmc_pin) if nmc_pin else None
    if nmc_pin and pin is None:
        raise ReadingGroupsError(f"{nmc_pin!r} is not an NMC PIN: {pin_advice(nmc_pin)}")
    part = register_part(register) if register else None
    if register and part is None:
        raise ReadingGroupsError(f"register {register!r}: {REGISTER_ADVICE}")
    return PersonDetails(
        clean(name), checked, clean(role) or None, clean(team) or None, pin, register_part=part
    )


def read_bookings(path: Path) -> tuple[list[PersonDetails], list[str]]:
    """The people in a bookings CSV (`name,email[,role,team,site,nmc_pin,register,
    revalidation_date]`), in file order, and a warning for each repeated email (the first row
    counts; people often book twice)."""
    entries, warnings = _entries(path)
    people: dict[str, PersonDetails] = {}
    first_line: dict[str, str] = {}
    for where, row in entries:
        if problem := too_long(row):
            raise BookingImportError(path, problem, where=where)
        name = clean(row.get("name"))
        raw_email = clean(row.get("email"))
        if not name and not raw_email:
            raise BookingImportError(
                path, "no name and no email — add them or delete the row", where=where
            )
        if not name:
            raise BookingImportError(path, f"no name for {raw_email} — add the name", where=where)
        email = check_email(raw_email)
        if email is None:
            shown = f"{raw_email!r} is not an email address" if raw_email else "no email"
            raise BookingImportError(path, f"{shown} for {name} — correct it", where=where)
        raw_pin = clean(row.get("nmc_pin"))
        pin = check_pin(raw_pin) if raw_pin else None
        if raw_pin and pin is None:
            raise BookingImportError(
                path,
                f"nmc_pin {raw_pin!r} for {name} is not an NMC PIN: {pin_advice(raw_pin)} — "
                "correct or clear it",
                where=where,
            )
        register = _register(path, row, name, where)
        revalidation = _revalidation(path, row, name, where)
        if email in people:
            warnings.append(
                f"{path.name}, {where}: {email} booked again (first on "
                f"{first_line[email]}) — booked once"
            )
            continue
        first_line[email] = where
        people.setdefault(
            email,
            PersonDetails(
                name=name,
                email=email,
                role=clean(row.get("role")) or None,
                team=clean(row.get("team")) or None,
                nmc_pin=pin,
                register_part=register,
                site=clean(row.get("site")) or None,
                revalidation_date=revalidation,
            ),
        )
    if not people:
        raise BookingImportError(path, "no bookings under the header row — add one row per person")
    return list(people.values()), warnings


WHAT = "a bookings file (CSV with name,email; Microsoft Forms, LibCal or Eventbrite export)"


def _entries(path: Path) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    """(where, fields) for each booking in the file, whichever system wrote it, and warnings
    for rows left out (cancelled registrations, refunded tickets)."""
    from . import eventbrite, forms_export, libcal

    data = read_bytes(path, BookingImportError)
    if is_workbook(data):
        return forms_export.rows(data, path), []
    text = decode(data, path, BookingImportError, WHAT)
    for source, what in ((eventbrite, "ticket(s) not attending"), (libcal, "cancelled")):
        if source.looks_like(text):
            found, left_out = source.rows(text, path)
            note = [f"{path.name}: {left_out} {what} — left out"] if left_out else []
            return found, note
    rows = read_rows(text, path, BookingImportError, ("name", "email"))
    unused = [key for key in (rows[0][1] if rows else {}) if key and key not in _CSV_COLUMNS]
    notes = (
        [
            f"{path.name}: column(s) {', '.join(repr(k) for k in unused)} not used — the columns "
            "read are name, email, role, team, site, nmc_pin, register, revalidation_date"
        ]
        if unused
        else []
    )
    return [(f"line {line}", row) for line, row in rows], notes


_CSV_COLUMNS = {
    "name",
    "email",
    "role",
    "team",
    "site",
    "nmc_pin",
    "register",
    "register part",
    "register_part",
    "revalidation_date",
    "revalidation date",
}


def _register(path: Path, row: dict[str, str], name: str, where: str) -> str | None:
    from ..nmc import register_part

    raw = clean(row.get("register") or row.get("register part") or row.get("register_part"))
    if not raw:
        return None
    part = register_part(raw)
    if part is None:
        raise BookingImportError(
            path,
            f"register {raw!r} for {name}: {REGISTER_ADVICE}",
            where=where,
        )
    return part


def _revalidation(path: Path, row: dict[str, str], name: str, where: str) -> dt.date | None:
    raw = clean(row.get("revalidation_date") or row.get("revalidation date"))
    if not raw:
        return None
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, layout).date()
        except ValueError:
            continue
    raise BookingImportError(
        path,
        f"revalidation date {raw!r} for {name} is not a date — write it as 2027-06-01 or "
        "01/06/2027",
        where=where,
    )
