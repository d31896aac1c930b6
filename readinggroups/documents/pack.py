"""The session pack: what a nurse reads before the session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import reflection
from ..errors import ReadingGroupsError
from .citation import UNTITLED, citation_parts
from .context import hours, session_facts
from .filenames import inside, safe_stem
from .render import render, template_path

if TYPE_CHECKING:
    from ..store import ReadingSession
    from ..workspace import Workspace

TEMPLATE = "session_pack.docx"


def write_pack(workspace: Workspace, session: ReadingSession, folder: Path) -> Path:
    if not session.articles:
        raise ReadingGroupsError(
            f"session {session.id} has no article yet — choose one with "
            f"`readinggroups sessions add-article {session.id} ARTICLE_ID`"
        )
    template = template_path(TEMPLATE, workspace.root)
    context = session_facts(workspace, session)
    discussion = session.minutes / 60
    context |= {
        "discussion_hours": hours(discussion),
        "total_hours": hours(session.preparation_hours + discussion),
        "discussion": list(reflection.model(session.reflective_model).discussion),
    }

    def with_articles(document) -> dict[str, object]:
        articles = session.articles
        return context | {
            "articles": [_article(document, a, i, len(articles)) for i, a in enumerate(articles, 1)]
        }

    name = f"session-pack_{session.date.isoformat()}_{safe_stem(session.title, 'session')}.docx"
    return render(template, with_articles, inside(folder, name))


def _article(document, article, index: int, count: int) -> dict[str, object]:
    from docxtpl import RichText

    text, link = citation_parts(article)
    title = article.title or UNTITLED
    citation = RichText()
    citation.add(text)
    if link:
        citation.add(" ")
        citation.add(link, url_id=document.build_url_id(link), underline=True, color="1F4E79")
    return {
        "heading": f"Article {index}: {title}" if count > 1 else title,
        "citation": citation,
        "link": link,
        "access": (
            "Full text: follow the DOI link. If the publisher asks you to pay, ask the library "
            "for a copy — it is free for NHS staff."
            if link
            else "Full text: ask the library for a copy — it is free for NHS staff."
        ),
        "appraisal": _appraisal(article),
        "abstract": article.abstract or "No abstract is available; read the full text.",
    }


def _appraisal(article) -> str:
    """The study design and the CASP checklist that fits it (linked: CASP's text is licensed)."""
    from ..articles.design import CASP_CHECKLISTS, CASP_URL

    design = article.study_design
    if design in CASP_CHECKLISTS:
        return (
            f"Study design: {design}. To appraise it, use the {CASP_CHECKLISTS[design]} "
            f"({CASP_URL})."
        )
    if design:
        return f"Study design: {design}. There is no CASP checklist for this kind of paper."
    return "Study design: not stated in the database record — decide together as you read it."
