"""Every export format the databases give, read with the vendors' habits."""

from __future__ import annotations

import pytest

from readinggroups import RecordImportError
from readinggroups.articles import read_records, sniff
from readinggroups.articles.dedupe import derived

from .conftest import DATA, REAL, write

# Touches no database: runs once, not again on PostgreSQL.
pytestmark = pytest.mark.no_database

ARTICLES = DATA / "articles"


def by_title(path, **options):
    return {r.title: r for r in read_records(path, **options).records}


def test_cinahl_ris():
    records = list(read_records(ARTICLES / "cinahl.ris").records)
    assert len(records) == 3
    first, second, third = records
    assert first.title.startswith("Nurses' use of de-escalation")
    assert first.journal == "Journal of Psychiatric & Mental Health Nursing"  # JO/JF
    assert second.journal == "International Journal of Nursing Studies"  # T2
    assert first.abstract.startswith("Aim: To explore")  # N2
    assert second.abstract.startswith("Background: Fatigue")  # AB
    assert (first.database, first.accession) == ("CINAHL Complete", "161234567")
    assert first.pmid is None  # a CINAHL accession number is not a PMID
    assert third.pmid == "33445566"  # MEDLINE via EBSCO: AN is the PMID
    assert second.doi == "10.5555/rg.test.cinahl.2"  # from https://doi.org/ in upper case
    assert (first.year, first.volume, first.issue, first.pages) == (2023, "30", "2", "211-222")
    assert first.keywords == ["De-escalation", "Focus Groups", "Psychiatric Nursing"]
    assert first.language == "English"
    assert derived(first)[0] == "qualitative study"
    assert derived(second)[0] == "cohort study"
    assert derived(third)[1] == "retracted"


def test_ovid_ris_with_junk_lines_between_records_in_cp1252():
    records = read_records(ARTICLES / "ovid.ris").records
    assert [r.title[:30] for r in records] == [
        "Clinical supervision and burno",
        "Loneliness in older adults rec",
    ]
    assert records[0].authors == ["Fernández, Lucía", "Okafor, Chiamaka"]
    assert records[0].journal == "Journal of Advanced Nursing"
    assert records[0].pages == "1790-1805"
    assert derived(records[0])[0] == "systematic review"
    assert records[1].database == "Embase"


def test_proquest_duplicate_titles_and_one_space_tags():
    [record] = read_records(ARTICLES / "proquest.ris").records
    assert (
        record.title == "Journal clubs and evidence-based practice in nursing: a qualitative study"
    )
    assert record.authors == ["Mensah, Kwame"] and record.year == 2020


def test_pubmed_xml_from_efetch():
    [record] = read_records(REAL / "pubmed_xml" / "pubmed-29768149.xml").records
    assert record.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    assert (record.pmid, record.doi) == ("29768149", "10.1056/nejmoa1715274")
    assert record.authors[0] == "O'Byrne, Paul M" and len(record.authors) == 10
    assert record.journal == "The New England journal of medicine"
    assert (record.year, record.volume, record.issue, record.pages) == (
        2018,
        "378",
        "20",
        "1865-1876",
    )
    assert record.abstract.startswith("Background: In patients with mild asthma")
    assert "Randomized Controlled Trial" in record.publication_types
    assert derived(record)[0] == "randomised controlled trial"
    assert record.language == "eng"


def test_pubmed_csv_takes_volume_issue_and_pages_from_the_citation():
    records = by_title(ARTICLES / "pubmed.csv")
    trial = records[
        "Trauma-informed care training for inpatient nurses: a cluster randomised controlled trial."
    ]
    assert (trial.pmid, trial.pmcid, trial.doi) == (
        "90000101",
        "PMC11111111",
        "10.5555/rg.test.csv.1",
    )
    assert (trial.volume, trial.issue, trial.pages, trial.year) == ("33", "4", "1021-1033", 2024)
    assert trial.authors == ["Adebayo T", "Whitfield M", "Nowak T"]
    quoted = records['Therapeutic engagement on acute wards: "being with, not doing to".']
    assert quoted.doi is None and quoted.pages == "398-409"


def test_scopus_csv():
    [record] = read_records(ARTICLES / "scopus.csv").records
    assert record.authors == ["Raman, Priya", "Llewellyn, Gareth"]
    assert record.journal == "International Journal of Older People Nursing"
    assert record.pages == "e12345"
    assert (record.database, record.accession) == ("Scopus", "2-s2.0-85000000001")
    assert derived(record)[0] == "case-control study"


def test_any_csv_through_a_column_mapping(tmp_path):
    path = write(
        tmp_path / "mine.csv",
        'Article,Who,When,Ref\nA reading group study,"Smith, Jo",2021,10.5555/x.1\n',
    )
    with pytest.raises(RecordImportError, match="no title column"):
        read_records(path)
    [record] = read_records(
        path, mapping={"title": "Article", "authors": "Who", "year": "When", "doi": "Ref"}
    ).records
    assert (record.title, record.authors, record.year, record.doi) == (
        "A reading group study",
        ["Smith, Jo"],
        2021,
        "10.5555/x.1",
    )
    with pytest.raises(RecordImportError, match="no such column"):
        read_records(path, mapping={"title": "Titel"})
    with pytest.raises(RecordImportError, match="'colour', which is not a field"):
        read_records(path, mapping={"colour": "Article"})


def test_xlsx_export(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Title", "Authors", "Publication Year", "DOI", "PMID"])
    sheet.append(
        [
            "Safewards on acute wards: a systematic review",
            "Pemberton L; Adebayo T",
            2023,
            "10.5555/rg.demo.0001",
            90000007,
        ]
    )
    sheet.append([None, None, None, None, None])
    sheet.append(["", "No title here", 2020, None, None])
    book.save(tmp_path / "list.xlsx")
    read = read_records(tmp_path / "list.xlsx")
    [record] = read.records
    assert (record.year, record.pmid, record.doi) == (2023, "90000007", "10.5555/rg.demo.0001")
    assert record.authors == ["Pemberton L", "Adebayo T"]
    assert read.warnings == [
        "list.xlsx, record 2 (line 4): no title, and no DOI, PMID or abstract to go on — skipped"
    ]


def test_bibtex_from_zotero():
    read = read_records(ARTICLES / "zotero.bib")
    first, second = read.records
    assert first.title == "Reflective reading groups for NHS nurses: a qualitative evaluation"
    assert first.authors == ["O'Neill, Aoife", "Müller, Jörg", "Ni Bhriain, Siobhán"]
    assert (first.journal, first.year, first.volume, first.issue, first.pages) == (
        "Nurse Education Today",
        2024,
        "130",
        "2",
        "101-109",
    )
    assert first.keywords == ["journal club", "qualitative", "revalidation"]
    assert second.authors == ["Hartley, Zoë"]
    assert (
        len(read.warnings) == 1 and "record 3 (line 26): a broken BibTeX entry" in read.warnings[0]
    )
    with pytest.raises(RecordImportError, match="--strict"):
        read_records(ARTICLES / "zotero.bib", strict=True)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cinahl.ris", "ris"),
        ("ovid.ris", "ris"),
        ("proquest.ris", "ris"),
        ("pubmed.csv", "csv"),
        ("scopus.csv", "csv"),
        ("zotero.bib", "bibtex"),
    ],
)
def test_sniffing(name, expected):
    from readinggroups.textfile import decode

    path = ARTICLES / name
    assert sniff(decode(path.read_bytes(), path, RecordImportError, "x")) == expected


def test_pubmed_xml_sniffed_and_hostile_xml_refused(tmp_path):
    assert sniff((REAL / "pubmed_xml" / "pubmed-29768149.xml").read_text()) == "pubmed-xml"
    bomb = write(
        tmp_path / "bomb.xml",
        '<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><PubmedArticleSet><PubmedArticle>&b;</PubmedArticle></PubmedArticleSet>',
    )
    with pytest.raises(RecordImportError, match="bomb.xml: the XML declares entities"):
        read_records(bomb)
    cut = write(
        tmp_path / "cut.xml", (REAL / "pubmed_xml" / "pubmed-29768149.xml").read_text()[:3000]
    )
    with pytest.raises(
        RecordImportError, match=r"cut.xml, line \d+, column \d+: not well-formed XML"
    ):
        read_records(cut)


def test_an_unknown_format_name_is_refused():
    with pytest.raises(RecordImportError, match="unknown format 'endnote'"):
        read_records(ARTICLES / "ovid.ris", format="endnote")
