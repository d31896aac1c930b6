"""Every kind of library session: a workshop series ("Finding the Evidence", fortnightly) beside
the reading group in one workspace. Each gets its own documents, messages and figures; what a
reading group's attendees get is checked unchanged by the reading-group tests."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document
from icalendar import Calendar

from readinggroups import ReadingGroupsError, Workspace, nmc
from readinggroups.documents.context import standards

from .commands import run
from .test_documents import text_of, ticks_of
from .test_sending import _use_smtp, smtp  # noqa: F401 (the SMTP server fixture)

SERIES = "Finding the Evidence"
OUTCOMES = [
    "Turn a clinical question into a search strategy",
    "Combine subject headings and keywords in CINAHL",
    "Save a search and set up an alert",
]
ANNA, BEN, CARA, DEV = (
    ("Anna O'Neill", "anna.oneill@example.nhs.uk"),
    ("Ben Ward", "ben.ward@example.nhs.uk"),
    ("Cara Siobhán Lee", "cara.lee@example.nhs.uk"),
    ("Dev Patel", "dev.patel@example.nhs.uk"),
)


def workshop(ws: Workspace, day: str, capacity: int = 2):
    """A 2.5-hour "Finding the Evidence" workshop on ``day``."""
    return ws.new_session(
        date=day,
        start="10:00",
        minutes=150,
        title="Searching CINAHL",
        kind="workshop",
        series=SERIES,
        learning_outcomes=OUTCOMES,
        capacity=capacity,
        venue="Library training room",
    )


@pytest.fixture
def both(workspace: Workspace, attended):
    """The reading group's day (conftest: 12 November 2026) and two workshops a fortnight
    apart around it, the nurse who came to the reading group at both.

    Workshop 1 (5 November, 2 places): the nurse and Ben booked, Cara waiting; Ben cancels the
    morning of the workshop (late) and Cara takes his place, then does not come.
    Workshop 2 (19 November): the nurse and Dev come, the whole 150 minutes.
    """
    nurse = next(b.person for b in workspace.bookings(attended.id) if b.attendance == "attended")
    first, second = workshop(workspace, "2026-11-05"), workshop(workspace, "2026-11-19")
    for name, email in ((nurse.name, nurse.email), BEN, CARA):
        workspace.book(first.id, name=name, email=email)
    assert [b.status for b in workspace.bookings(first.id)] == ["booked", "booked", "waitlisted"]
    workspace.cancel_booking(first.id, BEN[1], when=dt.datetime(2026, 11, 5, 8, 0))
    workspace.mark_attendance(first.id, [nurse.email])
    workspace.mark_attendance(first.id, [CARA[1]], minutes=0)
    for name, email in ((nurse.name, nurse.email), DEV):
        workspace.book(second.id, name=name, email=email)
    workspace.mark_attendance(second.id, [nurse.email, DEV[1]])
    return workspace, attended, first, second, nurse


def by_kind(paths: list[Path], kind: str) -> list[Path]:
    return [p for p in paths if p.name.startswith(f"{kind}_")]


def test_sessions_new_kind_workshop_from_the_command_line(workspace):
    said = run(
        "-w", str(workspace.root), "sessions", "new", "--kind", "workshop", "--date",
        "2027-01-14", "--start", "10:00", "--title", "Searching CINAHL", "--series", SERIES,
        "--outcome", OUTCOMES[0],
    ).stdout  # fmt: skip
    assert said.startswith("Planned the workshop 'Searching CINAHL' on 2027-01-14 at 10:00 for 90")
    planned = workspace.session(int(said.split()[-1]))
    assert (planned.kind, planned.series, planned.learning_outcomes) == (
        "workshop",
        SERIES,
        [OUTCOMES[0]],
    )
    plain = run("-w", str(workspace.root), "sessions", "new", "--date", "2027-01-21",
                "--start", "14:00", "--title", "Handover").stdout  # fmt: skip
    assert workspace.session(int(plain.split()[-1])).kind == "reading-group"  # the default


def test_a_workshop_gets_a_certificate_and_a_cpd_record_but_no_reflective_form(both, tmp_path):
    ws, _, first, _, nurse = both
    made = ws.make_forms(first.id, tmp_path)
    assert made.attendees == 1  # Cara did not come; Ben cancelled
    assert sorted(p.name.split("_")[0] for p in made) == ["certificate", "cpd-record"]

    certificate = by_kind(made, "certificate")[0]
    text = text_of(certificate)
    assert "took part in a workshop" in text
    assert "reading group" not in text.lower()
    rows = _rows(certificate)
    assert rows["Workshop"] == "Searching CINAHL"
    assert rows["Series"] == SERIES
    assert rows["Date"] == "5 November 2026, 10:00–12:30"
    assert rows["Learning outcomes"] == "\n".join(OUTCOMES)
    assert rows["Participatory hours"] == "2.5 (the workshop attended)"
    assert rows["Total CPD hours"] == "2.5"  # no preparation offered for a workshop
    assert "Article discussed" not in rows and "Preparation offered" not in rows
    number = ws.bookings(first.id)[0].certificate_number
    assert rows["Certificate number"] == number
    assert ws.verify_certificate(number).summary() == (
        f"{number} is genuine: {nurse.name} <{nurse.email}>, the workshop Searching CINAHL, "
        "5 November 2026, 2.5 hours (participatory)"
    )
    footer = Document(str(certificate)).sections[0].footer.paragraphs[0].text
    assert footer == f"{SERIES} · Library and Knowledge Service"

    record = _rows(by_kind(made, "cpd-record")[0])
    assert record["Name"] == nurse.name
    assert record["CPD method"] == "Workshop (participatory: interaction with other professionals)"
    assert record["Topic"] == f"Searching CINAHL — {SERIES}"
    assert record["Learning outcomes"] == "\n".join(OUTCOMES)
    assert (record["Number of hours"], record["Number of participatory hours"]) == (
        "2.5",
        "2.5 (the workshop)",
    )
    # The Code references as nmc labels them: the paragraph's own words, its standard named
    # as such, never a paragraph number beside a standard's heading.
    code = record["Link to the Code"].split("\n")
    assert code == [s["text"] for s in standards(first)] + [nmc.CODE_NAME]
    assert code[0].startswith("Paragraph 6.2: “maintain the knowledge and skills")
    assert not any(re.match(r"\d+\.\d+\s+Always practise", line) for line in code)


def test_a_workshop_with_preparation_says_so_and_counts_it(workspace, tmp_path):
    session = workspace.new_session(date="2026-11-26", start="10:00", title="Appraising a trial",
                                    kind="workshop", preparation_hours=0.5)  # fmt: skip
    workspace.book(session.id, name=ANNA[0], email=ANNA[1])
    workspace.mark_attendance(session.id, [ANNA[1]])
    made = workspace.make_forms(session.id, tmp_path)
    rows = _rows(by_kind(made, "certificate")[0])
    assert rows["Series"] == "Library workshops"  # workshops.series
    assert rows["Participatory hours"] == "1.5 (the workshop attended)"  # workshops.minutes: 90
    assert rows["Preparation offered"].startswith("0.5 hours of individual preparation")
    assert rows["Total CPD hours"] == "2"
    assert "Learning outcomes" not in rows  # none given: no empty row
    record = _rows(by_kind(made, "cpd-record")[0])
    assert record["Number of participatory hours"] == (
        "1.5 (the workshop; the 0.5 hours of preparation offered before it are individual)"
    )


def test_the_reflective_form_for_a_workshop_when_the_library_turns_it_on(both, tmp_path):
    ws, _, first, _, nurse = both
    settings = ws.root / "readinggroups.toml"
    settings.write_text(
        settings.read_text().replace("reflective_form = false", "reflective_form = true")
    )
    ws = Workspace.open(ws.root)
    made = ws.make_forms(first.id, tmp_path)
    form = by_kind(made, "reflective-account")[0]
    document = Document(str(form))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(nmc.REFLECTIVE_QUESTIONS)  # the four questions, word for word
    assert ticks_of(form) == {theme.key: False for theme in nmc.THEMES}  # hers to tick
    text = text_of(form)
    assert "The facilitator linked this session to the themes Practise effectively" in text
    rows = _rows(form)
    assert rows["CPD activity"] == (
        f"Workshop (participatory CPD): {SERIES}, Library and Knowledge Service"
    )
    assert rows["Learning outcomes"] == "\n".join(OUTCOMES)
    assert rows["Hours"] == "2.5 hours of CPD: 2.5 participatory (the workshop)"
    assert "Article discussed" not in rows
    # Its prompts ask about the workshop: there is no article to have read.
    assert "article" not in text.lower()
    assert "So what? What did the workshop add to what you knew and could do?" in text
    assert nurse.name in text
    # Turned off again: the form is no longer made, and the earlier one goes.
    settings.write_text(
        settings.read_text().replace("reflective_form = true", "reflective_form = false")
    )
    again = Workspace.open(ws.root).make_forms(first.id, tmp_path)
    assert not by_kind(again, "reflective-account") and not form.exists()


def test_a_template_copied_before_workshops_is_refused_for_one(both, attended, tmp_path):
    ws, _, first, *_ = both
    from readinggroups import TemplateError

    # A library's certificate from before sessions had kinds: it knows nothing of workshops.
    own = ws.root / "templates"
    own.mkdir(exist_ok=True)
    old = Document()
    old.add_paragraph("{{ name }} took part in {{ group }}: {{ articles_text }}")
    old.save(str(own / "certificate.docx"))
    with pytest.raises(TemplateError, match=r"certificate.docx .* copied before workshops"):
        ws.make_forms(first.id, tmp_path / "w")
    assert not list((tmp_path / "w").glob("*.docx"))
    assert ws.make_forms(attended.id, tmp_path / "rg")  # still fine for the reading group


def test_no_session_pack_for_a_workshop(both):
    ws, _, first, *_ = both
    with pytest.raises(ReadingGroupsError, match=f"session {first.id} is a workshop: there is no"):
        ws.make_pack(first.id)


def test_cpd_log_lists_workshops_beside_the_reading_group(both, tmp_path):
    ws, attended, first, second, nurse = both
    path, log = ws.cpd_log(nurse.email, tmp_path)
    assert [e["date"] for e in log.entries] == ["5 Nov 2026", "12 Nov 2026", "19 Nov 2026"]
    assert [e["method"] for e in log.entries] == [
        "Workshop",
        "Reading group discussion, after individual reading",
        "Workshop",
    ]
    topic = log.entries[0]["topic"]
    assert topic == f"Searching CINAHL — {SERIES}. Learning outcomes: {'; '.join(OUTCOMES)}"
    assert log.entries[1]["topic"].startswith("Therapeutic engagement: ")
    # Reading group: 1 hour's discussion and 1.5 hours' reading; each workshop 2.5 hours.
    assert [e["hours"] for e in log.entries] == ["2.5", "2.5", "2.5"]
    assert [e["participatory_hours"] for e in log.entries] == ["2.5", "1", "2.5"]
    assert (log.total, log.participatory) == (7.5, 6.0)
    text = text_of(path)
    assert "CPD log: library sessions" in text and topic in text


def test_messages_read_right_for_each_kind(both, smtp, tmp_path):  # noqa: F811
    ws, attended, first, _, nurse = both
    inbox, port = smtp()
    ws = _use_smtp(ws, port)
    coming = workshop(ws, "2027-01-14", capacity=1)
    ws.new_session(date="2027-01-07", start="14:00", title="Handover")  # the reading group's
    ws.edit_session(coming.id, online_link="https://teams.microsoft.com/l/meetup-join/19%3aw")
    ws.book(coming.id, name=ANNA[0], email=ANNA[1])
    ws.book(coming.id, name=BEN[0], email=BEN[1])
    for session_id, kind in ((coming.id, "booked"), (coming.id, "waiting"),
                             (coming.id, "reminder"), (first.id, "documents"),
                             (first.id, "missed"), (attended.id, "documents")):  # fmt: skip
        ws.send(session_id, kind)
    messages = {(m["To"].addresses[0].addr_spec, m["Subject"]): m for m in inbox.messages()}

    def body(to: str, subject: str) -> str:
        return messages[(to, subject)].get_body(("plain",)).get_content().replace("\r\n", "\n")

    booked = body(ANNA[1], "You are booked: Searching CINAHL, 14 January 2027")
    assert (
        f'the workshop "Searching CINAHL" ({SERIES}) on 14 January 2027 at 10:00 '
        "(Library training room)" in booked
    )
    assert "By the end of the workshop you will be able to:\n- " + OUTCOMES[0] in booked
    assert all(f"- {outcome}" in booked for outcome in OUTCOMES)
    assert "Join online: https://teams.microsoft.com/l/meetup-join/19%3aw" in booked
    assert booked.endswith(f"Helen Marsh\nLibrary and Knowledge Service\n{SERIES}\n")
    assert "certificate of attendance and a CPD record" in booked
    for said in (booked, body(ANNA[1], "Reminder: Searching CINAHL, 14 January 2027 at 10:00")):
        assert "article" not in said.lower() and "reading group" not in said.lower()
        assert "pack" not in said.lower()
    invitation = messages[(ANNA[1], "You are booked: Searching CINAHL, 14 January 2027")]
    event = Calendar.from_ical(
        next(p for p in invitation.walk() if p.get_content_type() == "text/calendar").get_content()
    ).walk("VEVENT")[0]
    assert str(event["summary"]) == f"{SERIES}: Searching CINAHL"
    assert str(event["description"]).split("\n")[:2] == [
        "Workshop: Searching CINAHL.",
        f"Learning outcome: {OUTCOMES[0]}",
    ]
    waiting = body(BEN[1], "Waiting list: Searching CINAHL, 14 January 2027")
    assert f'workshop "Searching CINAHL" ({SERIES}) on 14 January 2027 is full' in waiting
    assert "number 1 on the waiting list" in waiting

    documents = messages[(nurse.email, "Your CPD documents: Searching CINAHL, 5 November 2026")]
    text = documents.get_body(("plain",)).get_content()
    assert "certificate of attendance and your CPD record, for 2.5 hours" in " ".join(text.split())
    assert "reflective account" not in text and "reading group" not in text
    names = sorted(part.get_filename() for part in documents.iter_attachments())
    assert [n.split("_")[0] for n in names] == ["certificate", "cpd-record"]
    missed = body(CARA[1], "Sorry we missed you: Searching CINAHL, 5 November 2026")
    assert f'We missed you at the workshop "Searching CINAHL" ({SERIES})' in missed
    # The next workshop of the series is offered; the reading group's next session is not.
    assert "- 14 January 2027 at 10:00: Searching CINAHL" in missed
    assert "Handover" not in missed

    # The reading group's own words are unchanged: its form attached, the group named.
    group = messages[
        (nurse.email, "Your revalidation documents: Therapeutic engagement, 12 November 2026")
    ]
    words = " ".join(group.get_body(("plain",)).get_content().split())
    assert "taking part in the Nursing Reading Group on 12 November 2026" in words
    assert "reflective account form" in words
    assert len(list(group.iter_attachments())) == 3


def test_a_workspaces_own_workshop_wording_wins(both, tmp_path):
    ws, _, first, *_ = both
    own = ws.root / "templates" / "email" / "workshop"
    own.mkdir(parents=True)
    (own / "missed.txt").write_text(
        "Subject: We missed you at {{ series }}\n\nDear {{ name }}, see you next time.\n"
    )
    planned = ws.send(first.id, "missed", dry_run=True).planned
    assert [p.draft.subject for p in planned] == [f"We missed you at {SERIES}"]


def test_report_compares_kinds_series_and_schedules(both, tmp_path):
    ws, attended, first, second, _ = both
    ws.new_session(date="2026-12-10", start="14:00", minutes=60, title="Next", capacity=10)
    paths, report = ws.report(tmp_path / "report", until="2027-03-01")
    sessions = report.sessions.set_index("session_id")
    # Each series keeps its own rhythm: the workshops a fortnight apart do not make the reading
    # group (12 November, then 10 December) look irregular.
    assert list(report.sessions["kind"]) == [
        "workshop",
        "reading-group",
        "workshop",
        "reading-group",
    ]
    assert list(report.sessions["schedule"]) == [
        "first session",
        "first session",
        "fortnightly",
        "monthly",
    ]
    assert sessions.loc[first.id, "series"] == SERIES
    assert sessions.loc[attended.id, "series"] == "Nursing Reading Group"

    sheets = pd.read_excel(paths[0], sheet_name=None)
    assert list(sheets) == [
        "Sessions", "Months", "Schedule", "Kinds",
        "Impact", "Impact by month", "Impact quotes", "Impact by series",
    ]  # fmt: skip
    kinds = sheets["Kinds"].set_index(["series", "schedule"])
    # Workshop 1: the nurse and Cara (promoted) held places, Ben cancelled late, Cara did not
    # come: 1 of the 2 expected a no-show; 2.5 hours given. Workshop 2: both came, 5 hours.
    one = kinds.loc[(SERIES, "first session")]
    assert (one.kind, one.sessions, one.booked, one.waiting_list) == ("workshop", 1, 2, 0)
    assert (one.late_cancellations, one.came, one.no_shows, one.no_show_rate) == (1, 1, 1, 0.5)
    assert one.participatory_hours == 2.5
    two = kinds.loc[(SERIES, "fortnightly")]
    assert (two.sessions, two.booked, two.came, two.no_shows, two.no_show_rate) == (1, 2, 2, 0, 0)
    assert two.participatory_hours == 5.0
    group = kinds.loc[("Nursing Reading Group", "first session")]
    day = sessions.loc[attended.id]
    assert (group.kind, group.booked, group.waiting_list, group.no_shows) == (
        "reading-group",
        day.booked,
        day.waiting_list,
        day.no_shows,
    )
    assert group.came == day.attended + day.partial
    assert kinds.loc[("Nursing Reading Group", "monthly")].sessions == 1
    schedule = report.schedule.set_index("schedule")
    assert schedule.loc["fortnightly"].sessions == 1
    assert schedule.loc["monthly"].sessions == 1


def test_exports_carry_kind_and_series_and_anonymised_ones_drop_the_series(both, tmp_path):
    ws, attended, first, *_ = both
    formula = '=HYPERLINK("http://x.example/","Finding")'  # typed in, or pasted
    hostile = ws.new_session(date="2026-11-20", start="10:00", title="Alerts", kind="workshop",
                             series=formula)  # fmt: skip
    exported = pd.read_csv(ws.export_sessions(tmp_path / "s.csv")).set_index("session_id")
    assert exported.loc[hostile.id, "series"] == "'" + formula  # text, never a live formula
    table = pd.read_excel(ws.export_sessions(tmp_path / "s.xlsx")).set_index("session_id")
    assert (table.loc[first.id, "kind"], table.loc[first.id, "series"]) == ("workshop", SERIES)
    assert table.loc[attended.id, "kind"] == "reading-group"
    rows = pd.read_excel(ws.export_attendance(tmp_path / "a.xlsx"))
    assert set(rows[rows.session_id == first.id]["series"]) == {SERIES}
    for path in (
        ws.export_sessions(tmp_path / "s-anon.xlsx", anonymise=True),
        ws.export_attendance(tmp_path / "a-anon.xlsx", anonymise=True),
    ):
        sheet = openpyxl.load_workbook(path).active
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert "kind" in header and "series" not in header and "session_title" not in header


def _rows(path: Path) -> dict[str, str]:
    """The labelled rows of a document's facts tables: label → the cell's paragraphs, a line
    each (the first table for a label that appears in more than one)."""
    found: dict[str, str] = {}
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells = row.cells
            if len(cells) == 2 and cells[0].text and cells[0].text != cells[1].text:
                found.setdefault(cells[0].text, "\n".join(p.text for p in cells[1].paragraphs))
    return found


def test_a_workshops_messages_read_well_in_a_browser(both, tmp_path):
    from .test_browser import _missing
    from .test_email_look import message_page, opened

    if (reason := _missing()) and not os.environ.get("CI"):
        pytest.skip(reason)
    ws, _, first, *_ = both
    settings = ws.root / "readinggroups.toml"
    settings.write_text(settings.read_text().replace('from = ""', 'from = "lib@example.nhs.uk"'))
    ws = Workspace.open(ws.root)
    coming = workshop(ws, "2027-01-14", capacity=1)
    ws.book(coming.id, name=ANNA[0], email=ANNA[1])
    drafts = [ws.send(coming.id, kind, dry_run=True).planned[0].draft
              for kind in ("booked", "reminder")]  # fmt: skip
    ws.make_forms(first.id)  # a dry run makes nothing; a message is built with them here
    drafts.append(ws.send(first.id, "documents", dry_run=True).planned[0].draft)
    with message_page(tmp_path) as (page, shots):
        for draft in drafts:
            shown = opened(page, draft, "lib@example.nhs.uk", ws.config.library)
            assert "{{" not in shown and "{%" not in shown
            assert " ".join(shown.split()) == " ".join(draft.text.split())
            # The outcomes are a list, a line each, not run together into one sentence.
            listed = next(p for p in page.locator("p").all_inner_texts() if OUTCOMES[0] in p)
            assert [f"- {o}" for o in OUTCOMES] == listed.split("\n")[-3:], draft.kind
            page.screenshot(path=str(shots / f"workshop-{draft.kind}.png"), full_page=True)


def test_a_workshops_pack_is_refused_alike_when_made_and_when_only_tried(both):
    ws, _, first, *_ = both
    said = "is a workshop: there is no article to read, so no session pack"
    with pytest.raises(ReadingGroupsError, match=said):
        ws.send(first.id, "pack", dry_run=True)
    with pytest.raises(ReadingGroupsError, match=said):
        ws.make_pack(first.id)
