"""Progress bars that show wherever the librarian is: a terminal, or a notebook's cell."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str, unit: str, total: int | None = None) -> Iterator[T]:
    """``items`` with a bar: a widget under a Jupyter kernel, text in a terminal.

    ``tqdm.auto`` picks the kind. Its ``disable=None`` (off when output is not a terminal) is
    right for a terminal — no bar in a piped or logged command — but a kernel's output is never
    a terminal, so there the bar is switched on explicitly.
    """
    from tqdm.auto import tqdm

    in_notebook = any(kind.__module__ == "tqdm.notebook" for kind in tqdm.__mro__)
    yield from tqdm(
        items, desc=desc, unit=unit, total=total, disable=False if in_notebook else None
    )
