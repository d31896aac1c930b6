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


class NameIndex:
    """A session's bookings looked up by name: each name is folded once, so matching a report
    of 10,000 names without emails takes a moment, not a pass over every booking per name."""

    def __init__(self, bookings: list[Booking]) -> None:
        self.by_key: dict[str, list[Booking]] = {}
        self.by_words: dict[tuple[str, ...], list[Booking]] = {}
        for booking in bookings:
            key = name_key(booking.person.name)
            self.by_key.setdefault(key, []).append(booking)
            self.by_words.setdefault(tuple(sorted(key.split())), []).append(booking)

    def match(self, name: str, claimed: set[int]) -> tuple[Booking | None, list[Booking]]:
        """The one unclaimed booking whose person has this name; else None and the unclaimed
        bookings it could be (the same name twice, or its words in another order)."""
        key = name_key(name)
        if not key:
            return None, []
        same = [b for b in self.by_key.get(key, []) if b.id not in claimed]
        if len(same) == 1:
            return same[0], []
        if same:
            return None, same
        words = tuple(sorted(key.split()))
        return None, [b for b in self.by_words.get(words, []) if b.id not in claimed]
