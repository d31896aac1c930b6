"""The session pack: what a nurse reads before the session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import reflection
from ..errors import ReadingGroupsError
from ..wording import hours, hours_phrase
from .citation import UNTITLED, citation_parts
from .context import session_facts, with_logo
from .filenames import inside, safe_stem
from .render import add_link, render, template_path

if TYPE_CHECKING:
    from ..store import ReadingSession
    from .settings import DocumentSettings

TEMPLATE = "session_pack.docx"


def check_has_pack(session: ReadingSession) -> None:
    """A workshop has no article, so no pack: said the same for making and for sending one."""
    if session.is_workshop:
        raise ReadingGroupsError(
            f"session {session.id} is a workshop: there is no article to read, so no session "
            "pack — its invitation and reminder carry the learning outcomes"
        )


def write_pack(
    settings: DocumentSettings, session: ReadingSession, booked: list, folder: Path
) -> Path:
    """The pack for ``session``; ``booked`` (people) fill the sign-in sheet."""
    check_has_pack(session)
    if not session.articles:
        raise ReadingGroupsError(
            f"session {session.id} has no article yet — choose one with "
            f"`readinggroups sessions add-article {session.id} ARTICLE_ID`"
        )
    template = template_path(TEMPLATE, settings.templates)
    context = session_facts(settings, session)
    offered = session.hours_policy.offered(session.minutes)
    context |= {
        # What a full attendee's certificate will say: the same policy credits both.
        "total_hours": hours(session.preparation_hours + offered),
        "total_phrase": hours_phrase(session.preparation_hours + offered),
        "discussion": session.questions
        or list(reflection.model(session.reflective_model).discussion),
        "questions_note": "Questions chosen for this session by the facilitator"
        if session.questions
        else f"Questions follow {context['model_name']}",
        "booked": [{"name": p.name, "role": _role(p)} for p in booked],
    }
    complete = with_logo(settings, context)

    def with_articles(document) -> dict[str, object]:
        articles = session.articles
        base = complete(document) if callable(complete) else complete
        return {
            **base,
            "where": _where(document, session),
            "articles": [
                _article(document, a, i, len(articles), settings.access_link)
                for i, a in enumerate(articles, 1)
            ],
        }

    return render(template, with_articles, inside(folder, pack_name(session)))


def pack_name(session: ReadingSession) -> str:
    """The pack's file name; the session number keeps two sessions on one day with one title
    from sharing a file."""
    title = safe_stem(session.title, "session")
    return f"session-pack_{session.date.isoformat()}_{title}_{session.id}.docx"


def _role(person) -> str:
    return ", ".join(part for part in (person.role, person.team) if part)


def _where(document, session):
    from docxtpl import RichText

    where = RichText(session.venue)
    if session.online_link:
        where.add(" — " if session.venue else "")
        add_link(document, where, "join the meeting online", session.online_link)
    return where


def _article(document, article, index: int, count: int, access_link: str) -> dict[str, object]:
    from docxtpl import RichText

    text, link = citation_parts(article)
    title = article.title or UNTITLED
    citation = RichText()
    citation.add(text)
    if link:
        citation.add(" ")
        add_link(document, citation, link, link)
    access = RichText()
    route, url = _access(article, link, access_link)
    access.add(route)
    if url:
        add_link(document, access, url, url)
    return {
        "heading": f"Article {index}: {title}" if count > 1 else title,
        "citation": citation,
        "link": link,
        "access": access,
        "appraisal": _appraisal(article),
        "abstract": article.abstract or "No abstract is available; read the full text.",
    }


def _access(article, doi_link: str | None, access_link: str) -> tuple[str, str | None]:
    """How a nurse gets the full text: words, and the link to follow (if any)."""
    from urllib.parse import quote

    if article.pmcid:
        return (
            "Full text: free to read (open access) in PubMed Central: ",
            f"https://pmc.ncbi.nlm.nih.gov/articles/{article.pmcid}/",
        )
    if access_link and (article.doi or article.pmid):
        values = {
            "doi": quote(article.doi or "", safe="/"),
            "pmid": article.pmid or "",
            "title": quote(article.title or ""),
        }
        if all(values[key] for key in ("doi", "pmid", "title") if f"{{{key}}}" in access_link):
            return (
                "Full text through the library (sign in with your NHS OpenAthens account): ",
                access_link.format(**values),
            )
    if doi_link:
        return (
            "Full text: follow the DOI link above. If the publisher asks you to pay, ask the "
            "library for a copy — it is free for NHS staff.",
            None,
        )
    return "Full text: ask the library for a copy — it is free for NHS staff.", None


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


def make_pack(
    settings: DocumentSettings,
    session: ReadingSession,
    booked: list,
    folder: Path,
    *,
    pdf: bool = False,
) -> Path:
    """The pack in ``folder`` (with a PDF beside it, when ``pdf``)."""
    from .pdf import require_soffice, to_pdf

    if pdf:
        require_soffice()  # before any work, so the advice comes first
    path = write_pack(settings, session, booked, folder)
    if pdf:
        to_pdf([path])
    return path
