"""How figures and dates read in documents and messages: hours, plurals, lists, dates."""

from __future__ import annotations

import datetime as dt


def hours(value: float) -> str:
    """1.5 → "1.5", 1.0 → "1", 0.75 → "0.75": how hours read on a CPD record."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hours_phrase(value: float) -> str:
    """1 hour, 0.5 hours, 2.5 hours."""
    return f"{hours(value)} {'hour' if value == 1 else 'hours'}"


def plural(count: int, word: str) -> str:
    """1 session, 2 sessions."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def long_date(day: dt.date) -> str:
    """21 November 2026: dates as the documents write them."""
    return f"{day.day} {day:%B %Y}"


def clock_range(start: dt.datetime, end: dt.datetime) -> str:
    """14:00–15:00: a session's times as the documents and posts write them."""
    return f"{start:%H:%M}–{end:%H:%M}"


def and_list(items: list[str]) -> str:
    """6.2 / 6.2 and 9.3 / 6.1, 6.2 and 9.3."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
