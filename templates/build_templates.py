"""Build the Word templates in this folder: `uv run python templates/build_templates.py`.

The .docx files are what a librarian opens and restyles in Word, so they are committed; this
script is how they were first made, kept so a change to the fields can be made in one place.
Fields are docxtpl (Jinja) tags: `{{ name }}`, `{%p for ... %}` paragraph loops, `{%tr ... %}` table
row loops and conditions, `{{r ... }}` rich text (links). Tick boxes are Word check-box content
controls tagged `theme:<key>`; readinggroups ticks them after rendering. The attendee's documents
serve both kinds of session: what differs for a workshop (no article; its series and learning
outcomes) sits between `{%p if workshop %}` or `{%tr if workshop %}` tags, so each document keeps
one template.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

HERE = Path(__file__).parent
FONT = "Arial"
INK = RGBColor(0x00, 0x30, 0x87)  # NHS dark blue: headings keep their meaning in black and white
GREY = RGBColor(0x42, 0x55, 0x63)
# A workshop's documents name its series where a reading group's name the group.
SERIES = "{% if workshop %}{{ series }}{% else %}{{ group }}{% endif %}"
THEMES = (
    ("prioritise", "Prioritise people"),
    ("practise", "Practise effectively"),
    ("preserve", "Preserve safety"),
    ("promote", "Promote professionalism and trust"),
)


def new_document(title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    _language_and_font(normal)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = INK
        style.font.italic = False
        _language_and_font(style)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
    title_style = styles["Title"]
    # Word's Title style draws a coloured rule under the text; a plain title prints better.
    ppr = title_style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    document.core_properties.title = title
    document.core_properties.language = "en-GB"
    document.core_properties.author = "{{ library }}"
    return document


def _language_and_font(style) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")


def paragraph(
    container,
    text: str = "",
    *,
    bold=False,
    italic=False,
    size=None,
    color=None,
    style=None,
    align=None,
):
    para = container.add_paragraph(style=style)
    if text:
        run = para.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        para.alignment = align
    return para


def opening(title: str, heading: str, *, landscape: bool = False):
    """A new document: ``title`` in its properties, the letterhead, then ``heading``."""
    document = new_document(title)
    if landscape:
        from docx.enum.section import WD_ORIENT

        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    letterhead(document)
    document.add_paragraph(heading, style="Title")
    return document


def letterhead(document) -> None:
    """The library's logo (when the workspace has one) and name, top left."""
    paragraph(document, "{%p if logo %}")
    paragraph(document, "{{ logo }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{{ library }}", bold=True, color=GREY)


def header_table(
    document,
    headings: tuple[str, ...],
    widths: tuple[float, ...],
    loop: str,
    cells: tuple[str, ...],
    blank_rows: int = 0,
    row_height_cm: float | None = None,
):
    """A table with a marked header row (repeated on each page), a row per item of ``loop``
    and ``blank_rows`` empty rows to write in; rows never split across pages and are at least
    ``row_height_cm`` high (room to sign)."""
    table = document.add_table(rows=4 + blank_rows, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "E8EDEE")
    header_row(table)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        height = row_height_cm if index == 2 or index >= 4 else None
        if height:
            tr_pr.append(
                parse_xml(
                    f'<w:trHeight {nsdecls("w")} w:val="{int(height * 567)}" w:hRule="atLeast"/>'
                )
            )
    set_widths(table, widths)
    return table


def footer(document, text: str) -> None:
    para = document.sections[0].footer.paragraphs[0]
    para.text = text
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in para.runs:
        run.font.size, run.font.color.rgb = Pt(11), GREY


def facts_table(document, rows: list[tuple[str, str]], *, centred: bool = True):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER if centred else WD_TABLE_ALIGNMENT.LEFT
    for label, value in rows:
        cells = table.add_row().cells
        if label.startswith("{%tr"):  # docxtpl replaces the whole row with the tag
            cells[0].paragraphs[0].add_run(label)
            continue
        cells[0].paragraphs[0].add_run(label).bold = True
        _shade(cells[0], "E8EDEE")
        cells[1].paragraphs[0].add_run(value)
    set_widths(table, (4.5, 12.5))
    return table


def set_widths(table, widths_cm: tuple[float, ...]) -> None:
    """Fixed column widths: Word reads the cells' widths, LibreOffice the table grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def header_row(table) -> None:
    """Mark the first row as a header: screen readers announce it and Word repeats it."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def boxed_note(document, text: str, *, fill="FFF9E6"):
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    _shade(cell, fill)
    cell.paragraphs[0].add_run(text)
    document.add_paragraph()
    return cell


def answer_box(document, prompt: str, height_cm: float):
    """A bordered box for the nurse's own words, with a grey prompt to type over."""
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(
        parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{int(height_cm * 567)}" w:hRule="atLeast"/>')
    )
    run = row.cells[0].paragraphs[0].add_run(prompt)
    run.italic, run.font.color.rgb = True, GREY
    return table


def checkbox(paragraph_, key: str, label: str) -> None:
    """A Word check-box content control (click to tick) followed by its label.

    ☐/☒ are the glyphs Word itself uses; MS Gothic is Word's own check-box font, and
    LibreOffice substitutes a font that has them, so they print everywhere.
    """
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")} xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">'
        f'<w:sdtPr><w:alias w:val="{label}"/><w:tag w:val="theme:{key}"/>'
        '<w14:checkbox><w14:checked w14:val="0"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
        '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" '
        'w:hAnsi="MS Gothic" w:hint="eastAsia"/><w:sz w:val="28"/></w:rPr>'
        "<w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>"
    )
    paragraph_._p.append(sdt)
    paragraph_.add_run("  " + label)


def build_reflective_account() -> None:
    document = opening("NMC reflective account form", "Reflective account form")
    paragraph(
        document,
        "For NMC revalidation. You need five written reflective accounts, each linked to the "
        "Code. The facts of the activity are filled in for you; the reflection is yours.",
    )
    paragraph(
        document,
        "Where this form comes from: its four questions, and the four themes of {{ code_name }} "
        "in question 4, are those of the NMC's reflective accounts form. A confirmer who "
        "prefers the NMC's own form will find the same questions there: {{ forms_url }}",
        italic=True,
        color=GREY,
    )
    facts_table(
        document,
        [
            ("Name", "{{ name }}"),
            ("NMC PIN", "{{ nmc_pin }}"),
            ("Date", "{{ date_long }}"),
            ("Reflective account", "Number ____ of 5"),
        ],
    )
    document.add_paragraph()
    boxed_note(document, "{{ anonymity }}")

    document.add_paragraph("{{ questions[0] }}", style="Heading 1")
    facts = facts_table(
        document,
        [
            ("CPD activity", "{{ activity }}"),
            ("Session", "{{ session_title }}, {{ date_long }}, {{ time_range }}"),
            ("Facilitator", "{{ facilitator }}"),
            ("{%tr if workshop %}", ""),
            ("{%tr if outcomes %}", ""),
            ("Learning outcomes", "{%p for o in outcomes %}"),
            ("{%tr endif %}", ""),
            (
                "Hours",
                "{{ total_phrase }} of CPD: {{ participatory_hours }} participatory (the "
                "workshop){% if has_preparation %} and {{ preparation_hours }} individual (the "
                "preparation offered before the workshop){% endif %}",
            ),
            ("{%tr else %}", ""),
            ("Article discussed", "{%p for a in articles %}"),
            (
                "Hours",
                "{{ total_phrase }} of CPD: {{ participatory_hours }} participatory (the "
                "group discussion) and {{ preparation_hours }} individual (the preparatory "
                "reading offered before the session)",
            ),
            ("{%tr endif %}", ""),
        ],
    )
    # The outcomes' and the articles' rows: one paragraph each between the loop tags.
    for row, item in ((5, "{{ o }}"), (9, "{{ a }}")):
        cell = facts.rows[row].cells[1]
        cell.add_paragraph(item)
        cell.add_paragraph("{%p endfor %}")
    paragraph(
        document, "Anything else about the activity, in your own words:", italic=True, color=GREY
    ).paragraph_format.space_before = Pt(6)
    answer_box(document, "", 3.0)

    # Questions 2 and 3 share a page with room to write; question 4 starts its own, so its
    # boxes, the suggestion and the space for her answer stay together.
    document.add_paragraph("{{ questions[1] }}", style="Heading 1")
    answer_box(document, "{{ prompts[0] }}", 8.5)
    document.add_paragraph("{{ questions[2] }}", style="Heading 1")
    answer_box(document, "{{ prompts[1] }}", 8.5)
    document.add_paragraph(
        "{{ questions[3] }}", style="Heading 1"
    ).paragraph_format.page_break_before = True
    paragraph(document, "Tick one or more themes that your reflection relates to (click a box):")
    ticks = document.add_table(rows=2, cols=2)
    set_widths(ticks, (8.5, 8.5))
    for index, (key, label) in enumerate(THEMES):
        checkbox(ticks.cell(index // 2, index % 2).paragraphs[0], key, label)
    paragraph(
        document,
        "A suggestion only: the choice is yours. The facilitator linked this session to "
        "{{ themes_suggested }}. From {{ code_name }}:",
        italic=True,
        color=GREY,
    ).paragraph_format.space_before = Pt(6)
    paragraph(document, "{%p for s in standards %}")
    paragraph(document, "{{ s.text }}", color=GREY, style="List Bullet")
    paragraph(document, "{%p endfor %}")
    answer_box(document, "{{ prompts[2] }}", 7.0)
    paragraph(document, "Full text of the Code: {{ code_url }}", color=GREY)
    footer(
        document, f"{SERIES} · {{{{ library }}}} · Keep this form for your revalidation portfolio"
    )
    document.save(HERE / "reflective_account.docx")


def build_session_pack() -> None:
    document = opening("Reading group session pack", "{{ group }}")
    document.add_paragraph("{{ session_title }}", style="Heading 1")
    facts_table(
        document,
        [
            ("Date", "{{ date_long }}"),
            ("Time", "{{ time_range }} ({{ minutes }} minutes)"),
            ("Where", "{{r where }}"),
            ("Facilitator", "{{ facilitator }}"),
            (
                "Hours on offer",
                "{{ total_phrase }} of CPD: {{ discussion_phrase }} of group discussion "
                "(participatory) and {{ preparation_phrase }} of preparation (individual reading "
                "and notes, offered for you to do in your own time, so not observed). "
                "{{ hours_rule }}",
            ),
        ],
    )
    document.add_paragraph("How the session runs", style="Heading 2")
    paragraph(
        document,
        "We start with a short summary of the article, then discuss it together, and finish "
        "with how it applies to our practice. Read the article beforehand and bring your notes; "
        "you do not need any experience of research to take part.",
    )
    paragraph(document, "{%p for a in articles %}")
    document.add_paragraph("{{ a.heading }}", style="Heading 2")
    paragraph(document, "{{r a.citation }}")
    paragraph(document, "{{r a.access }}")
    paragraph(document, "{{ a.appraisal }}")
    document.add_paragraph("Abstract", style="Heading 3")
    paragraph(document, "{{ a.abstract }}")
    paragraph(document, "{%p endfor %}")

    document.add_paragraph("Before the session", style="Heading 2")
    for item in (
        "Read the article, and the abstract first if time is short.",
        "Note two or three points that struck you, and anything you did not follow.",
        "Ask yourself how it compares with what happens where you work.",
        "Think about which standards of the Code (below) it touches.",
        "Bring your notes and your questions — your preparation counts toward your CPD hours.",
    ):
        para = document.add_paragraph()
        para.add_run("\u2610  ").font.name = "MS Gothic"
        para.add_run(item)

    document.add_paragraph("Questions for discussion", style="Heading 2")
    paragraph(document, "{{ questions_note }}", italic=True, color=GREY)
    paragraph(document, "{%p for q in discussion %}")
    document.add_paragraph("{{ q }}", style="List Number")
    paragraph(document, "{%p endfor %}")

    document.add_paragraph("The Code: what this session relates to", style="Heading 2")
    paragraph(
        document,
        "From {{ code_name }}. A paragraph's own words are quoted, with the standard it sits "
        "under; which themes your reflection relates to is for you to decide.",
        italic=True,
        color=GREY,
    )
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Reference", "What the Code says", "Theme"), strict=True
    ):
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "E8EDEE")
    header_row(table)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for s in standards %}")
    for cell, text in zip(
        table.rows[2].cells, ("{{ s.label }}", "{{ s.detail }}", "{{ s.theme }}"), strict=True
    ):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    set_widths(table, (2.8, 10.0, 4.2))
    paragraph(document, "Full text of the Code: {{ code_url }}", color=GREY)

    document.add_paragraph("Afterwards", style="Heading 2")
    paragraph(
        document,
        "Everyone who attends receives a certificate of attendance, a CPD record and a "
        "reflective account form with the facts of this session filled in, ready for your own "
        "reflection. A reading group counts as participatory CPD; it is not the one-to-one "
        "reflective discussion that revalidation also asks for.",
    )
    boxed_note(document, "{{ anonymity }}")

    # A page of its own, by the heading's own setting: a separate paragraph holding only a
    # page break can itself spill onto a page and leave it blank.
    document.add_paragraph(
        "Sign-in sheet", style="Heading 2"
    ).paragraph_format.page_break_before = True
    paragraph(
        document,
        "For the facilitator to print for a session in a room (online, the Teams or Zoom "
        "attendance report records who came).",
        italic=True,
        color=GREY,
    )
    paragraph(
        document,
        "{{ session_title }} · {{ date_long }} · {{ time_range }}. Please sign in. If you were "
        "not booked, add your name and work email on a blank row so that your certificate and "
        "reflective account form can be sent to you.",
    )
    header_table(
        document,
        ("Name", "Role and team", "Work email (if not booked)", "Signature"),
        (4.5, 4.2, 4.3, 4.0),
        "p in booked",
        ("{{ p.name }}", "{{ p.role }}", "", ""),
        blank_rows=6,
        row_height_cm=1.0,
    )

    document.add_paragraph("Feedback", style="Heading 2").paragraph_format.page_break_before = True
    paragraph(
        document,
        "For the facilitator to hand out at the end, or to send as a link afterwards.",
        italic=True,
        color=GREY,
    )
    paragraph(
        document,
        "{{ session_title }}, {{ date_long }}. Your answers help the library plan the next "
        "sessions; you do not need to give your name.",
    )
    paragraph(document, "How useful was today's session for your practice? Tick one.")
    for label in ("Very useful", "Quite useful", "Not very useful"):
        para = document.add_paragraph()
        para.add_run("\u2610  ").font.name = "MS Gothic"
        para.add_run(label)
    paragraph(document, "What will you do differently as a result?")
    answer_box(document, "", 3.0)
    paragraph(
        document, "Topics or articles you would like the group to read next:"
    ).paragraph_format.space_before = Pt(12)
    answer_box(document, "", 3.0)
    footer(document, "{{ group }} · {{ library }}")
    document.save(HERE / "session_pack.docx")


def build_cpd_log_entry() -> None:
    document = opening("CPD record", "CPD record")
    paragraph(
        document,
        "One entry for your CPD log, with what the NMC asks a CPD record to hold. Keep it with "
        "your certificate of attendance, which is the evidence that the activity took place.",
    )
    record = facts_table(
        document,
        [
            ("Name", "{{ name }}"),
            ("NMC PIN", "{{ nmc_pin }}"),
            ("Date", "{{ date_long }}, {{ time_range }}"),
            ("CPD method", "{{ method }}"),
            ("Topic", "{{ topic }}"),
            ("{%tr if workshop and outcomes %}", ""),
            ("Learning outcomes", "{%p for o in outcomes %}"),
            ("{%tr endif %}", ""),
            ("Link to the Code", "{%p for s in standards %}"),
            ("Number of hours", "{{ total_hours }}"),
            ("{%tr if workshop %}", ""),
            (
                "Number of participatory hours",
                "{{ participatory_hours }} (the workshop{% if has_preparation %}; the "
                "{{ preparation_phrase }} of preparation offered before it are individual"
                "{% endif %})",
            ),
            ("{%tr else %}", ""),
            (
                "Number of participatory hours",
                "{{ participatory_hours }} (the group discussion; the {{ preparation_phrase }} of "
                "preparatory reading offered before the session are individual)",
            ),
            ("{%tr endif %}", ""),
            ("Evidence", "Certificate of attendance number {{ certificate_number }}"),
        ],
    )
    cell = record.rows[6].cells[1]
    cell.add_paragraph("{{ o }}")
    cell.add_paragraph("{%p endfor %}")
    # The Code row: one paragraph per reference between the loop tags, then the edition.
    cell = record.rows[8].cells[1]
    cell.add_paragraph("{{ s.text }}")
    cell.add_paragraph("{%p endfor %}")
    cell.add_paragraph("{{ code_name }}")
    document.add_paragraph("How the topic relates to my practice", style="Heading 1")
    answer_box(document, "In your own words: where does this come up in your work?", 4.0)
    footer(
        document, f"{SERIES} · {{{{ library }}}} · Keep this record for your revalidation portfolio"
    )
    document.save(HERE / "cpd_log_entry.docx")


def build_certificate() -> None:
    document = new_document("Certificate of attendance")
    letterhead(document)
    paragraph(document)
    document.add_paragraph(
        "Certificate of attendance", style="Title"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, "This is to certify that", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(
        document, "{{ name }}", bold=True, size=20, color=INK, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    paragraph(document, "{%p if workshop %}")
    paragraph(document, "took part in a workshop", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, "{%p else %}")
    paragraph(
        document,
        "took part in a session of a reflective reading group",
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    paragraph(document, "{%p endif %}")
    paragraph(document)
    table = facts_table(
        document,
        [
            ("{%tr if workshop %}", ""),
            ("Workshop", "{{ session_title }}"),
            ("Series", "{{ series }}"),
            ("Date", "{{ date_long }}, {{ time_range }}"),
            ("{%tr if outcomes %}", ""),
            ("Learning outcomes", "{%p for o in outcomes %}"),
            ("{%tr endif %}", ""),
            ("Participatory hours", "{{ participatory_hours }} (the workshop attended)"),
            ("{%tr if has_preparation %}", ""),
            (
                "Preparation offered",
                "{{ preparation_phrase }} of individual preparation before the workshop (not "
                "participatory; done in the attendee's own time, so not observed by the "
                "library)",
            ),
            ("{%tr endif %}", ""),
            ("Total CPD hours", "{{ total_hours }}"),
            ("{%tr else %}", ""),
            ("Reading group", "{{ group }}"),
            ("Session", "{{ session_title }}"),
            ("Date", "{{ date_long }}, {{ time_range }}"),
            ("Article discussed", "{{ articles_text }}"),
            ("Participatory hours", "{{ participatory_hours }} (the group discussion attended)"),
            (
                "Preparation offered",
                "{{ preparation_phrase }} of individual reading and notes before the session "
                "(not participatory; done in the attendee's own time, so not observed by the "
                "library)",
            ),
            ("Total CPD hours", "{{ total_hours }}, including the preparation"),
            ("{%tr endif %}", ""),
            ("Facilitator", "{{ facilitator }}"),
            ("Library", "{{ library }}"),
            ("Certificate number", "{{ certificate_number }}"),
        ],
    )
    cell = table.rows[5].cells[1]
    cell.add_paragraph("{{ o }}")
    cell.add_paragraph("{%p endfor %}")
    paragraph(document)
    paragraph(
        document,
        "Evidence of participatory CPD for NMC revalidation. {{ library }} can confirm this "
        "certificate from its number.",
        italic=True,
        color=GREY,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    footer(document, f"{SERIES} · {{{{ library }}}}")
    document.save(HERE / "certificate.docx")


def build_cpd_log() -> None:
    # Landscape: seven columns, as CPD logs are kept, and still A4.
    document = opening(
        "CPD log",
        "CPD log: {% if workshops %}library sessions{% else %}reflective reading group{% endif %}",
        landscape=True,
    )
    facts_table(
        document,
        [
            ("Name", "{{ name }}"),
            ("NMC PIN", "{{ nmc_pin }}"),
            ("Revalidation period", "{{ cycle_text }}"),
            (
                "Hours in this period",
                "{{ total_hours }} hours of CPD, {{ participatory_hours }} of them participatory "
                "(the NMC asks for 35 hours, at least 20 participatory, over three years)",
            ),
        ],
        centred=False,
    )
    document.add_paragraph("Sessions attended", style="Heading 1")
    paragraph(
        document,
        "The last column is for you: how each session related to your practice, as the NMC "
        "asks a CPD record to say (or see that session's CPD record, where you wrote it).",
        italic=True,
        color=GREY,
    )
    header_table(
        document,
        (
            "Date",
            "Method",
            "Topic",
            "Link to the Code",
            "Hours",
            "Participatory hours",
            "Certificate",
            "How it related to my practice",
        ),
        (2.2, 2.7, 5.5, 2.7, 1.7, 3.0, 3.3, 4.6),
        "e in entries",
        (
            "{{ e.date }}",
            "{{ e.method }}",
            "{{ e.topic }}",
            "{{ e.standards }}",
            "{{ e.hours }}",
            "{{ e.participatory_hours }}",
            "{{ e.certificate_number }}",
            "",
        ),
        row_height_cm=2.0,
    )
    paragraph(document)
    paragraph(
        document,
        "{{ other_text }}",
        italic=True,
        color=GREY,
    )
    paragraph(document, "{%p if references %}")
    document.add_paragraph("The Code references above", style="Heading 2")
    paragraph(document, "From {{ code_name }}: {{ code_url }}", color=GREY)
    paragraph(document, "{%p for r in references %}")
    paragraph(document, "{{ r }}", style="List Bullet")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p endif %}")
    footer(document, "{{ group }} · {{ library }} · Keep this log for your revalidation portfolio")
    document.save(HERE / "cpd_log.docx")


NHS_BLUE = "005EB8"


def build_poster() -> None:
    """The A4 poster that promotes a session: for a noticeboard, a staff room or a ward."""
    document = new_document("Session poster")
    section = document.sections[0]
    for side in ("left_margin", "right_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = Mm(12)
    styles = document.styles
    # Read from across a corridor: larger than a document's type throughout.
    styles["Normal"].font.size = Pt(13)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    styles["List Bullet"].paragraph_format.space_after = Pt(2)
    styles["Title"].font.size = Pt(36)
    styles["Title"].paragraph_format.space_after = Pt(10)
    styles["Heading 1"].font.size = Pt(20)
    styles["Heading 1"].paragraph_format.space_before = Pt(10)
    letterhead(document)
    # The series as a band of NHS blue across the page, white on blue.
    band = paragraph(document, "{{ series }}", bold=True, size=18, color=RGBColor(255, 255, 255))
    band_format = band.paragraph_format
    band_format.space_before, band_format.space_after = Pt(6), Pt(8)
    # Borders of the same blue pad the band around the text.
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="48" w:space="0" w:color="{NHS_BLUE}"/>'
        for edge in ("top", "left", "bottom", "right")
    )
    band_properties = band._p.get_or_add_pPr()
    band_properties.append(parse_xml(f"<w:pBdr {nsdecls('w')}>{edges}</w:pBdr>"))
    band_properties.append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{NHS_BLUE}"/>')
    )
    # The title's size follows its length (readinggroups sets it), so a long one still fits.
    document.add_paragraph("{{r title }}", style="Title")
    paragraph(document, "{{ about }}")
    paragraph(document, "{%p if articles_text %}")
    paragraph(document, "{{ articles_text }}", italic=True)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if outcomes %}")
    document.add_paragraph("Learning outcomes", style="Heading 1")
    paragraph(document, "{%p for o in outcomes %}")
    paragraph(document, "{{ o }}", style="List Bullet")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p endif %}")

    # The panel: the day, time and place large on the left, the QR code on the right, on a
    # light tint (the code keeps its own white margin, which scanners need).
    panel = document.add_table(rows=1, cols=2)
    set_widths(panel, (12.3, 5.7))
    left, right = panel.rows[0].cells
    for cell in (left, right):
        _shade(cell, "E8EDEE")
    for index, (text, size) in enumerate(
        (("{{ date_long }}", 20), ("{{ time_range }}", 20), ("{{ where }}", 16))
    ):
        para = left.paragraphs[0] if index == 0 else left.add_paragraph()
        para.paragraph_format.space_before = Pt(6 if index == 0 else 0)
        run = para.add_run(text)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(size), INK
    left.add_paragraph("{{ cpd }}").paragraph_format.space_before = Pt(6)
    left.add_paragraph().add_run("{{ documents }}").font.color.rgb = GREY
    code = right.paragraphs[0]
    code.add_run("{{ qr }}")
    code.alignment = WD_ALIGN_PARAGRAPH.CENTER
    code.paragraph_format.space_before = Pt(6)
    caption = right.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption_run = caption.add_run("Scan to book")
    caption_run.bold, caption_run.font.size, caption_run.font.color.rgb = True, Pt(16), INK

    document.add_paragraph("Book your place", style="Heading 1")
    paragraph(document, "{{ places }}. Scan the QR code, or go to: {{r link }}")
    paragraph(document, "{%p if joining %}")
    paragraph(document, "{{ joining }}")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{{ welcome }}", bold=True, color=INK)
    footer(document, "{{ contact_line }}")
    document.save(HERE / "poster.docx")


if __name__ == "__main__":
    build_reflective_account()
    build_session_pack()
    build_cpd_log_entry()
    build_certificate()
    build_cpd_log()
    build_poster()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.docx"))))
