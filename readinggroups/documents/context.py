"""The facts every document shows about a session, worked out once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import nmc, reflection
from ..errors import TemplateError
from ..hours import FULL_AT_THRESHOLD
from ..wording import and_list, clock_range, hours, hours_phrase, long_date

if TYPE_CHECKING:
    from ..store import ReadingSession
    from .settings import DocumentSettings

# A template's context: the values, or a function of the opened template giving them (for
# values such as pictures and links that need the document).
Context = Mapping[str, object] | Callable[[Any], Mapping[str, object]]


def time_range(session: ReadingSession) -> str:
    return clock_range(session.starts_at, session.ends_at)


def standards(session: ReadingSession) -> list[dict[str, str]]:
    """The session's Code references in the Code's order, each labelled for what it is: a
    paragraph with its own words, or a standard with its heading, never one for the other."""
    return [
        {
            "ref": ref.ref,
            "label": ref.label,
            "says": ref.says,
            "standard": ref.standard_text,
            "detail": ref.detail,
            "theme": ref.theme.title,
            "text": ref.text,
            # Templates copied before references were labelled show "{{ s.ref }} {{ s.title }}":
            # the whole labelled citation keeps those truthful too.
            "title": ref.text,
        }
        for ref in nmc.in_code_order(session.code_standards)
    ]


# Question 4 ("How is this relevant to the Code?") is the nurse's own judgement: every theme's
# box is cleared, even in a template saved with one ticked; the session's themes are only
# suggested beside them.
UNTICKED = {theme.key: False for theme in nmc.THEMES}


def theme_suggestion(session: ReadingSession) -> str:
    """'the themes Practise effectively (paragraphs 6.2 and 9.3) and Promote professionalism
    and trust (paragraph 22.3)': the themes the session's references fall under."""
    parts = [
        f"{theme.title} ({nmc.cited(r.ref for r in refs)})"
        for theme, refs in nmc.suggested_themes(session.code_standards)
    ]
    if not parts:
        return "no part of the Code"
    return f"the theme{'s' if len(parts) > 1 else ''} {and_list(parts)}"


def hours_rule(session: ReadingSession) -> str:
    """How attending turns into participatory hours, in a sentence for the pack."""
    from ..attendance.bookings import threshold_minutes

    policy = session.hours_policy
    offered = policy.offered(session.minutes)
    if not offered:
        return f"A discussion shorter than {policy.step} earns no participatory hours."
    if policy.credit == FULL_AT_THRESHOLD:
        needed = threshold_minutes(session)
        return (
            f"Attending at least {needed} of the {session.minutes} minutes earns the full "
            f"{hours_phrase(offered)} of discussion; less time earns the time attended, "
            f"rounded down to {policy.step}."
        )
    return f"The discussion earns the time you attend, rounded down to {policy.step}."


def workshop_topic(session: ReadingSession, group: str, *, outcomes: bool = False) -> str:
    """'Searching CINAHL — Finding the Evidence', a workshop's topic and series as a CPD
    record names them; with ``outcomes``, its learning outcomes after (for a log's one cell)."""
    topic = f"{session.title} — {session.series_name(group)}"
    if outcomes and session.learning_outcomes:
        topic += f". Learning outcomes: {'; '.join(session.learning_outcomes)}"
    return topic


def session_facts(settings: DocumentSettings, session: ReadingSession) -> dict[str, object]:
    model = reflection.model(session.reflective_model)
    listed = standards(session)
    return {
        # What a workshop's documents show instead of a reading group's (see build_templates).
        "workshop": session.is_workshop,
        "series": session.series_name(settings.group),
        "outcomes": list(session.learning_outcomes or []) if session.is_workshop else [],
        "has_preparation": session.preparation_hours > 0,
        "logo": None,
        "logo_alt": f"{settings.library} logo",
        "group": settings.group,
        "library": settings.library,
        "session_title": session.title,
        "date_long": long_date(session.date),
        "time_range": time_range(session),
        "minutes": session.minutes,
        "venue": session.venue,
        "facilitator": session.facilitator or settings.facilitator or "the library team",
        "preparation_hours": hours(session.preparation_hours),
        "preparation_phrase": hours_phrase(session.preparation_hours),
        "discussion_phrase": hours_phrase(session.hours_policy.offered(session.minutes)),
        "discussion_hours": hours(session.hours_policy.offered(session.minutes)),
        "hours_rule": hours_rule(session),
        "standards": listed,
        # One line of every reference, for templates copied before the references were listed.
        "standards_text": "; ".join(s["text"] for s in listed),
        "themes_suggested": theme_suggestion(session),
        "model_name": model.name,
        "anonymity": nmc.ANONYMITY_REMINDER,
        "code_name": nmc.CODE_NAME,
        "code_url": nmc.CODE_URL,
        "forms_url": nmc.FORMS_URL,
    }


def checked_logo(settings: DocumentSettings) -> Path | None:
    """The library's logo, checked to be a whole picture: a damaged one is an error naming it."""
    path = settings.logo
    if path is None:
        return None
    try:
        from docx.image.image import Image as WordImage
        from PIL import Image

        with Image.open(path) as picture:
            picture.load()  # reads it all: a half-downloaded file fails here
        WordImage.from_file(str(path))
    except Exception as problem:  # Pillow and python-docx each have their own ways of failing
        raise TemplateError(
            f"{path.name} in the workspace is not a picture Word can show (it may be damaged) "
            f"— save it again as PNG or JPEG, or remove it from {path.parent}"
        ) from problem
    return path


def with_logo(settings: DocumentSettings, context: Mapping[str, object]) -> Context:
    """``context`` as a function of the template, adding the logo (which needs the template)."""
    path = checked_logo(settings)
    if path is None:
        return context

    def complete(document) -> dict[str, object]:
        from docx.shared import Mm
        from docxtpl import InlineImage

        return {**context, "logo": InlineImage(document, str(path), height=Mm(16))}

    return complete
