"""The facts every document shows about a session, worked out once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nmc, reflection

if TYPE_CHECKING:
    from ..store import ReadingSession
    from ..workspace import Workspace


def hours(value: float) -> str:
    """1.5 → "1.5", 1.0 → "1", 0.75 → "0.75": how hours read on a CPD record."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def long_date(session: ReadingSession) -> str:
    return f"{session.date.day} {session.date:%B %Y}"


def time_range(session: ReadingSession) -> str:
    return f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}"


def standards(session: ReadingSession) -> list[dict[str, str]]:
    return [
        {
            "ref": ref,
            "title": nmc.STANDARDS[nmc.standard_number(ref)],
            "theme": nmc.theme_of(ref).title,
        }
        for ref in session.code_standards
    ]


def theme_ticks(session: ReadingSession) -> dict[str, bool]:
    chosen = {nmc.theme_of(ref).key for ref in session.code_standards}
    return {theme.key: theme.key in chosen for theme in nmc.THEMES}


def session_facts(workspace: Workspace, session: ReadingSession) -> dict[str, object]:
    model = reflection.model(session.reflective_model)
    return {
        "group": workspace.config.group,
        "library": workspace.config.library,
        "session_title": session.title,
        "date_long": long_date(session),
        "time_range": time_range(session),
        "minutes": session.minutes,
        "venue": session.venue,
        "facilitator": session.facilitator or workspace.config.facilitator or "the library team",
        "preparation_hours": hours(session.preparation_hours),
        "standards": standards(session),
        "standards_text": "; ".join(f"{s['ref']} {s['title']}" for s in standards(session)),
        "model_name": model.name,
        "anonymity": nmc.ANONYMITY_REMINDER,
        "code_url": nmc.CODE_URL,
    }
