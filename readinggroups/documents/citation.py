"""Vancouver-style citations, as NHS libraries and nursing journals use them."""

from __future__ import annotations

from ..store import Article

MAX_AUTHORS = 6
UNTITLED = "[Title not in the search record]"  # Vancouver lists six, then "et al."


def vancouver_author(name: str) -> str:
    """``"Ní Bhriain, Siobhán Máire"`` → ``"Ní Bhriain SM"``; ``"Griffin DK"`` stays as it is."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        initials = "".join(word[0] for word in given.replace("-", " ").split() if word[0].isalpha())
        return f"{surname} {initials}".strip()
    return name.strip()


def authors_text(authors: list[str]) -> str:
    names = [vancouver_author(a) for a in authors[:MAX_AUTHORS]]
    if len(authors) > MAX_AUTHORS:
        names.append("et al")
    return ", ".join(names)


def doi_url(article: Article) -> str | None:
    return f"https://doi.org/{article.doi}" if article.doi else None


def citation_parts(article: Article) -> tuple[str, str | None]:
    """(the citation without its DOI, the DOI link) so a document can make the link clickable."""
    parts = []
    if article.authors:
        parts.append(authors_text(article.authors) + ".")
    parts.append((article.title or UNTITLED).rstrip(".") + ".")
    source = article.journal or ""
    details = str(article.year or "")
    if article.volume:
        details += f";{article.volume}"
        if article.issue:
            details += f"({article.issue})"
    if article.pages:
        details += f":{article.pages}"
    if source:
        parts.append(f"{source.rstrip('.')}. {details}.".replace(". .", "."))
    elif details:
        parts.append(details + ".")
    return " ".join(parts), doi_url(article)


def vancouver(article: Article) -> str:
    text, link = citation_parts(article)
    return f"{text} doi:{article.doi}" if link else text
