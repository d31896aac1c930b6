"""The facts every document shows about a session, worked out once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .. import nmc, reflection
from ..errors import TemplateError

if TYPE_CHECKING:
    from ..store import ReadingSession
    from ..workspace import Workspace


def hours(value: float) -> str:
    """1.5 → "1.5", 1.0 → "1", 0.75 → "0.75": how hours read on a CPD record."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def plural(count: int, word: str) -> str:
    """1 session, 2 sessions."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def long_date(day: dt.date) -> str:
    """21 November 2026: dates as the documents write them."""
    return f"{day.day} {day:%B %Y}"


def time_range(session: ReadingSession) -> str:
    return f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}"


def standards(session: ReadingSession) -> list[dict[str, str]]:
    """The session's Code standards in the Code's order, with short titles and themes."""
    ordered = sorted(session.code_standards, key=lambda ref: tuple(map(int, ref.split("."))))
    return [
        {
            "ref": ref,
            "title": nmc.STANDARDS[nmc.standard_number(ref)],
            "theme": nmc.theme_of(ref).title,
        }
        for ref in ordered
    ]


def theme_ticks(session: ReadingSession) -> dict[str, bool]:
    chosen = {nmc.theme_of(ref).key for ref in session.code_standards}
    return {theme.key: theme.key in chosen for theme in nmc.THEMES}


def session_facts(workspace: Workspace, session: ReadingSession) -> dict[str, object]:
    model = reflection.model(session.reflective_model)
    return {
        "logo": None,
        "logo_alt": f"{workspace.config.library} logo",
        "group": workspace.config.group,
        "library": workspace.config.library,
        "session_title": session.title,
        "date_long": long_date(session.date),
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


LOGO_NAMES = ("logo.png", "logo.jpg", "logo.jpeg")


def logo_file(workspace: Workspace) -> Path | None:
    """The library's logo, if the workspace folder holds one (logo.png or logo.jpg, in any
    case), checked to be a whole picture: a damaged one is an error naming it."""
    found = sorted(p for p in workspace.root.iterdir() if p.name.lower() in LOGO_NAMES)
    if not found:
        return None
    path = found[0]
    try:
        from docx.image.image import Image as WordImage
        from PIL import Image

        with Image.open(path) as picture:
            picture.load()  # reads it all: a half-downloaded file fails here
        WordImage.from_file(str(path))
    except Exception:  # Pillow and python-docx each have their own ways of saying "broken"
        raise TemplateError(
            f"{path.name} in the workspace is not a picture Word can show (it may be damaged) "
            f"— save it again as PNG or JPEG, or remove it from {workspace.root}"
        ) from None
    return path


def with_logo(workspace: Workspace, context: dict[str, object]):
    """``context`` as a function of the template, adding the logo (which needs the template)."""
    path = logo_file(workspace)
    if path is None:
        return context

    def complete(document) -> dict[str, object]:
        from docx.shared import Mm
        from docxtpl import InlineImage

        return context | {"logo": InlineImage(document, str(path), height=Mm(16))}

    return complete
