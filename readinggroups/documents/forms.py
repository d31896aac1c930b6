"""Per-attendee documents: the pre-filled NMC reflective account form."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import nmc, reflection
from ..attendance.bookings import participatory_hours
from .citation import vancouver
from .context import hours, session_facts, theme_ticks
from .filenames import inside, safe_stem
from .render import render, template_path

if TYPE_CHECKING:
    from ..store import Booking, ReadingSession
    from ..workspace import Workspace

TEMPLATE = "reflective_account.docx"


def form_name(session: ReadingSession, booking: Booking) -> str:
    # The booking id keeps two people with the same name apart.
    stem = safe_stem(booking.person.name, "attendee")
    return f"reflective-account_{session.date.isoformat()}_{stem}_{booking.id}.docx"


def write_forms(
    workspace: Workspace, session: ReadingSession, bookings: list[Booking], folder: Path
) -> list[Path]:
    from tqdm.auto import tqdm

    template = template_path(TEMPLATE, workspace.root)
    facts = session_facts(workspace, session)
    model = reflection.model(session.reflective_model)
    facts |= {
        "questions": list(nmc.REFLECTIVE_QUESTIONS),
        "prompts": list(model.prompts),
        "activity": f"Reflective reading group (participatory CPD): {workspace.config.group}, "
        f"{workspace.config.library}",
        "articles": [vancouver(article) for article in session.articles],
    }
    ticks = theme_ticks(session)
    written = []
    for booking in tqdm(
        bookings, desc="Reflective account forms", unit="form", leave=False, disable=None
    ):
        participatory = participatory_hours(booking)
        context = facts | {
            "name": booking.person.name,
            "nmc_pin": booking.person.nmc_pin or "",
            "participatory_hours": hours(participatory),
            "minutes_attended": min(booking.minutes_attended or 0, session.minutes),
            "total_hours": hours(participatory + session.preparation_hours),
        }
        out = inside(folder, form_name(session, booking))
        written.append(render(template, context, out, ticks=ticks))
    return written
