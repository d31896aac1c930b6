"""The Word documents as a nurse opens them: text, tables, tick boxes, safe names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from readinggroups import ReadingGroupsError, TemplateError, nmc
from readinggroups.documents.filenames import inside, safe_stem
from readinggroups.documents.render import W14

from .conftest import write


def text_of(path: Path) -> str:
    """All the text of a .docx: paragraphs, then every table cell, then content controls."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def ticks_of(path: Path) -> dict[str, bool]:
    body = Document(str(path)).element.body
    found = {}
    for sdt in body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val"))
        state = sdt.find(f"{qn('w:sdtPr')}/{{{W14}}}checkbox/{{{W14}}}checked").get(f"{{{W14}}}val")
        glyph = "".join(t.text for t in sdt.iter(qn("w:t")))
        assert glyph == ("\u2612" if state == "1" else "\u2610")  # what prints matches the state
        found[tag.removeprefix("theme:")] = state == "1"
    return found


def reflective(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.name.startswith("reflective-account_")]


def test_three_documents_per_attendee_including_partial(workspace, attended):
    written = workspace.make_forms(attended.id)
    assert len(written) == 27
    for kind in ("reflective-account_", "cpd-record_", "certificate_"):
        assert len([p for p in written if p.name.startswith(kind)]) == 9
    forms = reflective(written)
    names = sorted(p.name for p in forms)
    assert any("Siobhán-Ní-Bhriain" in n for n in names)
    assert any("Zoë-Hartley" in n for n in names)
    assert any("Aoife-ONeill" in n for n in names)
    assert not any("Rebecca" in n or "Tomasz" in n for n in names)  # no-show, cancelled


def test_reflective_account_form_holds_the_nmc_questions_and_the_facts(workspace, attended):
    forms = {p.name: p for p in reflective(workspace.make_forms(attended.id))}
    form = next(p for n, p in forms.items() if "Aoife-ONeill" in n)
    text = text_of(form)
    for question in nmc.REFLECTIVE_QUESTIONS:
        assert question in text
    assert "Aoife O'Neill" in text and "18I0457E" in text
    assert "12 November 2026" in text and "14:00–15:00" in text
    assert "Reflective reading group (participatory CPD): Nursing Reading Group" in text
    assert (
        "Okonkwo A, Ó Súilleabháin P, Gallagher L, Reid M. 'Being with, not doing to': "
        "mental health nurses' experiences of therapeutic engagement on acute inpatient "
        "wards: a qualitative study."
    ) in text
    assert "doi:10.5555/rg.demo.0009" in text
    assert nmc.ANONYMITY_REMINDER in text
    assert "So what? What did the article and the group's discussion add" in text  # Rolfe prompt
    assert "reflective discussion" not in text.lower()


def test_hours_are_split_into_participatory_and_individual(workspace, attended):
    forms = reflective(workspace.make_forms(attended.id))
    partial = next(p for p in forms if "Gareth-Llewellyn" in p.name)
    # 32 of 60 minutes, under the 45-minute threshold: the time attended, by quarter hours.
    assert (
        "2 hours of CPD: 0.5 participatory (the group discussion) and 1.5 individual (the "
        "preparatory reading offered before the session)"
    ) in text_of(partial)
    full = next(p for p in forms if "Aoife-ONeill" in p.name)
    assert "2.5 hours of CPD: 1 participatory" in text_of(full)  # 59 of 60 minutes: the hour


def test_theme_boxes_are_left_for_the_nurse_with_the_sessions_themes_suggested(workspace, attended):
    form = reflective(workspace.make_forms(attended.id))[0]
    # Question 4 is her judgement: four real check boxes, none ticked for her.
    assert ticks_of(form) == {
        "prioritise": False,
        "practise": False,
        "preserve": False,
        "promote": False,
    }
    text = text_of(form)
    for theme in nmc.THEMES:
        assert theme.title in text
    # The session's paragraphs 6.2, 9.3 and 22.3, offered only as a suggestion.
    assert (
        "A suggestion only: the choice is yours. The facilitator linked this session to the "
        "themes Practise effectively (paragraphs 6.2 and 9.3) and Promote professionalism and "
        "trust (paragraph 22.3)."
    ) in text


def test_session_pack_has_the_session_article_and_code_standards(workspace, attended):
    pack = workspace.make_pack(attended.id)
    text = text_of(pack)
    assert "Nursing Reading Group" in text and "Therapeutic engagement" in text
    assert "12 November 2026" in text and "14:00–15:00 (60 minutes)" in text
    assert "Helen Marsh" in text and "Microsoft Teams" in text
    assert (
        "2.5 hours of CPD: 1 hour of group discussion (participatory) and 1.5 hours of "
        "preparation (individual reading and notes, offered for you to do in your own time, so "
        "not observed)"
    ) in text
    assert "Background: Therapeutic engagement between nurses and patients" in text
    assert "What? So what? Now what?" in text
    assert "Read the article" in text  # pre-reading checklist
    for line in (
        "Paragraph 6.2\n\u201cmaintain the knowledge and skills you need for safe and effective "
        "practice\u201d (under Standard 6: Always practise in line with the best available "
        "evidence)\nPractise effectively",
        "Paragraph 22.3\n\u201ckeep your knowledge and skills up to date, taking part in "
        "appropriate and regular learning and professional development activities that aim to "
        "maintain and develop your competence and improve your performance\u201d (under "
        "Standard 22: Fulfil all registration requirements)\nPromote professionalism and trust",
    ):
        assert line in text
    assert "From The Code (2015, updated 2018)." in text
    relationships = zipfile.ZipFile(pack).read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://doi.org/10.5555/rg.demo.0009"' in relationships  # a real link
    assert "{{" not in text and "{%" not in text


def test_documents_are_a4_en_gb_with_a_title(workspace, attended):
    for path in [workspace.make_pack(attended.id), workspace.make_forms(attended.id)[0]]:
        document = Document(str(path))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert document.core_properties.title
        assert document.core_properties.language == "en-GB"
        assert document.styles["Normal"].font.size.pt >= 11


HOSTILE = [
    "Jamal <b>Okafor</b> & Sons",
    "../../etc/passwd",
    "CON",
    "Zoë 🙂 O'Neill",
    "x" * 200,
    '=HYPERLINK("x")',
    "{{ name }}",
]


def test_hostile_names_appear_literally_and_files_stay_in_the_folder(workspace, session, tmp_path):
    rows = "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",p{i}@example.nhs.uk\n'
        for i, name in enumerate(HOSTILE)
    )
    workspace.import_bookings(session.id, write(tmp_path / "b.csv", "name,email\n" + rows))
    minutes = "".join(f"p{i}@example.nhs.uk,60\n" for i in range(len(HOSTILE)))
    workspace.import_attendance(session.id, write(tmp_path / "a.csv", "email,minutes\n" + minutes))
    out = tmp_path / "forms"
    forms = workspace.make_forms(session.id, out)
    assert len(forms) == 3 * len(HOSTILE) == len({p.name for p in forms})
    for path in forms:
        assert path.parent == out.resolve()
        assert len(path.name) < 130
        assert not any(ch in path.name for ch in '<>:"/\\|?*')
        assert path.name.split("_")[2].upper() != "CON"
    texts = [text_of(p) for p in forms]
    for name in HOSTILE:
        assert any(name in text for text in texts), name


def test_safe_file_names():
    assert safe_stem("Siobhán Ní Bhriain") == "Siobhán-Ní-Bhriain"
    assert safe_stem("../x") == "x"
    assert safe_stem("CON") == "unnamed-CON"
    assert safe_stem("aux.txt") == "unnamed-aux.txt"
    assert safe_stem("🙂🙂") == "unnamed"
    assert safe_stem(" . ") == "unnamed"
    with pytest.raises(ValueError):
        inside(Path("/tmp/out"), "../escape.docx")


def test_forms_before_attendance_say_what_to_do(workspace, session):
    with pytest.raises(ReadingGroupsError, match="import the attendance first"):
        workspace.make_forms(session.id)


def test_pack_without_an_article_says_how_to_choose_one(workspace):
    bare = workspace.new_session(date="2026-12-01", start="12:30", title="No article yet")
    with pytest.raises(ReadingGroupsError, match="sessions add-article"):
        workspace.make_pack(bare.id)


def edit_template(workspace, line: str) -> None:
    """Give the workspace its own reflective account template with ``line`` added."""
    from readinggroups.documents.render import template_path

    own = workspace.root / "templates"
    own.mkdir(exist_ok=True)
    document = Document(str(template_path("reflective_account.docx")))
    document.add_paragraph(line)
    document.save(str(own / "reflective_account.docx"))


def test_a_misspelt_field_in_an_edited_template_is_named(workspace, attended):
    edit_template(workspace, "Signed: {{ nurse_nmae }}")
    with pytest.raises(
        TemplateError, match=r"reflective_account.docx: unknown field \{\{ nurse_nmae \}\}"
    ):
        workspace.make_forms(attended.id)


def test_an_edited_template_cannot_reach_python_internals(workspace, attended):
    edit_template(workspace, "{{ name.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match="an expression in it is not allowed .*unsafe"):
        workspace.make_forms(attended.id)


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\nnot a document", b"PK\x03\x04broken"])
def test_a_broken_template_in_the_workspace_is_named(workspace, attended, content):
    own = workspace.root / "templates"
    own.mkdir()
    (own / "session_pack.docx").write_bytes(content)
    with pytest.raises(TemplateError, match="session_pack.docx: not a Word document"):
        workspace.make_pack(attended.id)


def test_pack_names_the_study_design_and_links_the_casp_checklist(workspace, attended):
    text = text_of(workspace.make_pack(attended.id))
    assert (
        "Study design: qualitative study. To appraise it, use the CASP Qualitative Studies "
        "Checklist (https://casp-uk.net/casp-tools-checklists/)."
    ) in text
    assert "free for NHS staff" in text


def test_tick_boxes_survive_a_template_saved_by_libreoffice(workspace, attended, tmp_path):
    # LibreOffice keeps the check boxes but drops their tags: they are known by the theme beside.
    # This copy was also saved with every box ticked; each nurse still gets them clear.
    from docx.oxml.ns import qn as q

    workspace.copy_templates()
    template = workspace.root / "templates" / "reflective_account.docx"
    document = Document(str(template))
    for tag in list(document.element.body.iter(q("w:tag"))):
        tag.getparent().remove(tag)
    for state in document.element.body.iter(f"{{{W14}}}checked"):
        state.set(f"{{{W14}}}val", "1")
    document.save(str(template))
    form = reflective(workspace.make_forms(attended.id, tmp_path))[0]
    assert ticks_of_untagged(form) == {
        "Prioritise people": False,
        "Practise effectively": False,
        "Preserve safety": False,
        "Promote professionalism and trust": False,
    }
    # With a theme's box gone, the form cannot be made: said, not silently left unticked.
    document = Document(str(template))
    sdt = next(document.element.body.iter(q("w:sdt")))
    sdt.getparent().remove(sdt)
    document.save(str(template))
    with pytest.raises(TemplateError, match="no tick box for the Code theme 'Prioritise people'"):
        workspace.make_forms(attended.id, tmp_path)


def ticks_of_untagged(path: Path) -> dict[str, bool]:
    body = Document(str(path)).element.body
    found = {}
    for sdt in body.iter(qn("w:sdt")):
        state = sdt.find(f"{qn('w:sdtPr')}/{{{W14}}}checkbox/{{{W14}}}checked").get(f"{{{W14}}}val")
        label = "".join(t.text for t in sdt.getparent().iter(qn("w:t"))).strip("☐☒ ")
        found[label] = state == "1"
    return found


def test_documents_can_be_read_by_others_on_a_shared_drive(workspace, attended, tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    try:
        pack = workspace.make_pack(attended.id, tmp_path)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(pack.stat().st_mode) == 0o644


def test_documents_are_made_from_settings_and_records_without_a_database(tmp_path):
    # The documents layer takes what it prints as values: no workspace, no database.
    import datetime as dt

    from readinggroups.documents.forms import make_forms
    from readinggroups.documents.pack import make_pack
    from readinggroups.documents.settings import DocumentSettings
    from readinggroups.store import Article, Booking, Person, ReadingSession, SessionArticle

    settings = DocumentSettings(group="Ward Readers", library="Northshire LKS", facilitator="Jo")
    session = ReadingSession(
        id=7,
        title="Falls",
        date=dt.date(2026, 12, 10),
        start=dt.time(14, 0),
        minutes=60,
        venue="Room 1",
        capacity=8,
        facilitator="",
        preparation_hours=1.5,
        attendance_threshold=0.75,
        hours_credit="full-at-threshold",
        hours_round_down_minutes=15,
        reflective_model="gibbs",
        code_standards=["6.2", "19.2"],
    )
    article = Article(id=1, title="Falls on dementia wards", authors=["Smith, Jo"], year=2025)
    session.links = [SessionArticle(article=article, position=1)]
    person = Person(id=3, name="Siobhán Ní Bhriain", email="s@example.nhs.uk")
    booking = Booking(id=5, session=session, person=person, status="booked", attendance="attended")
    booking.minutes_attended, booking.certificate_number = 58, "RG-7K3M-Q9XD"
    pack = make_pack(settings, session, [person], tmp_path)
    assert "Ward Readers" in text_of(pack) and "Paragraph 19.2" in text_of(pack)
    written = make_forms(settings, session, [booking], tmp_path / "forms")
    assert written.attendees == 1 and len(written) == 3
    certificate = next(p for p in written if p.name.startswith("certificate_"))
    assert "RG-7K3M-Q9XD" in text_of(certificate) and "Northshire LKS" in text_of(certificate)
