"""Who in a report is which booked person: by email, else by name, else left for review.

Names are compared folded (case, accents and punctuation ignored: `Siobhan Ni Bhriain` is
`Siobhán Ní Bhriain`), with `Surname, First` turned round and labels meeting programs add
(`(External)`, `(Unverified)`, `(Guest)`) dropped. A name that fits more than one booked
person, or fits only with its words in another order, is never matched silently: it goes on
the review list for the librarian to settle with `readinggroups attendance mark`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..textfile import fold

if TYPE_CHECKING:
    from ..store import Booking

_LABEL = re.compile(
    r"\s*[\(\[](?:external|ext|unverified|guest|host|co-host|organi[sz]er|me)[\)\]]\s*$", re.I
)


def name_key(name: str) -> str:
    """`O'Neill, Aoife (External)` → `aoife oneill`."""
    text = name
    while True:
        stripped = _LABEL.sub("", text)
        if stripped == text:
            break
        text = stripped
    if text.count(",") == 1:
        surname, first = text.split(",")
        text = f"{first} {surname}"
    return fold(text)


def match_by_name(name: str, bookings: list[Booking]) -> tuple[Booking | None, list[Booking]]:
    """The one booking whose person has this name; else None and the bookings it could be."""
    key = name_key(name)
    if not key:
        return None, []
    same = [b for b in bookings if name_key(b.person.name) == key]
    if len(same) == 1:
        return same[0], []
    if same:
        return None, same
    words = sorted(key.split())
    return None, [b for b in bookings if sorted(name_key(b.person.name).split()) == words]
