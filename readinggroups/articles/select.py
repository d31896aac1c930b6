"""Choosing what to read: a transparent score for each article, with its reasons spelt out.

Every point is explained in the `reasons` column so a librarian can see why an article ranks
where it does, and disagree. The weights follow how reading groups choose: recent, with an
abstract, a design a checklist fits, from a nursing journal, short enough to read in the
preparation time, on the topic, not discussed in the last year, and never retracted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..statuses import ArticleMark
from ..store import Article
from .design import CASP_CHECKLISTS

SHORTLISTED = ArticleMark.SHORTLISTED
REJECTED = ArticleMark.REJECTED
STATUSES = (SHORTLISTED, REJECTED)

# Short names a librarian may type for --type.
DESIGN_ALIASES = {
    "sr": "systematic review",
    "review": "systematic review",
    "meta-analysis": "systematic review",
    "rct": "randomised controlled trial",
    "trial": "randomised controlled trial",
    "randomized controlled trial": "randomised controlled trial",
    "cohort": "cohort study",
    "case-control": "case-control study",
    "qualitative": "qualitative study",
    "economic": "economic evaluation",
    "diagnostic": "diagnostic study",
    "opinion": "opinion",
    "guideline": "guideline",
}
_NURSING = re.compile(r"nurs|midwi|mental health|psychiatric|health visit", re.I)
_PAGES = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


@dataclass(frozen=True)
class Scored:
    article: Article
    score: int
    reasons: list[str]


def design_named(text: str) -> str:
    """The study design a librarian means by ``text`` ('rct', 'qualitative', ...)."""
    from .design import DESIGNS

    key = text.strip().lower()
    design = DESIGN_ALIASES.get(key, key)
    if design not in DESIGNS:
        raise ValueError(f"unknown study design {text!r} — use one of: {', '.join(DESIGNS)}")
    return design


def page_count(pages: str | None) -> int | None:
    match = _PAGES.match(pages or "")
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    if last < first:  # '1790-805' written short
        digits = len(match.group(2))
        last = int(str(first)[:-digits] + match.group(2)) if digits < len(str(first)) else last
    return last - first + 1 if last >= first else None


def score(
    article: Article, *, today: dt.date, query_words: list[str], discussed_on: dt.date | None
) -> Scored:
    points, reasons = 0, []

    def add(value: int, reason: str) -> None:
        nonlocal points
        points += value
        reasons.append(f"{value:+d} {reason}")

    if article.notice in ("retracted", "retraction notice"):
        add(-20, f"{article.notice.upper()}: do not use")
    elif article.notice:
        add(-1, f"has a notice: {article.notice}")
    if article.year is None:
        add(0, "year unknown")
    elif article.year >= today.year - 2:
        add(2, f"recent ({article.year})")
    elif article.year >= today.year - 5:
        add(1, f"fairly recent ({article.year})")
    else:
        add(0, f"older ({article.year})")
    if article.abstract:
        add(1, "has an abstract")
    else:
        add(-1, "no abstract")
    if article.study_design in CASP_CHECKLISTS:
        add(2, f"{article.study_design}: a CASP checklist fits")
    elif article.study_design:
        add(0, article.study_design)
    else:
        add(0, "study design unknown")
    if article.journal and _NURSING.search(article.journal):
        add(1, "nursing journal")
    pages = page_count(article.pages)
    if pages is not None:
        if pages <= 15:
            add(1, f"{pages} pages: readable in the preparation time")
        elif pages > 25:
            add(-1, f"{pages} pages: long to prepare")
    if query_words:
        title = article.title.lower()
        rest = " ".join([article.abstract or "", *article.keywords]).lower()
        in_title = [w for w in query_words if w in title]
        in_rest = [w for w in query_words if w not in in_title and w in rest]
        if in_title:
            add(2 * len(in_title), f"topic in title ({', '.join(in_title)})")
        if in_rest:
            add(len(in_rest), f"topic in abstract or keywords ({', '.join(in_rest)})")
    if discussed_on is not None:
        if discussed_on >= today - dt.timedelta(days=365):
            add(-5, f"discussed in this group on {discussed_on.isoformat()}")
        else:
            add(0, f"last discussed {discussed_on.isoformat()}")
    return Scored(article, points, reasons)


def matches(article: Article, query_words: list[str]) -> bool:
    text = " ".join([article.title, article.abstract or "", *article.keywords]).lower()
    return any(word in text for word in query_words)
