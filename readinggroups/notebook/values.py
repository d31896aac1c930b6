"""What a librarian types in a notebook's parameters cell, read generously.

A parameters cell is the one place she types values by hand, so each reader accepts the
shapes people naturally type (one file where a list was expected, ``"6.2, 9.3"`` for a list,
``"3: behind a paywall"`` for a reason) and refuses anything else in one line that names the
parameter and shows what to write.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import ReadingGroupsError


class ParameterError(ReadingGroupsError):
    """A value in the parameters cell that cannot be used."""

    def __init__(self, name: str, problem: str, example: str) -> None:
        self.name = name
        super().__init__(f"{name}: {problem} — for example {name} = {example}")


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def files(value: object, name: str, *, example: str = '["search.ris"]') -> list[Path]:
    """Files to import: None or "" for none, one path, or a list of paths, each existing."""
    if _is_blank(value):
        return []
    if isinstance(value, str | os.PathLike):
        items: list[object] = [value]
    elif isinstance(value, Iterable) and not isinstance(value, dict | bytes):
        items = [item for item in value if not _is_blank(item)]
    else:
        raise ParameterError(name, f"{value!r} is not a file name", example)
    paths = []
    for item in items:
        if not isinstance(item, str | os.PathLike):
            raise ParameterError(name, f"{item!r} is not a file name", example)
        path = Path(os.fspath(item).strip().strip('"')).expanduser()
        if not path.is_file():
            where = "is a folder, not a file" if path.is_dir() else "does not exist"
            raise ParameterError(
                name, f"{path} {where} (looked from {Path.cwd()})", f'["{path.name}"]'
            )
        paths.append(path)
    return paths


def one_file(value: object, name: str, *, example: str) -> Path | None:
    """One file, or None."""
    found = files(value, name, example=example)
    if len(found) > 1:
        raise ParameterError(name, "give one file, not a list", example)
    return found[0] if found else None


def words(value: object, name: str, *, example: str) -> list[str]:
    """A list of short values: ``["6.2", "9.3"]``, ``"6.2, 9.3"`` or ``6.2``."""
    if _is_blank(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
    if isinstance(value, int | float):
        return [str(value)]
    if isinstance(value, Iterable) and not isinstance(value, dict):
        return [str(item).strip() for item in value if not _is_blank(item)]
    raise ParameterError(name, f"{value!r} is not a list", example)


def numbers(value: object, name: str, *, example: str) -> list[int]:
    """Article or session numbers: ``[3, 7]``, ``"3, 7"`` or ``3``."""
    found = []
    for item in words(value, name, example=example):
        try:
            found.append(int(item.lstrip("#")))
        except ValueError:
            raise ParameterError(name, f"{item!r} is not a number", example) from None
    return found


def reasons(value: object, name: str, *, example: str) -> dict[int, str]:
    """Article numbers with a reason: ``{3: "behind a paywall"}`` or
    ``"3: behind a paywall; 7: too long"``."""
    if _is_blank(value):
        return {}
    pairs: list[tuple[object, object]]
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, str):
        pairs = []
        for part in value.split(";"):
            number, colon, reason = part.partition(":")
            if not colon:
                raise ParameterError(
                    name, f"{part.strip()!r} needs a number, a colon and the reason", example
                )
            pairs.append((number, reason))
    else:
        raise ParameterError(name, f"{value!r} should be article numbers with reasons", example)
    found = {}
    for which, why in pairs:
        given = numbers(which, name, example=example)
        if len(given) != 1 or _is_blank(why):
            raise ParameterError(name, f"{which!r}: {why!r} needs a number and a reason", example)
        found[given[0]] = str(why).strip()
    return found


def text(value: object, name: str) -> str | None:
    """A piece of text, or None when left blank."""
    return None if _is_blank(value) else str(value).strip()


def number(value: object, name: str, *, example: str) -> int | None:
    """A whole number such as a capacity, or None when left blank."""
    if _is_blank(value):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ParameterError(name, f"{value!r} is not a whole number", example) from None
