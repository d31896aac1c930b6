"""What kind of study an article reports, and whether it has been retracted or corrected.

Derived from the publication types, subject headings and keywords the databases give, then from
the title. The study design picks the CASP checklist the session pack links to.
"""

from __future__ import annotations

import re

# (design, phrases in publication types / keywords / MeSH, phrases in the title), checked in
# this order: a systematic review of RCTs is a systematic review.
_DESIGNS = (
    (
        "systematic review",
        ("systematic review", "meta-analysis", "meta analysis", "metaanalysis"),
        (
            "systematic review",
            "meta-analysis",
            "meta analysis",
            "scoping review",
            "integrative review",
            "umbrella review",
        ),
    ),
    (
        "randomised controlled trial",
        ("randomized controlled trial", "randomised controlled trial", "rct", "random allocation"),
        (
            "randomised controlled trial",
            "randomized controlled trial",
            "randomised trial",
            "randomized trial",
            "cluster randomised",
            "cluster randomized",
            "rct",
        ),
    ),
    (
        "economic evaluation",
        (
            "economic evaluation",
            "cost-benefit analysis",
            "cost benefit analysis",
            "cost-effectiveness",
            "cost effectiveness",
            "costs and cost analysis",
        ),
        (
            "economic evaluation",
            "cost-effectiveness",
            "cost effectiveness",
            "cost-utility",
            "cost utility",
        ),
    ),
    (
        "diagnostic study",
        (
            "sensitivity and specificity",
            "diagnostic accuracy",
            "roc curve",
            "predictive value of tests",
        ),
        ("diagnostic accuracy", "sensitivity and specificity", "validation of a screening"),
    ),
    (
        "case-control study",
        ("case-control studies", "case-control study", "case control"),
        ("case-control", "case control"),
    ),
    (
        "cohort study",
        (
            "cohort studies",
            "cohort study",
            "prospective studies",
            "longitudinal studies",
            "retrospective cohort",
        ),
        ("cohort study", "cohort", "longitudinal study", "prospective study"),
    ),
    (
        "qualitative study",
        (
            "qualitative research",
            "qualitative study",
            "qualitative",
            "focus groups",
            "interviews as topic",
            "thematic analysis",
            "phenomenology",
            "grounded theory",
        ),
        (
            "qualitative",
            "interview study",
            "focus group",
            "lived experience",
            "phenomenological",
            "thematic analysis",
            "experiences of",
        ),
    ),
    (
        "guideline",
        ("practice guideline", "guideline", "consensus development conference"),
        ("guideline", "guidance", "recommendations"),
    ),
    (
        "opinion",
        ("editorial", "comment", "letter", "opinion", "discussion paper", "commentary"),
        ("editorial", "commentary", "discussion paper", "opinion", "viewpoint", "perspective"),
    ),
)

DESIGNS = tuple(design for design, _, _ in _DESIGNS)

# The CASP checklist for each design it covers (linked, never copied: CC BY-NC-SA).
CASP_URL = "https://casp-uk.net/casp-tools-checklists/"
CASP_CHECKLISTS = {
    "systematic review": "CASP Systematic Review Checklist",
    "randomised controlled trial": "CASP Randomised Controlled Trial Checklist",
    "economic evaluation": "CASP Economic Evaluation Checklist",
    "diagnostic study": "CASP Diagnostic Study Checklist",
    "case-control study": "CASP Case Control Study Checklist",
    "cohort study": "CASP Cohort Study Checklist",
    "qualitative study": "CASP Qualitative Studies Checklist",
}


def _pattern(phrase_lists) -> re.Pattern[str]:
    """One pattern for all designs: group ``d3`` matches a phrase of the fourth design."""
    groups = "|".join(
        f"(?P<d{n}>{'|'.join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))})"
        for n, phrases in enumerate(phrase_lists)
    )
    return re.compile(rf"(?<![a-z])(?:{groups})(?![a-z])")


# Compiled once: an import of 10,000 records asks 20,000 times.
_TAGS = _pattern(tags for _, tags, _ in _DESIGNS)
_WORDS = _pattern(words for _, _, words in _DESIGNS)
# Most titles name no design; a title without any phrase's first word needs no pattern search.
_FIRST_WORDS = frozenset(
    re.split(r"[^a-z]", phrase, maxsplit=1)[0]
    for _, tags, words in _DESIGNS
    for phrase in (*tags, *words)
)
_WORD = re.compile(r"[a-z]+")


def study_design(publication_types: list[str], keywords: list[str], title: str) -> str | None:
    """The study design, or None when nothing says.

    Publication types and keywords outrank the title; where several designs are named, the
    first in _DESIGNS wins (a systematic review of qualitative studies is a systematic review).
    """
    tagged = "\n".join((*publication_types, *keywords)).lower()
    for text, pattern in ((tagged, _TAGS), (title.lower(), _WORDS)):
        if _FIRST_WORDS.isdisjoint(_WORD.findall(text)):
            continue
        found = [match.lastgroup for match in pattern.finditer(text) if match.lastgroup]
        if found:
            return DESIGNS[min(int(name[1:]) for name in found)]
    return None


_NOTICES = (
    ("retracted", ("retracted publication",), ("retracted:", "retracted article:", "[retracted]")),
    (
        "retraction notice",
        ("retraction of publication",),
        ("retraction:", "retraction notice", "notice of retraction"),
    ),
    ("expression of concern", ("expression of concern",), ("expression of concern",)),
    (
        "erratum",
        ("published erratum", "erratum", "correction"),
        ("erratum", "correction to:", "corrigendum", "correction:"),
    ),
)


_NOTICE_TYPES = tuple((name, frozenset(types), starts) for name, types, starts in _NOTICES)


def notice(publication_types: list[str], title: str) -> str | None:
    """'retracted', 'retraction notice', 'expression of concern' or 'erratum'; else None."""
    types = {t.lower() for t in publication_types}
    lowered = title.lower().lstrip()
    for name, type_names, title_starts in _NOTICE_TYPES:
        if not type_names.isdisjoint(types) or lowered.startswith(title_starts):
            return name
    return None
