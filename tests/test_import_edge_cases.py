"""Exports as they go wrong in real life: each case a librarian has met, one test each."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from readinggroups import RecordImportError
from readinggroups.articles import read_records

from .conftest import DATA, write


def test_a_stray_line_after_ty_is_one_error_not_a_crash(workspace, tmp_path):
    path = write(
        tmp_path / "crash.ris",
        "TY  - JOUR\nTI  - Fine\nLA  - English\nER  - \n\n"
        "TY  - JOUR\nwrapped text line\nTI  - Broken\nER  - \n",
    )
    with pytest.raises(RecordImportError, match=r"crash.ris, line 7: 'wrapped text line' follows"):
        workspace.import_articles([path])
    assert workspace.articles() == []


def test_tag_lines_without_a_ty_line_are_reported_not_lost(tmp_path):
    path = write(
        tmp_path / "noty.ris",
        "TY  - JOUR\nTI  - First article\nER  - \n\n"
        "TI  - Second article without TY\nAU  - Smith, Jo\nER  - \n",
    )
    read = read_records(path)
    assert [r.title for r in read.records] == ["First article"]
    assert read.warnings == [
        "noty.ris, line 5: 2 tag line(s) outside any record (a record "
        "without its `TY  -` line) — skipped"
    ]
    with pytest.raises(RecordImportError, match="with --strict nothing is imported"):
        read_records(path, strict=True)


def test_two_exports_joined_keep_every_record(tmp_path):
    one = (DATA / "articles" / "cinahl.ris").read_bytes()
    path = tmp_path / "joined.ris"
    path.write_bytes(one + one.replace(b"rg.test.cinahl", b"rg.test.second"))  # BOM mid-file
    assert len(read_records(path).records) == 6


def test_generic_titles_without_authors_are_not_merged(workspace, tmp_path):
    path = write(
        tmp_path / "letters.ris",
        "TY  - JOUR\nTI  - Letters to the editor\nT2  - Nursing Standard\nPY  - 2020\nER  - \n\n"
        "TY  - JOUR\nTI  - Letters to the editor\nT2  - Nursing Times\nPY  - 2020\nER  - \n",
    )
    result = workspace.import_articles([path])
    assert (len(result.new_ids), result.duplicates) == (2, 0)


def test_a_title_key_shared_by_two_articles_merges_nothing(workspace, tmp_path):
    ris = write(
        tmp_path / "d1.ris",
        "TY  - JOUR\nTI  - Journal clubs in nursing\nAU  - Mensah, Kwame\nPY  - 2021\n"
        "DO  - 10.5555/abstract\nT2  - J Adv Nurs\nER  - \n\n"
        "TY  - JOUR\nTI  - Journal clubs in nursing\nAU  - Mensah, Kwame\nPY  - 2021\n"
        "DO  - 10.5555/full\nT2  - Nurse Educ Today\nER  - \n",
    )
    csv = write(
        tmp_path / "d2.csv",
        "Title,Authors,Publication Year,PMID\nJournal clubs in nursing,Mensah K,2021,34000002\n",
    )
    result = workspace.import_articles([ris, csv])
    assert (len(result.new_ids), result.duplicates) == (3, 0)
    assert sorted(a.pmid or "" for a in workspace.articles()) == ["", "", "34000002"]


def test_the_same_article_without_a_doi_still_merges_by_title_year_and_author(workspace, tmp_path):
    ris = write(
        tmp_path / "a.ris",
        "TY  - JOUR\nTI  - Zoë's study of ward rounds.\n"
        "AU  - Ó Súilleabháin, Pádraig\nPY  - 2022\nER  - \n",
    )
    csv = write(
        tmp_path / "b.csv",
        "Title,Authors,Publication Year,PMID\n"
        '"ZOES STUDY OF WARD ROUNDS",O Suilleabhain P,2022,34000009\n',
    )
    result = workspace.import_articles([ris, csv])
    assert (len(result.new_ids), result.duplicates) == (1, 1)
    assert workspace.articles()[0].pmid == "34000009"


def test_a_column_mapping_leaves_other_files_alone(workspace, tmp_path):
    csv = write(tmp_path / "mine.csv", "Paper name,Year\nReflective practice in CMHTs,2022\n")
    result = workspace.import_articles(
        [DATA / "articles" / "cinahl.ris", csv], mapping={"title": "Paper name", "year": "Year"}
    )
    assert len(result.new_ids) == 4


def test_semicolon_csv_from_european_excel(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes(
        "Title;Authors;Year;DOI\nSoins infirmiers et réflexion;Dupont, Élise;2023;"
        "10.5555/semi\n".encode("cp1252")
    )
    [record] = read_records(path).records
    assert (record.title, record.authors, record.year) == (
        "Soins infirmiers et réflexion",
        ["Dupont, Élise"],
        2023,
    )


@pytest.mark.parametrize(
    ("link", "doi"),
    [
        (
            "https://journals.sagepub.com/doi/10.1177/0969733020123456?url_ver=Z39.88-2003",
            "10.1177/0969733020123456",
        ),
        ("https://onlinelibrary.wiley.com/doi/10.1111/jan.15000/abstract", "10.1111/jan.15000"),
        ("https://doi.org/10.1016/j.nedt.2020.104500#section", "10.1016/j.nedt.2020.104500"),
    ],
)
def test_dois_from_publisher_links(tmp_path, link, doi):
    path = write(tmp_path / "u.ris", f"TY  - JOUR\nTI  - Linked article\nUR  - {link}\nER  - \n")
    assert read_records(path).records[0].doi == doi


def test_doi_given_in_m3(tmp_path):
    path = write(
        tmp_path / "m3.ris", "TY  - JOUR\nTI  - DOI in M3\nM3  - doi: 10.3000/M3ONLY\nER  - \n"
    )
    [record] = read_records(path).records
    assert record.doi == "10.3000/m3only" and record.publication_types == []


def test_one_windows_line_in_a_utf8_file_garbles_nothing_else(tmp_path):
    path = tmp_path / "mixed.ris"
    path.write_bytes(
        "TY  - JOUR\nTI  - Café culture on the ward\n".encode()
        + "AB  - A \u201cquoted\u201d abstract\n".encode("cp1252")
        + b"ER  - \n"
    )
    [record] = read_records(path).records
    assert record.title == "Café culture on the ward"
    assert record.abstract == "A \u201cquoted\u201d abstract"


def test_bibtex_string_concatenation(tmp_path):
    path = write(
        tmp_path / "q.bib",
        '@string{nt = "Nursing"}\n'
        "@article{a, title = {Reading groups # revalidation}, "
        'journal = nt # " Times", year = 2021}\n',
    )
    [record] = read_records(path).records
    assert (record.journal, record.title) == ("Nursing Times", "Reading groups # revalidation")


def _workbook(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_sheet_with_the_articles_is_found(tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(
        _workbook(
            ("Notes", [["Search run 3 May"], ["by the library"]]),
            ("Results", [["Title", "Year"], ["Falls on dementia wards", 2022]]),
        )
    )
    [record] = read_records(path).records
    assert record.title == "Falls on dementia wards"
    empty = tmp_path / "notes.xlsx"
    empty.write_bytes(_workbook(("Notes", [["nothing here"]])))
    with pytest.raises(RecordImportError, match=r"no sheet has a title column \(sheets: 'Notes'\)"):
        read_records(empty)


def test_an_excel_file_renamed_csv_is_still_read(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(_workbook(("Sheet1", [["Title"], ["Peer support workers"]])))
    assert read_records(path).records[0].title == "Peer support workers"


def test_a_damaged_workbook_is_one_error(tmp_path):
    good = _workbook(("Sheet1", [["Title"], ["Peer support workers"]]))
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(
                item, data[: len(data) // 2] if "worksheets/sheet" in item.filename else data
            )
    path = tmp_path / "badsheet.xlsx"
    path.write_bytes(damaged.getvalue())
    with pytest.raises(RecordImportError, match="badsheet.xlsx: a damaged Excel file"):
        read_records(path)


def test_an_old_xls_file_says_to_save_as_xlsx(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(RecordImportError, match="old Excel .xls .* save it as .xlsx or CSV"):
        read_records(path)


def test_scopus_author_ids_are_not_part_of_names(tmp_path):
    path = write(
        tmp_path / "s.csv",
        "Authors,Author full names,Title,Year\n"
        '"Raman P.; Llewellyn G.","Raman, Priya (57193456789); Llewellyn, Gareth (57193456790)",'
        "Falls on wards,2022\n",
    )
    assert read_records(path).records[0].authors == ["Raman, Priya", "Llewellyn, Gareth"]


@pytest.mark.parametrize("fmt", ["ris", "medline"])
def test_untidy_values_are_cleaned_and_tidy_ones_kept(tmp_path, fmt):
    # Tabs, doubled spaces, decomposed accents, a control character, a no-break space and a
    # repeated keyword: each is tidied the way clean() tidies a single value.
    decomposed = "Zoe\u0308"
    if fmt == "ris":
        text = (
            "TY  - JOUR\nTI  - Safe\tstaffing  and\u00a0burnout\nAU  - "
            f"{decomposed}, Smith\nAU  - Ní Bhriain, Siobhán\nKW  - Nursing\nKW  - Nursing\n"
            "KW  - Burnout\x07\nT2  - Nursing   Times\nPY  - 2024\nER  - \n"
            "TY  - JOUR\nTI  - A tidy title | with a bar\nAU  - O'Neill, Aoife\nPY  - 2023\n"
            "ER  - \n"
        )
    else:
        text = (
            "PMID- 1\nTI  - Safe\tstaffing  and\u00a0burnout\n"
            f"FAU - {decomposed}, Smith\nFAU - Ní Bhriain, Siobhán\nOT  - Nursing\n"
            "OT  - Nursing\nOT  - Burnout\x07\nJT  - Nursing   Times\nDP  - 2024\n\n"
            "PMID- 2\nTI  - A tidy title | with a bar\nFAU - O'Neill, Aoife\nDP  - 2023\n"
        )
    first, second = read_records(write(tmp_path / f"x.{fmt}", text)).records
    assert first.title == "Safe staffing and burnout"
    assert first.authors == ["Zoë, Smith", "Ní Bhriain, Siobhán"]
    assert first.keywords == ["Nursing", "Burnout"]
    assert first.journal == "Nursing Times"
    assert second.title == "A tidy title | with a bar"
    assert second.authors == ["O'Neill, Aoife"]


def test_medline_records_are_numbered_by_their_first_line(tmp_path):
    text = "\n\nPMID- 1\nTI  - One\n\n\n  \nPMID- 2\nAB  - Abstract only, no title\n"
    read = read_records(write(tmp_path / "x.txt", text))
    assert [r.title for r in read.records] == ["One", ""]
    assert read.warnings[0].startswith("x.txt, record 2 (line 8): no title")
