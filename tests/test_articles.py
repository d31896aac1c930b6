"""Importing search exports: the real files, duplicates, and every kind of bad file."""

from __future__ import annotations

import codecs

import pytest

from readinggroups import RecordImportError
from readinggroups.articles import read_records, sniff
from readinggroups.demo import sample_file

from .conftest import REAL, write


def test_real_medline_export_reads_every_record_with_dois_and_pmids():
    records = read_records(REAL / "medline" / "pubmed_medline_10.txt").records
    assert len(records) == 10
    first = records[0]
    assert first.title == "Time lapse: A glimpse into prehistoric genomics."
    assert first.pmid == "30922926"
    assert first.doi == "10.1016/j.ejmg.2019.03.004"
    assert first.year == 2020
    assert first.authors[:2] == ["Griffin, Darren K", "Larkin, Denis M"]
    assert first.journal == "European journal of medical genetics"
    assert first.abstract.startswith("For the purpose of this review, 'time-lapse'")
    assert "  " not in first.abstract  # continuation lines joined with single spaces
    assert all(r.pmid and r.pmid.isdigit() for r in records)
    assert any("ñ" in author for r in records for author in r.authors)  # Peñalver


def test_real_ris_files_read_with_their_titles_and_authors():
    full = read_records(REAL / "ris" / "example_full.ris").records
    assert [r.title for r in full] == ["Title of reference", "The title of the reference"]
    assert full[0].authors == ["Marx, Karl", "Lindgren, Astrid"]
    assert full[0].year == 2014 and full[0].volume == "9" and full[0].issue == "3"
    utf = read_records(REAL / "ris" / "example_utf_chars.ris").records
    assert len(utf) == 1 and utf[0].title.startswith("Состояние рецепторного")
    assert utf[0].volume == "8" and utf[0].pages == "52-57"


def test_every_real_sample_imports_with_its_record_count(workspace):
    counts = {
        "medline/pubmed_medline_10.txt": 10,
        "pubmed_xml/pubmed-29768149.xml": 1,
        "ris/example_full.ris": 2,
        "ris/example_utf_chars.ris": 1,
        "ris/example_bom.ris": 1,
        "ris/example_multiline.ris": 3,
    }
    for name, count in counts.items():
        assert len(read_records(REAL / name).records) == count, name
    result = workspace.import_articles([REAL / name for name in counts])
    assert len(result.new_ids) == sum(counts.values())


def test_a_record_with_only_a_doi_is_kept_untitled_with_a_warning():
    # rispy's BOM sample holds one record with a DOI and nothing else.
    read = read_records(REAL / "ris" / "example_bom.ris")
    [record] = read.records
    assert (record.title, record.doi) == ("", "10.1186/s40981-020-0316-0")
    assert read.warnings[0].startswith("example_bom.ris, record 1 (line 1): no title — imported")
    multiline = read_records(REAL / "ris" / "example_multiline.ris").records
    assert [r.abstract for r in multiline] == [
        "first line, ER then second line and at the end the last line"
    ] * 3


def test_a_record_with_nothing_to_go_on_is_skipped_with_a_warning(tmp_path):
    path = write(
        tmp_path / "mixed.ris", "TY  - JOUR\nTI  - Kept\nER  - \n\nTY  - JOUR\nPY  - 2020\nER  - \n"
    )
    read = read_records(path)
    assert [r.title for r in read.records] == ["Kept"]
    assert read.warnings == [
        "mixed.ris, record 2 (line 5): no title, and no DOI, PMID or abstract to go on — skipped"
    ]


def test_a_later_record_fills_in_a_missing_title(workspace, tmp_path):
    workspace.import_articles([REAL / "ris" / "example_bom.ris"])
    write(
        tmp_path / "full.ris",
        "TY  - JOUR\nTI  - The full record\nDO  - 10.1186/S40981-020-0316-0\nER  - \n",
    )
    result = workspace.import_articles([tmp_path / "full.ris"])
    assert result.duplicates == 1
    assert workspace.articles()[0].title == "The full record"


def test_format_is_sniffed_from_content_not_extension(tmp_path):
    medline = (REAL / "medline" / "pubmed_medline_10.txt").read_bytes()
    disguised = tmp_path / "search.ris"
    disguised.write_bytes(medline)
    assert len(read_records(disguised).records) == 10
    assert sniff("TY  - JOUR\nTI  - x\nER  - \n") == "ris"
    assert sniff("PMID- 1\nTI  - x\n") == "medline"


def test_ris_in_other_encodings_and_line_endings(tmp_path):
    text = "TY  - JOUR\r\nTI  - Siobhán and Zoë on the ward\r\nDO  - https://doi.org/10.5555/ABC.1\r\nPY  - 2024///\r\nER  - \r\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        path = tmp_path / f"{encoding}.ris"
        path.write_bytes(text.encode(encoding))
        [record] = read_records(path).records
        assert record.title == "Siobhán and Zoë on the ward", encoding
        assert record.doi == "10.5555/abc.1"
        assert record.year == 2024


def test_single_space_tag_variant_is_read(tmp_path):
    path = write(tmp_path / "s.ris", "TY - JOUR\nTI - One space\nAU - Smith, Jo\nER - \n")
    [record] = read_records(path).records
    assert record.title == "One space" and record.authors == ["Smith, Jo"]


BAD_FILES = {
    "empty.ris": (b"", "the file is empty"),
    "blank.ris": (b"\n\n  \r\n", "the file is empty"),
    "spreadsheet.ris": (b"PK\x03\x04\x14\x00\x06\x00binary", "zip file"),
    "random.ris": (bytes(range(256)) * 4, "binary file"),
    "login.ris": (b"<!DOCTYPE html><html><body>Please sign in</body></html>", "web page"),
    "notes.txt": (b"Some notes about my search\nnothing to import\n", "not a format"),
    "truncated.ris": (
        b"TY  - JOUR\nTI  - Complete\nER  - \n\nTY  - JOUR\nTI  - Cut off",
        "cut short",
    ),
    "unclosed.ris": (b"TY  - JOUR\nTI  - A\nTY  - JOUR\nTI  - B\nER  - \n", "no `ER  -` line"),
    "bad-utf16.ris": (codecs.BOM_UTF16_LE + b"T\x00Y\x00\x00\xd8", "UTF-16"),
    "medline-junk.txt": (b"PMID- 1\nTI  - x\nthis line is junk\n", "line 3"),
    # Line numbers count the blank lines between records, however many there are.
    "medline-junk-later.txt": (
        b"\nPMID- 1\nTI  - x\n      wrapped\n\n \n\nPMID- 2\nTI  - y\nAB  - z\njunk\n",
        "line 11",
    ),
    "medline-no-pmid.txt": (b"PMID- 1\nTI  - x\n\n\nTI  - y\n", "line 5: a record starts with TI"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gives_one_clear_error_and_imports_nothing(workspace, tmp_path, name):
    content, message = BAD_FILES[name]
    good = sample_file("search_export.ris")
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(RecordImportError) as raised:
        workspace.import_articles([good, bad])
    text = str(raised.value)
    assert text.startswith(name) and message in text
    assert "\n" not in text
    assert workspace.articles() == []  # the good file before it was not imported either


def test_a_missing_file_is_named(workspace, tmp_path):
    with pytest.raises(RecordImportError, match="nowhere.ris: no such file"):
        workspace.import_articles([tmp_path / "nowhere.ris"])


def test_duplicates_across_files_and_imports_are_merged_not_stored_twice(workspace):
    first = workspace.import_articles([sample_file("search_export.ris")])
    assert (len(first.new_ids), first.duplicates) == (16, 0)
    second = workspace.import_articles([sample_file("pubmed_export.txt")])
    assert (len(second.new_ids), second.duplicates) == (2, 3)
    again = workspace.import_articles(
        [sample_file("search_export.ris"), sample_file("pubmed_export.txt")]
    )
    assert (len(again.new_ids), again.duplicates) == (0, 21)
    articles = workspace.articles()
    assert len(articles) == 18
    merged = next(a for a in articles if a.doi == "10.5555/rg.demo.0009")
    assert merged.pmid == "90000001"  # the PubMed copy added its PMID to the CINAHL record


def test_duplicates_within_one_file_are_merged(workspace, tmp_path):
    text = "TY  - JOUR\nTI  - Same\nDO  - 10.5555/x\nER  - \n\nTY  - JOUR\nTI  - Same\nDO  - doi:10.5555/X\nAB  - Longer abstract\nER  - \n"
    result = workspace.import_articles([write(tmp_path / "d.ris", text)])
    assert (len(result.new_ids), result.duplicates) == (1, 1)
    [article] = workspace.articles()
    assert article.abstract == "Longer abstract"


def test_hostile_text_is_stored_as_given_without_control_characters(workspace, tmp_path):
    text = 'TY  - JOUR\nTI  - =HYPERLINK("x") <b>bold</b> & \x07bell\nAU  - O\'Neill, Siobhán\nER  - \n'
    workspace.import_articles([write(tmp_path / "h.ris", text)])
    [article] = workspace.articles()
    assert article.title == '=HYPERLINK("x") <b>bold</b> & bell'
    assert article.authors == ["O'Neill, Siobhán"]


def test_importing_no_files_is_an_empty_import(workspace):
    # A notebook run before any export was saved: nothing to do, and no traceback.
    result = workspace.import_articles([])
    assert result.files == {} and workspace.articles() == []
