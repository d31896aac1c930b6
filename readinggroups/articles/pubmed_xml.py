"""PubMed XML: what E-utilities' efetch returns (`PubmedArticleSet`), and PubMed's XML download.

Parsed with defusedxml: a hostile file cannot expand entities or reach out for external ones.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import RecordImportError
from .record import (
    FileRecords,
    Record,
    Unusable,
    collect,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    parse_year,
    text_list,
    text_or_none,
)


def looks_like(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("<") and ("<PubmedArticleSet" in head or "<PubmedArticle" in head)


def loads(text: str | bytes, path: Path) -> FileRecords:
    """The records of a PubMed XML document (text, or bytes as downloaded)."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        # forbid_dtd stays off: every efetch answer starts with a DOCTYPE line.
        root = safe_xml.fromstring(text, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise RecordImportError(
            path, "the XML declares entities, which PubMed never does — refused for safety"
        ) from exc
    except safe_xml.ParseError as problem:
        line, column = problem.position
        raise RecordImportError(
            path,
            f"not well-formed XML ({str(problem).split(':')[0]}) — the file may be cut short; "
            "download it again",
            where=f"line {line}, column {column}",
        ) from problem
    if root.tag not in ("PubmedArticleSet", "PubmedArticle"):
        raise RecordImportError(
            path,
            f"XML whose root is <{root.tag}>, not a PubMed export — in PubMed, use Save → "
            "Format: PubMed (or XML from E-utilities efetch)",
        )
    articles = [root] if root.tag == "PubmedArticle" else list(root)
    if not articles:
        raise RecordImportError(path, "the PubMed XML holds no articles — the search found none")
    numbered = [(n, f"<{a.tag}> {n}", a) for n, a in enumerate(articles, 1)]
    return collect(path, numbered, lambda article, number: _record(article, path, number))


def _text(element: Element | None) -> str | None:
    # itertext keeps the words inside <sub>, <i> and the like.
    return text_or_none("".join(element.itertext())) if element is not None else None


def _record(article: Element, path: Path, number: int) -> Record:
    if article.tag != "PubmedArticle":
        raise Unusable(f"a <{article.tag}> (books are not imported)")
    citation = article.find("MedlineCitation")
    if citation is None:
        raise Unusable("no <MedlineCitation>")
    art = citation.find("Article")
    title = _text(art.find("ArticleTitle")) if art is not None else None
    if art is None or not title:
        raise Unusable("no <ArticleTitle>")
    journal = art.find("Journal")
    issue = journal.find("JournalIssue") if journal is not None else None
    pub_date = issue.find("PubDate") if issue is not None else None
    year = None
    if pub_date is not None:
        year = parse_year(_text(pub_date.find("Year")) or _text(pub_date.find("MedlineDate")))
    ids = {
        (node.get("IdType") or "").lower(): _text(node)
        for node in article.iterfind("PubmedData/ArticleIdList/ArticleId")
    }
    doi = next(
        (normalise_doi(_text(n)) for n in art.iterfind("ELocationID") if n.get("EIdType") == "doi"),
        None,
    ) or normalise_doi(ids.get("doi"))
    keywords = [_text(n) for n in citation.iterfind("KeywordList/Keyword")]
    keywords += [_text(n) for n in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")]
    pmid = normalise_pmid(_text(citation.find("PMID")))
    return Record(
        title=title,
        authors=[a for a in map(_author, art.iterfind("AuthorList/Author")) if a],
        journal=_text(journal.find("Title")) if journal is not None else None,
        year=year,
        volume=_text(issue.find("Volume")) if issue is not None else None,
        issue=_text(issue.find("Issue")) if issue is not None else None,
        pages=_text(art.find("Pagination/MedlinePgn")),
        doi=doi,
        pmid=pmid,
        pmcid=normalise_pmcid(ids.get("pmc")),
        abstract=_abstract(art),
        keywords=text_list(keywords),
        publication_types=text_list(
            _text(n) for n in art.iterfind("PublicationTypeList/PublicationType")
        ),
        language=_text(art.find("Language")),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
        database="PubMed",
        source_file=path.name,
        source_record=number,
    )


def _author(author: Element) -> str | None:
    collective = _text(author.find("CollectiveName"))
    if collective:
        return collective
    last, fore = _text(author.find("LastName")), _text(author.find("ForeName"))
    if last and fore:
        return f"{last}, {fore}"
    return last


def _abstract(article: Element) -> str | None:
    parts = []
    for node in article.iterfind("Abstract/AbstractText"):
        text = _text(node)
        if text:
            label = node.get("Label")
            parts.append(f"{label.capitalize()}: {text}" if label else text)
    return " ".join(parts) or None
