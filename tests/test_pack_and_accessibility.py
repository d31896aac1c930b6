"""The session pack's extras, every document's accessibility, templates, and PDFs via LibreOffice."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from readinggroups import ConfigError, ReadingGroupsError, TemplateError, Workspace
from readinggroups.documents.pdf import soffice, to_pdf

from .test_documents import text_of


def png(width: int = 40, height: int = 20) -> bytes:
    """A small solid-colour PNG, made here so the tests need no picture files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x00\x30\x87" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def all_documents(workspace: Workspace, session_id: int, tmp_path: Path) -> list[Path]:
    """One of everything: the pack, an attendee's three documents, a CPD log."""
    pack = workspace.make_pack(session_id, tmp_path / "pack")
    forms = [p for p in workspace.make_forms(session_id, tmp_path / "forms") if "Zoë" in p.name]
    log, _ = workspace.cpd_log("zoe.hartley@example.nhs.uk", tmp_path / "log")
    return [pack, *forms, log]


def test_pack_cover_sign_in_sheet_and_feedback(workspace, attended, tmp_path):
    workspace.edit_session(attended.id, online_link="https://teams.microsoft.com/l/meetup-join/x")
    pack = workspace.make_pack(attended.id, tmp_path)
    text = text_of(pack)
    assert "14:00–15:00 (60 minutes)" in text
    assert "Microsoft Teams — join the meeting online" in text
    assert (
        "2.5 hours of CPD: 1 hour of group discussion (participatory) and 1.5 hours of preparation"
        in text
    )
    assert "Attending at least 45 of the 60 minutes earns the full 1 hour of discussion" in text
    assert "How the session runs" in text and "Before the session" in text
    document = Document(str(pack))
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://teams.microsoft.com/l/meetup-join/x" in links
    assert "https://doi.org/10.5555/rg.demo.0009" in links

    sign_in = next(t for t in document.tables if t.rows[0].cells[0].text == "Name")
    names = [row.cells[0].text for row in sign_in.rows[1:]]
    booked = [n for n in names if n]
    assert booked == sorted(booked, key=str.casefold) and len(booked) == 10  # as booked now
    assert "Tomasz Nowak" not in booked  # cancelled
    assert names[len(booked) :] == [""] * 6  # rows for walk-ins
    assert sign_in.rows[1].cells[1].text  # role and team shown
    assert "Feedback" in text and "Very useful" in text
    assert "Topics or articles you would like the group to read next" in text


def test_pack_questions_can_be_the_facilitators_own(workspace, attended, tmp_path):
    mine = ["What surprised you about the wards in the study?", "What would you try first?"]
    workspace.edit_session(attended.id, questions=mine)
    text = text_of(workspace.make_pack(attended.id, tmp_path))
    assert all(q in text for q in mine)
    assert "Questions chosen for this session by the facilitator" in text
    assert "What? What is the article about" not in text
    workspace.edit_session(attended.id, questions=[])  # back to the reflective model's
    assert "What? What is the article about" in text_of(workspace.make_pack(attended.id, tmp_path))


def test_a_joining_link_must_be_a_web_address(workspace, attended):
    with pytest.raises(ReadingGroupsError, match="not a web address"):
        workspace.edit_session(attended.id, online_link="teams meeting on Tuesday")


def test_access_route_open_access_or_the_librarys_link(workspace, attended, tmp_path):
    config = workspace.root / "readinggroups.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'access_link = ""',
            'access_link = "https://resolver.example.nhs.uk/openurl?id=doi:{doi}"',
        ),
        encoding="utf-8",
    )
    workspace = Workspace.open(workspace.root)
    text = text_of(workspace.make_pack(attended.id, tmp_path))
    assert (
        "Full text through the library (sign in with your NHS OpenAthens account): "
        "https://resolver.example.nhs.uk/openurl?id=doi:10.5555/rg.demo.0009"
    ) in text


def test_a_broken_access_link_setting_is_named(workspace):
    config = workspace.root / "readinggroups.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'access_link = ""', 'access_link = "resolver {doi}"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="group.access_link"):
        Workspace.open(workspace.root)


def paragraphs(document):
    """Every paragraph, in table cells, headers and footers too."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        yield from section.footer.paragraphs
        yield from section.header.paragraphs


def heading_levels(document) -> list[int]:
    levels = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name
        if name == "Title":
            levels.append(0)
        elif name.startswith("Heading "):
            levels.append(int(name.split()[1]))
    return levels


def assert_accessible(document, name: str) -> None:
    """What every document must pass, whoever reads it: real headings in order, a title and
    the language, A4, nothing under 11 pt, and links told by more than colour."""
    # Real headings, in order: a title first, no level skipped.
    levels = heading_levels(document)
    assert levels and levels[0] == 0, name
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)
    # A title and the language in the document's properties and styles.
    assert document.core_properties.title, name
    assert document.core_properties.language == "en-GB", name
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB", name
    # A4, and nothing smaller than 11 pt.
    section = document.sections[0]
    assert sorted((round(section.page_width.mm), round(section.page_height.mm))) == [210, 297]
    sizes = [int(e.get(qn("w:val"))) / 2 for e in document.element.iter(qn("w:sz"))]
    used = {p.style.name for p in paragraphs(document)}
    for style in (document.styles[n] for n in used):
        while style is not None and style.font.size is None:
            style = style.base_style
        sizes.append(style.font.size.pt if style is not None else 11)
    assert min(sizes) >= 11, (name, min(sizes))
    # Links are underlined, not told by colour alone.
    for run in document.element.body.iter(qn("w:hyperlink")):
        assert run.find(f".//{qn('w:u')}") is not None, name


def test_every_document_is_accessible_and_prints_on_a4(workspace, attended, tmp_path):
    (workspace.root / "logo.png").write_bytes(png())
    for path in all_documents(workspace, attended.id, tmp_path):
        document = Document(str(path))
        name = path.name
        assert_accessible(document, name)
        # The logo has alt text.
        pictures = list(document.element.body.iter(qn("wp:docPr")))
        assert pictures, name
        assert all(p.get("descr") == "Library and Knowledge Service logo" for p in pictures), name
        # Tables with a header row mark it, so it is announced and repeated on each page.
        for table in document.tables:
            first = [c.text for c in table.rows[0].cells]
            if first[0] in ("Name", "Standard", "Date") and len(first) > 2:
                assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, (name, first)


def test_a_logo_that_is_not_a_picture_is_named(workspace, attended, tmp_path):
    (workspace.root / "logo.png").write_text("not a picture")
    with pytest.raises(
        TemplateError, match="logo.png in the workspace is not a picture Word can show"
    ):
        workspace.make_pack(attended.id, tmp_path)


def test_templates_copy_and_an_edited_copy_is_used(workspace, attended, tmp_path):
    copied = workspace.copy_templates()
    assert sorted(p.name for p in copied) == [
        "certificate.docx",
        "cpd_log.docx",
        "cpd_log_entry.docx",
        "poster.docx",
        "reflective_account.docx",
        "session_pack.docx",
    ]
    assert workspace.copy_templates() == []  # edited copies are not overwritten
    certificate = workspace.root / "templates" / "certificate.docx"
    document = Document(str(certificate))
    document.add_paragraph("Signed for Northshire NHS Trust: {{ facilitator }}")
    document.save(str(certificate))
    made = [p for p in workspace.make_forms(attended.id, tmp_path) if "certificate" in p.name]
    assert all("Signed for Northshire NHS Trust: Helen Marsh" in text_of(p) for p in made)
    assert len(workspace.copy_templates(force=True)) == 6


@pytest.mark.skipif(
    soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed here (.ci/run installs it)",
)
def test_every_document_converts_to_pdf_in_one_libreoffice_run(workspace, attended, tmp_path):
    (workspace.root / "logo.png").write_bytes(png())
    documents = all_documents(workspace, attended.id, tmp_path)
    flat = tmp_path / "all"
    flat.mkdir()
    moved = []
    for path in documents:
        moved.append(flat / path.name)
        path.rename(moved[-1])
    pdfs = to_pdf(moved)
    assert [p.suffix for p in pdfs] == [".pdf"] * len(moved)
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
        # A4, portrait or (the CPD log) landscape.
        assert boxes and all(
            sorted((round(float(w)), round(float(h)))) == [595, 842] for w, h in boxes
        )
    # The CLI's --pdf makes one PDF per document beside it.
    written = workspace.make_forms(attended.id, tmp_path / "forms-pdf", pdf=True)
    assert len([p for p in written if p.suffix == ".pdf"]) == 27


@pytest.mark.skipif(
    soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed here (.ci/run installs it)",
)
def test_pack_pdf_from_the_command_line(workspace, attended, tmp_path):
    from .commands import run

    done = run("-w", str(workspace.root), "pack", "1", "--pdf", "--out", str(tmp_path))
    [pdf] = tmp_path.glob("session-pack_*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and f"Wrote {pdf}" in done.stdout


def test_a_half_downloaded_logo_is_named_not_the_template(workspace, attended, tmp_path):
    (workspace.root / "Logo.PNG").write_bytes(png()[:60])
    with pytest.raises(TemplateError, match="Logo.PNG in the workspace is not a picture"):
        workspace.make_pack(attended.id, tmp_path)


def test_a_broken_edited_template_is_one_clear_error(workspace, attended, tmp_path):
    workspace.copy_templates()
    certificate = workspace.root / "templates" / "certificate.docx"
    for broken, message in (
        ("{{ name ", "a field or {% ... %} tag is not written correctly"),
        ("{{ name.nmae }}", "unknown field"),
        ("{{ lipsum() }}", "unknown field"),
    ):
        document = Document(str(certificate))
        document.add_paragraph(broken)
        document.save(str(tmp_path / "edited.docx"))
        (tmp_path / "edited.docx").replace(workspace.root / "templates" / "certificate.docx")
        with pytest.raises(TemplateError, match=re.escape(message)):
            workspace.make_forms(attended.id, tmp_path / "out")
        workspace.copy_templates(force=True)
    # The pack: a misspelt field after a dot is named too, not left blank.
    pack = workspace.root / "templates" / "session_pack.docx"
    document = Document(str(pack))
    document.add_paragraph("{%p for a in articles %}")
    document.add_paragraph("{{ a.abstrct }}")
    document.add_paragraph("{%p endfor %}")
    document.save(str(pack))
    with pytest.raises(TemplateError, match="session_pack.docx: unknown field .*abstrct"):
        workspace.make_pack(attended.id, tmp_path)


def test_two_sessions_on_one_day_with_one_title_get_a_pack_each(workspace, tmp_path):
    from readinggroups.demo import sample_file

    from .test_documents import text_of

    workspace.import_articles([sample_file("search_export.ris")])
    morning = workspace.new_session(date="2026-11-12", start="10:00", title="Delirium")
    afternoon = workspace.new_session(date="2026-11-12", start="14:00", title="Delirium again")
    workspace.add_articles(morning.id, [1])
    workspace.add_articles(afternoon.id, [1])
    # The same title for both (run twice for the shifts), told apart by the venue.
    workspace.edit_session(afternoon.id, title="Delirium", venue="Seminar Room 2")
    assert morning.id != afternoon.id
    first = workspace.make_pack(morning.id, tmp_path)
    second = workspace.make_pack(afternoon.id, tmp_path)
    assert first != second and first.is_file() and second.is_file()
    texts = [text_of(path) for path in (first, second)]
    assert "Seminar Room 2" not in texts[0] and "Seminar Room 2" in texts[1]
