"""The follow-up survey a month after each session: sent by `send --due` to a real SMTP server
on loopback, its answers imported as Microsoft Forms exports them, and the report's Impact
sheet checked figure by figure against a worked example."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from readinggroups import InputFileError, Workspace
from readinggroups.demo import sample_file

from .commands import run
from .test_sending import _use_smtp, smtp  # noqa: F401  (the SMTP server fixture)

LINK = "https://forms.office.com/r/Abc123xyz"
USED = "Have you used what you learned at this session since?"
REFLECTED = "Did you use this session in a reflective account for your revalidation?"
CHANGED = "What have you done differently as a result of attending?"
CONTRIBUTED = "What has attending this session contributed to? (choose all that apply)"
REASONS = "If you have not used it, why not? (choose all that apply)"
QUESTIONS = {"used": USED, "reflected": REFLECTED, "changed": CHANGED,
             "contributed": CONTRIBUTED, "reasons": REASONS}  # fmt: skip
AOIFE, CHIAMAKA, SIOBHAN = (
    "aoife.oneill@example.nhs.uk",
    "chiamaka.okafor@example.nhs.uk",
    "siobhan.nibhriain@example.nhs.uk",
)
PRIYA, ZOE = "priya.raman@example.nhs.uk", "zoe.hartley@example.nhs.uk"


def forms_export(path: Path, responses: list[dict], *, anonymous: bool = False,
                 headers: dict[str, str] = QUESTIONS, first_id: int = 1) -> Path:  # fmt: skip
    """An .xlsx in Microsoft Forms' shape: its own columns (times as date cells, `anonymous`
    in Email and Name for an anonymous form), then one column per question, headed by its text;
    several choices written "A;B;"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
                  *headers.values()])  # fmt: skip
    for number, response in enumerate(responses, start=first_id):
        done = response["when"]
        sheet.append([
            number, done - dt.timedelta(minutes=4), done,
            "anonymous" if anonymous else response["email"],
            "anonymous" if anonymous else response.get("name", ""), None,
            *(response.get(key) for key in headers),
        ])  # fmt: skip
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # Forms exports what was typed as text, never a formula
    book.save(path)
    return path


def _with_link(ws: Workspace) -> Workspace:
    path = ws.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('survey_link = ""', f'survey_link = "{LINK}"'))
    return Workspace.open(ws.root)


def _held(ws: Workspace, day: dt.date, title: str) -> int:
    """A 60-minute session on ``day``: Aoife and Chiamaka came, Priya for half of it (partial,
    credited), Zoë did not come; the rest of the sample bookings have no outcome."""
    planned = ws.new_session(date=day, start="14:00", minutes=60, title=title, capacity=10)
    ws.add_articles(planned.id, [9])
    ws.import_bookings(planned.id, sample_file("bookings.csv"))
    ws.mark_attendance(planned.id, [AOIFE, CHIAMAKA])
    ws.mark_attendance(planned.id, [PRIYA], minutes=32)
    ws.mark_attendance(planned.id, [ZOE], minutes=0)
    return planned.id


def _followups(inbox, kind: str = "followup") -> list[tuple[str, email.message.EmailMessage]]:
    subject = "A reminder: have you used it since?" if kind != "followup" else "Have you used"
    found = []
    for envelope, data in inbox.received:
        message = email.message_from_bytes(data, policy=email.policy.default)
        if message["Subject"].strip().startswith(subject):  # a long one is folded
            found.append((envelope[0], message))
    return found


def test_a_followup_cycle_on_the_mail_server(workspace, smtp):  # noqa: F811
    today = dt.date.today()
    workspace.import_articles([sample_file("search_export.ris")])
    due = _held(workspace, today - dt.timedelta(days=30), "Thirty days ago")
    early = _held(workspace, today - dt.timedelta(days=29), "Twenty-nine days ago")
    inbox, port = smtp()
    ws = _with_link(_use_smtp(workspace, port))
    root = str(ws.root)

    said = run("-w", root, "send", "--due", "--yes").stdout
    asked = _followups(inbox)
    # Those credited with the session 30 days ago, the partial attendee too; no no-show, and
    # nobody from the session 29 days ago.
    assert sorted(to for to, _ in asked) == sorted([AOIFE, CHIAMAKA, PRIYA])
    assert f"Sent 3 messages (followup for session {due})" in said
    assert f"followup for session {early}" not in said
    aoife = next(m for to, m in asked if to == AOIFE)
    text = aoife.get_body(("plain",)).get_content()
    assert aoife["Subject"] == f"Have you used it since? Thirty days ago, {_long(today, 30)}"
    assert text.startswith("Dear Aoife O'Neill,")
    assert LINK in text and "a few minutes" in text and "reflective account" in text
    assert "no need to send it to us" in text  # never asks for the reflection itself
    assert LINK in aoife.get_body(("html",)).get_content()

    assert "Nothing to send." in run("-w", root, "send", "--due", "--yes").stdout
    assert len(_followups(inbox)) == 3  # nothing twice

    # Aoife answers; a week on, the others are reminded once, and only once.
    export = forms_export(ws.root / "answers.xlsx", [
        {"email": AOIFE, "name": "Aoife O'Neill", "when": dt.datetime.now(), "used": "Yes"},
    ])  # fmt: skip
    assert "1 from attendees" in run("-w", root, "followup", "import", str(due), str(export)).stdout
    six = run("-w", root, "send", "--due", "--yes", "--today", str(today + dt.timedelta(days=6)))
    assert _followups(inbox, "reminder") == []
    assert f"Sent 3 messages (followup for session {early})" in six.stdout  # its day came
    seven = str(today + dt.timedelta(days=7))
    run("-w", root, "send", "--due", "--yes", "--today", seven)
    reminded = _followups(inbox, "reminder")
    assert sorted(to for to, _ in reminded) == sorted([CHIAMAKA, PRIYA])
    assert all(LINK in m.get_body(("plain",)).get_content() for _, m in reminded)
    assert "Nothing to send." in run("-w", root, "send", "--due", "--yes", "--today", seven).stdout
    run("-w", root, "send", "--due", "--yes", "--today", str(today + dt.timedelta(days=8)))
    reminded = _followups(inbox, "reminder")
    # The second session's own reminders, a week after its own follow-up (Aoife answered only
    # for the first); the first's not again.
    assert sorted(to for to, _ in reminded) == sorted([CHIAMAKA, PRIYA, AOIFE, CHIAMAKA, PRIYA])
    assert [m.kind for m in ws.messages(due)].count("followup-reminder") == 2


def _long(today: dt.date, days: int) -> str:
    from readinggroups.wording import long_date

    return long_date(today - dt.timedelta(days=days))


def test_without_a_survey_link_send_due_says_what_to_set_and_sends_the_rest(workspace):
    workspace.import_articles([sample_file("search_export.ris")])
    sid = _held(workspace, dt.date.today() - dt.timedelta(days=30), "No link yet")
    path = workspace.root / "readinggroups.toml"
    path.write_text(path.read_text().replace('from = ""', 'from = "library@example.nhs.uk"'))
    said = run("-w", str(workspace.root), "send", "--due", "--yes").stdout
    assert (
        f"Not sent (followup for session {sid}): session {sid} has no follow-up survey link — "
        f"set `survey_link` under [followup] in readinggroups.toml, or `readinggroups sessions "
        f"edit {sid} --survey-link URL`"
    ) in said
    assert f"documents for session {sid}" in said  # the rest still went
    failed = run("-w", str(workspace.root), "send", str(sid), "followup", "--yes", ok=False)
    assert failed.stderr.strip().endswith("--survey-link URL`")
    assert len(failed.stderr.strip().splitlines()) == 1
    # The session's own link, once set, is the one sent.
    run("-w", str(workspace.root), "sessions", "edit", str(sid), "--survey-link", LINK + "?s=1")
    run("-w", str(workspace.root), "send", str(sid), "followup", "--yes")
    drafts = sorted((workspace.root / "output" / "outbox").glob("*_followup_*.eml"))
    assert len(drafts) == 3
    for draft in drafts:
        message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        assert LINK + "?s=1" in message.get_body(("plain",)).get_content()


def test_send_help_lists_the_followup_kinds():
    said = run("send", "--help").stdout
    assert "cancelled,followup,followup-reminder)" in "".join(said.split())


# -- importing the survey's export ---------------------------------------------------------


NOV = dt.datetime(2026, 12, 14, 9, 30)


def test_a_forms_export_is_matched_by_email_and_importing_again_replaces(
    workspace, attended, tmp_path
):
    ws = workspace
    export = forms_export(tmp_path / "Follow-up survey(1-3).xlsx", [
        {"email": AOIFE.upper(), "name": "Aoife O'Neill", "when": NOV, "used": "Yes",
         "reflected": "Yes", "changed": "I now ask about sleep at every review",
         "contributed": "Patient care or service delivery;New knowledge;"},
        {"email": CHIAMAKA, "when": NOV, "used": "Not yet", "reflected": "No",
         "reasons": "No time or opportunity;"},
        {"email": "someone.else@example.nhs.uk", "when": NOV, "used": "yes"},
    ])  # fmt: skip
    said = run("-w", str(ws.root), "followup", "import", str(attended.id), str(export))
    assert said.stdout.strip() == (
        f"Imported 3 responses for session {attended.id}: 2 from attendees, 1 anonymous."
    )
    assert said.stderr.strip() == (
        "Warning: Follow-up survey(1-3).xlsx, row 4: someone.else@example.nhs.uk is not "
        f"credited with session {attended.id} (not booked, or did not come): counted as an "
        "anonymous response"
    )
    kept = ws.followup_responses(attended.id)
    aoife = next(r for r in kept if r.person and r.person.email == AOIFE)
    assert (aoife.used_since, aoife.used_in_reflection) == ("Yes", "Yes")
    assert aoife.contributed == ["Patient care or service delivery", "New knowledge"]
    assert aoife.submitted_at == NOV and aoife.response_id == f"1@{NOV.isoformat()}"
    assert aoife.answers[CHANGED] == "I now ask about sleep at every review"
    assert next(r for r in kept if r.person is None).used_since == "Yes"
    ws.keep_quotes(attended.id, [aoife.id])
    again = ws.import_followup(attended.id, export)
    assert (again.added, again.replaced) == (0, 3)
    assert len(ws.followup_responses(attended.id)) == 3
    # The same answers again change nothing: not when they came in, not the quote she kept.
    same = next(r for r in ws.followup_responses(attended.id) if r.id == aoife.id)
    assert same.keep and same.imported_at == aoife.imported_at


def test_someone_who_answers_twice_counts_once_with_their_later_answer(
    workspace, attended, tmp_path
):
    later = NOV + dt.timedelta(hours=2)
    export = forms_export(tmp_path / "twice.xlsx", [
        {"email": AOIFE, "when": NOV, "used": "Not yet"},
        {"email": AOIFE, "when": later, "used": "Yes"},
    ])  # fmt: skip
    done = workspace.import_followup(attended.id, export)
    assert done.warnings == [
        f"twice.xlsx, row 2: {AOIFE} answered again later: the later answer is kept"
    ]
    [response] = workspace.followup_responses(attended.id)
    assert (response.used_since, response.submitted_at) == ("Yes", later)
    # An earlier answer in another export does not undo it; a later one replaces it.
    older = forms_export(tmp_path / "older.xlsx", [
        {"email": "x", "when": NOV, "used": "No"}, {"email": AOIFE, "when": NOV, "used": "No"},
    ], first_id=10)  # fmt: skip
    workspace.import_followup(attended.id, older)
    assert [r.used_since for r in workspace.followup_responses(attended.id)
            if r.person is not None] == ["Yes"]  # fmt: skip
    newer = forms_export(tmp_path / "newer.xlsx", [
        {"email": "x", "when": NOV, "used": "No"}, {"email": "y", "when": NOV, "used": "No"},
        {"email": AOIFE, "when": later + dt.timedelta(days=1), "used": "No"},
    ], first_id=20)  # fmt: skip
    workspace.import_followup(attended.id, newer)
    mine = [r for r in workspace.followup_responses(attended.id) if r.person is not None]
    # Kept by the form's ID and when it was completed: another form's response 22 is another.
    assert [(r.used_since, r.response_id) for r in mine] == [
        ("No", f"22@{(later + dt.timedelta(days=1)).isoformat(timespec='seconds')}")
    ]


def test_an_anonymous_form_is_counted_for_the_session(workspace, attended, tmp_path):
    ws = workspace
    export = forms_export(tmp_path / "anon.xlsx", [
        {"when": NOV, "used": "No", "reasons": "Not relevant to my role;It was too basic"},
        {"when": NOV, "used": "Yes", "contributed": "New ideas;"},
    ], anonymous=True)  # fmt: skip
    done = ws.import_followup(attended.id, export)
    assert (done.matched, done.anonymous, done.warnings) == (0, 2, [])
    first, second = ws.followup_responses(attended.id)
    assert first.person_id is None and first.reasons == ["Not relevant to my role", "Other"]
    assert first.answers[REASONS] == "Not relevant to my role;It was too basic"  # as given
    assert second.contributed == ["New ideas"]


def test_a_csv_export_saved_from_excel_is_read_too(workspace, attended, tmp_path):
    ws = workspace
    path = tmp_path / "answers.csv"
    path.write_text(
        f'ID,Start time,Completion time,Email,Name,"{USED}","{CHANGED}"\r\n'
        f'7,14/12/2026 09:26,14/12/2026 09:30,{SIOBHAN},Siobhán Ní Bhriain,Not yet,"Asked, '
        'then waited"\r\n',
        encoding="utf-8-sig",
    )
    done = ws.import_followup(attended.id, path)
    assert (done.added, done.matched) == (1, 1)
    [response] = ws.followup_responses(attended.id)
    assert response.person.name == "Siobhán Ní Bhriain"
    assert response.submitted_at == dt.datetime(2026, 12, 14, 9, 30)
    assert (response.used_since, response.changed) == ("Not yet", "Asked, then waited")


def _bomb(path: Path) -> Path:
    """A workbook whose parts unzip to far more than any survey's export."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
        book.writestr("xl/worksheets/sheet1.xml", b"\x00" * 250_000_000)
    return path


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: forms_export(p, [{"email": AOIFE, "when": NOV, "used": "Yes"}],
                                   headers={**QUESTIONS, "extra": "How was the room?"}),
            'bad.xlsx: the column "How was the room?" is not one of the follow-up questions — '
            "map it in followup_questions.toml under [columns]",
        ),
        (
            lambda p: forms_export(p, [{"email": AOIFE, "when": NOV, "used": "Maybe"}]),
            'bad.xlsx, row 2: "Maybe" in the column "Have you used what you learned at this '
            'session since?" is not one of its answers (Yes, Not yet, No)',
        ),
        (
            lambda p: forms_export(p, [{"email": AOIFE, "when": dt.datetime(2026, 10, 1),
                                        "used": "Yes"}]),
            "bad.xlsx, row 2: answered on 1 October 2026, before session 1 took place "
            "(12 November 2026) — is this another session's survey?",
        ),
        (
            lambda p: _written(p, b"PK\x03\x04xl/workbook" + b"\x00" * 50),
            "bad.xlsx: a damaged Excel file",
        ),
        (
            lambda p: _written(p, b"ID,Start time,Email\n1,x,y\n"),
            "bad.xlsx: none of its columns is a follow-up question",
        ),
        (lambda p: _written(p, b"%PDF-1.7\n" + b"\x00" * 100), "bad.xlsx: this is a PDF"),
        (_bomb, "bad.xlsx: this workbook unzips to 250 MB"),
    ],
    ids=["unknown-column", "unknown-answer", "before-the-session", "damaged", "not-a-survey",
         "a-pdf", "zip-bomb"],
)  # fmt: skip
def test_a_file_that_cannot_be_imported_is_refused_in_one_line(
    workspace, attended, tmp_path, make, message
):
    ws = workspace
    path = make(tmp_path / "bad.xlsx")
    failed = run("-w", str(ws.root), "followup", "import", str(attended.id), str(path), ok=False)
    assert failed.stderr.startswith("Error: " + message), failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    assert ws.followup_responses() == []  # nothing changed


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_a_csv_in_any_encoding_excel_saves_is_read(workspace, attended, tmp_path, encoding):
    path = tmp_path / "answers.csv"
    separator = "\t" if encoding == "utf-16" else ","
    path.write_text(
        separator.join(["ID", "Email", USED, CHANGED]) + "\n"
        + separator.join(["3", SIOBHAN, "Yes", "Read it with Zoë's team"]) + "\n",
        encoding=encoding,
    )  # fmt: skip
    ws = workspace
    ws.import_followup(attended.id, path)
    [response] = ws.followup_responses(attended.id)
    assert response.changed == "Read it with Zoë's team" and response.person is not None


def test_a_workshop_asks_its_own_questions(workspace, tmp_path):
    ws = workspace
    questions = ws.root / "followup_questions.toml"
    questions.write_text(questions.read_text() + (
        "\n[workshop.questions.used_since]\n"
        'text = "Have you used the search skills from this workshop since?"\n'
        'choices = ["Yes", "Not yet", "No"]\n'
    ))  # fmt: skip
    workshop = ws.new_session(date="2026-11-12", start="10:00", title="Finding the evidence",
                              kind="workshop", learning_outcomes=["Search CINAHL"])  # fmt: skip
    ws.book(workshop.id, name="Aoife O'Neill", email=AOIFE)
    asked = {"used": "Have you used the search skills from this workshop since?"}
    export = forms_export(tmp_path / "w.xlsx", [{"email": AOIFE, "when": NOV, "used": "Not yet"}],
                          headers=asked)  # fmt: skip
    ws.import_followup(workshop.id, export)
    assert ws.followup_responses(workshop.id)[0].used_since == "Not yet"
    # A reading group's export is not a workshop's: its question is unknown there.
    with pytest.raises(InputFileError, match="not one of the follow-up questions"):
        ws.import_followup(workshop.id, forms_export(tmp_path / "r.xlsx", [
            {"email": AOIFE, "when": NOV, "used": "Yes"}], headers={"used": USED}))  # fmt: skip


def test_another_sessions_export_is_refused(workspace, attended, tmp_path):
    ws = workspace
    other = ws.new_session(date="2026-11-26", start="14:00", minutes=60, title="Sleep")
    ws.book(other.id, name="Kwame Mensah", email="kwame.mensah@example.nhs.uk")
    ws.book(other.id, name="Newcomer", email="new.comer@example.nhs.uk")
    export = forms_export(tmp_path / "sleep.xlsx", [
        {"email": "new.comer@example.nhs.uk", "when": NOV, "used": "Yes"},
    ])  # fmt: skip
    with pytest.raises(InputFileError, match=(
        f"sleep.xlsx: nobody who answered came to session {attended.id}; they were booked "
        f"on session {other.id} — import it for that session"
    )):  # fmt: skip
        ws.import_followup(attended.id, export)
    ws.mark_attendance(other.id, ["new.comer@example.nhs.uk", "kwame.mensah@example.nhs.uk"])
    assert ws.import_followup(other.id, export).matched == 1


def test_the_national_questionnaires_columns_are_mapped_not_reworded(workspace, attended, tmp_path):
    ws = workspace
    questions = ws.root / "followup_questions.toml"
    assert questions.is_file()  # init put it there to edit
    questions.write_text(questions.read_text().replace("[columns]\n", (
        "[columns]\n"
        '"Have you been able to use the skills or knowledge gained?" = "used_since"\n'
        '"Any other comments?" = "keep"\n'
        "[answers]\n"
        '"Yes, I have used them" = "Yes"\n'
    ), 1))  # fmt: skip
    export = forms_export(tmp_path / "national.xlsx", [
        {"email": AOIFE, "when": NOV, "a": "Yes, I have used them", "b": "Great session"},
    ], headers={"a": "Have you been able to use the skills or knowledge gained?",
                "b": "Any other comments?"})  # fmt: skip
    ws.import_followup(attended.id, export)
    [response] = ws.followup_responses(attended.id)
    assert response.used_since == "Yes"
    assert response.answers["Any other comments?"] == "Great session"


def test_a_cancelled_session_has_no_followup_to_import(workspace, tmp_path):
    planned = workspace.new_session(date="2026-11-26", start="14:00", title="Sleep")
    workspace.cancel_session(planned.id, reason="room flooded")
    export = forms_export(tmp_path / "a.xlsx", [{"email": AOIFE, "when": NOV, "used": "Yes"}])
    failed = run("-w", str(workspace.root), "followup", "import", str(planned.id), str(export),
                 ok=False)  # fmt: skip
    assert failed.stderr.strip() == (
        f"Error: session {planned.id} was cancelled: it has no follow-up — check the session number"
    )


def test_deleting_a_session_removes_its_responses(workspace, attended, tmp_path):
    ws = workspace
    ws.import_followup(attended.id, forms_export(tmp_path / "a.xlsx", [
        {"email": AOIFE, "when": NOV, "used": "Yes"}]))  # fmt: skip
    ws.delete_session(attended.id, force=True)
    assert ws.followup_responses() == []


# -- the Impact sheet, worked by hand -------------------------------------------------------


@pytest.fixture
def answered(workspace, attended, tmp_path):
    """Three sessions: 12 November (9 credited), 26 November (3 credited: two came, one for
    half of it; one no-show) and 1 December (2 credited, nobody answered)."""
    ws = workspace
    second = ws.new_session(date="2026-11-26", start="14:00", minutes=60, title="Sleep")
    for name, address in [("Kwame Mensah", "kwame.mensah@example.nhs.uk"),
                          ("Fatima Hussain", "fatima.hussain@example.nhs.uk"),
                          ("Sam Okoro", "sam.okoro@example.nhs.uk"),
                          ("Rebecca Thornton", "rebecca.thornton@example.nhs.uk")]:  # fmt: skip
        ws.book(second.id, name=name, email=address)
    ws.mark_attendance(second.id, ["kwame.mensah@example.nhs.uk", "fatima.hussain@example.nhs.uk"])
    ws.mark_attendance(second.id, ["sam.okoro@example.nhs.uk"], minutes=32)
    ws.mark_attendance(second.id, ["rebecca.thornton@example.nhs.uk"], minutes=0)
    third = ws.new_session(date="2026-12-01", start="14:00", minutes=60, title="Restraint")
    for address in (AOIFE, CHIAMAKA):
        ws.book(third.id, name="x", email=address)
    ws.mark_attendance(third.id, [AOIFE, CHIAMAKA])
    ws.import_followup(attended.id, forms_export(tmp_path / "first.xlsx", [
        {"email": AOIFE, "when": NOV, "used": "Yes", "reflected": "Yes",
         "changed": "I now ask about sleep at every review",
         "contributed": "Patient care or service delivery;New knowledge;"},
        {"email": CHIAMAKA, "when": NOV, "used": "Not yet", "reflected": "No",
         "contributed": "New ideas;", "reasons": "No time or opportunity;"},
        {"email": SIOBHAN, "when": NOV, "used": "No", "reflected": "No",
         "reasons": "Not relevant to my role;Nobody on my ward reads;"},
        {"email": "someone.else@example.nhs.uk", "when": NOV, "used": "Yes",
         "reflected": "Not yet", "contributed": "Shared with colleagues;New knowledge;"},
    ]))  # fmt: skip
    ws.import_followup(second.id, forms_export(tmp_path / "second.xlsx", [
        {"when": NOV, "used": "Yes", "reflected": "Yes", "changed": "Shared it at handover",
         "contributed": "Your own professional development;"},
        {"when": NOV, "used": "Yes", "changed": '=HYPERLINK("http://x","Click")',
         "contributed": "New knowledge;"},
    ], anonymous=True))  # fmt: skip
    return ws, attended.id, second.id, third.id


def test_the_impact_sheet_holds_the_figures_worked_by_hand(answered, tmp_path):
    ws, first, second, third = answered
    [aoife] = ws.followup_quotes(first)
    handover, formula = ws.followup_quotes(second)
    run("-w", str(ws.root), "followup", "quote", str(first), str(aoife.number), "--keep",
        "--named")  # fmt: skip
    run("-w", str(ws.root), "followup", "quote", str(second), str(handover.number),
        str(formula.number), "--keep")  # fmt: skip
    run("-w", str(ws.root), "report", "--until", "2026-12-31", "--out", str(tmp_path / "r"))
    book = openpyxl.load_workbook(tmp_path / "r" / "report.xlsx")
    assert {"Impact", "Impact by month", "Impact quotes"} <= set(book.sheetnames)
    sessions = pd.read_excel(tmp_path / "r" / "report.xlsx", sheet_name="Impact")
    rows = {r["session_id"]: r for r in sessions.to_dict("records")}
    assert {(r["kind"], r["series"]) for r in rows.values()} == {
        ("reading-group", "Nursing Reading Group")
    }
    # One series: nothing to compare it with.
    assert "Impact by series" not in book.sheetnames
    # 12 November: 4 answers from 9 credited (one from someone not booked: anonymous); used
    # since: Yes, Not yet, No, Yes; a reflective account: Yes, No, No, Not yet.
    # Nobody was sent the survey from here: it went out some other way, so everyone credited
    # counts as asked.
    assert _figures(rows[first]) == {
        "credited": 9, "asked": 9, "responses": 4, "from_attendees": 3, "anonymous": 1,
        "response_rate": 0.444, "used_since": 2, "not_yet": 1, "not_used": 1,
        "used_since_rate": 0.5, "reflective_account": 1, "reflective_account_rate": 0.25,
        "contributed: Patient care or service delivery": 1,
        "contributed: Your own professional development": 0,
        "contributed: Shared with colleagues": 1, "contributed: New knowledge": 2,
        "contributed: New ideas": 1,
        "not used: No time or opportunity": 1, "not used: Not relevant to my role": 1,
        "not used: The session did not meet my expectations": 0, "not used: Other": 1,
    }  # fmt: skip
    # 26 November: 2 anonymous answers from 3 credited; one left the reflection blank.
    assert _figures(rows[second]) == {
        "credited": 3, "asked": 3, "responses": 2, "from_attendees": 0, "anonymous": 2,
        "response_rate": 0.667, "used_since": 2, "not_yet": 0, "not_used": 0,
        "used_since_rate": 1.0, "reflective_account": 1, "reflective_account_rate": 1.0,
        "contributed: Patient care or service delivery": 0,
        "contributed: Your own professional development": 1,
        "contributed: Shared with colleagues": 0, "contributed: New knowledge": 1,
        "contributed: New ideas": 0,
        "not used: No time or opportunity": 0, "not used: Not relevant to my role": 0,
        "not used: The session did not meet my expectations": 0, "not used: Other": 0,
    }  # fmt: skip
    # 1 December: 2 credited, not asked and nobody answered: no rate, and no share of nobody.
    assert _nothing_yet(rows[third])
    months = pd.read_excel(tmp_path / "r" / "report.xlsx", sheet_name="Impact by month")
    november, december = months.to_dict("records")
    assert (november["month"], november["sessions"], december["month"]) == ("2026-11", 2, "2026-12")
    assert _figures(november) == {
        "credited": 12, "asked": 12, "responses": 6, "from_attendees": 3, "anonymous": 3,
        "response_rate": 0.5, "used_since": 4, "not_yet": 1, "not_used": 1,
        "used_since_rate": 0.667, "reflective_account": 2, "reflective_account_rate": 0.4,
        "contributed: Patient care or service delivery": 1,
        "contributed: Your own professional development": 1,
        "contributed: Shared with colleagues": 1, "contributed: New knowledge": 3,
        "contributed: New ideas": 1,
        "not used: No time or opportunity": 1, "not used: Not relevant to my role": 1,
        "not used: The session did not meet my expectations": 0, "not used: Other": 1,
    }  # fmt: skip
    assert _nothing_yet(december)
    quotes = book["Impact quotes"]
    found = [[c.value for c in row] for row in quotes.iter_rows(min_row=2)]
    assert found == [
        [first, "2026-11-12", "I now ask about sleep at every review", "Aoife O'Neill"],
        [second, "2026-11-26", "Shared it at handover", None],  # no name unless she says
        [second, "2026-11-26", '=HYPERLINK("http://x","Click")', None],
    ]
    assert quotes["C4"].data_type == "s"  # text, never a formula
    assert book["Impact"]["G1"].value == "credited"
    assert (book["Impact"]["L1"].value, book["Impact"]["L2"].number_format) == (
        "response_rate", "0%"
    )  # fmt: skip
    assert (tmp_path / "r" / "impact.png").stat().st_size > 10_000


def _nothing_yet(row: dict) -> bool:
    figures = _figures(row)
    shares = ("response_rate", "used_since_rate", "reflective_account_rate")
    assert all(pd.isna(figures.pop(share)) for share in shares)
    assert figures.pop("credited") == 2
    return set(figures.values()) == {0}


def _figures(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("session_id", "session_date", "session_title",
                                                        "kind", "series", "month", "sessions")}  # fmt: skip


def test_quotes_are_listed_numbered_and_dropped_again(answered):
    ws, first, second, _ = answered
    listed = run("-w", str(ws.root), "followup", "quote", str(second)).stdout.splitlines()
    assert len(listed) == 2 and all("[not kept] anonymous:" in line for line in listed)
    number = ws.followup_quotes(second)[0].number
    run("-w", str(ws.root), "followup", "quote", str(second), str(number), "--keep")
    run("-w", str(ws.root), "followup", "quote", str(second), str(number), "--drop")
    assert not any(q.keep for q in ws.followup_quotes(second))
    refused = run("-w", str(ws.root), "followup", "quote", str(second), str(number), "--keep",
                  "--named", ok=False)  # fmt: skip
    assert "is anonymous: there is no name to show" in refused.stderr
    wrong = run(
        "-w", str(ws.root), "followup", "quote", str(first), str(number), "--keep", ok=False
    )
    assert f"no response {number} for session {first}" in wrong.stderr


def test_the_export_is_one_row_per_response_for_the_annual_statistics(answered, tmp_path):
    ws, first, second, _ = answered
    run("-w", str(ws.root), "export", "followup", "--out", str(tmp_path / "f.xlsx"))
    table = pd.read_excel(tmp_path / "f.xlsx")
    assert len(table) == 6
    aoife = table[table["email"] == AOIFE].iloc[0]
    assert aoife["contributed"] == "Patient care or service delivery; New knowledge"
    assert aoife["used_since"] == "Yes" and aoife["session_id"] == first
    cell = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    formula = next(c for c in cell["L"] if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    run("-w", str(ws.root), "export", "followup", "--anonymise", "--out", str(tmp_path / "a.csv"))
    text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert "Aoife" not in text and AOIFE not in text and "sleep at every review" not in text
    hidden = pd.read_csv(tmp_path / "a.csv")
    assert hidden["name"].str.startswith("Person ").sum() == 3  # anonymous ones stay blank
    assert "changed" not in hidden.columns


def test_forgetting_a_person_keeps_their_answer_counted_but_not_theirs(answered, tmp_path):
    ws, first, _, _ = answered
    run("-w", str(ws.root), "export", "person", AOIFE, "--out", str(tmp_path / "p.xlsx"))
    mine = pd.read_excel(tmp_path / "p.xlsx", sheet_name="Follow-up answers")
    assert dict(zip(mine["question"], mine["answer"], strict=True))[CHANGED] == (
        "I now ask about sleep at every review"
    )
    run("-w", str(ws.root), "forget", AOIFE, "--yes")
    responses = ws.followup_responses(first)
    assert len(responses) == 4
    erased = next(r for r in responses if r.contributed == ["Patient care or service delivery",
                                                            "New knowledge"])  # fmt: skip
    assert erased.person_id is None and erased.changed is None and erased.answers == {}
    assert erased.used_since == "Yes"  # still counted


def test_the_demos_sample_export_imports_into_its_session_and_reports(tmp_path):
    run("demo", str(tmp_path / "demo"))
    ws = str(tmp_path / "demo")
    main = next(s for s in Workspace.open(ws).sessions() if s.date == dt.date(2026, 11, 12))
    # The demo imported it already: importing it again replaces, never adds.
    said = run("-w", ws, "followup", "import", str(main.id),
               str(sample_file("followup_survey.xlsx"))).stdout  # fmt: skip
    assert said.strip() == (
        f"Imported 5 responses for session {main.id}: 5 from attendees, 0 anonymous "
        "(5 imported before, replaced)."
    )
    run("-w", ws, "report", "--until", "2026-12-31", "--out", str(tmp_path / "r"))
    impact = pd.read_excel(tmp_path / "r" / "report.xlsx", sheet_name="Impact")
    row = impact[impact["session_id"] == main.id].iloc[0]
    assert (row["credited"], row["responses"], row["used_since"]) == (10, 5, 3)
    assert row["response_rate"] == 0.5


# -- who counts, who is asked, and what an erasure leaves --------------------------------------


def test_an_answer_from_someone_not_credited_counts_for_the_session_but_not_as_an_attendees(
    workspace, attended, tmp_path
):
    """Rebecca did not come (the Teams report's no-show) and Sam is still waiting: their
    answers are the session's, anonymous, never an attendee's."""
    export = forms_export(tmp_path / "answers.xlsx", [
        {"email": AOIFE, "when": NOV, "used": "Yes"},
        {"email": "rebecca.thornton@example.nhs.uk", "when": NOV, "used": "Yes"},
        {"email": "sam.okoro@example.nhs.uk", "when": NOV, "used": "Yes"},
    ])  # fmt: skip
    done = workspace.import_followup(attended.id, export)
    assert (done.matched, done.anonymous) == (1, 2)
    assert [w.split(": ", 1)[1] for w in done.warnings] == [
        f"rebecca.thornton@example.nhs.uk is not credited with session {attended.id} (not "
        "booked, or did not come): counted as an anonymous response",
        f"sam.okoro@example.nhs.uk is not credited with session {attended.id} (not booked, or "
        "did not come): counted as an anonymous response",
    ]
    answered = [r.person.email for r in workspace.followup_responses(attended.id) if r.person]
    assert answered == [AOIFE]


def test_an_erased_persons_answer_is_not_brought_back_by_a_later_export(
    workspace, attended, tmp_path
):
    export = forms_export(tmp_path / "answers.xlsx", [
        {"email": AOIFE, "name": "Aoife O'Neill", "when": NOV, "used": "Yes",
         "changed": "I now ask about sleep at every review"},
        {"email": CHIAMAKA, "when": NOV, "used": "No"},
    ])  # fmt: skip
    workspace.import_followup(attended.id, export)
    workspace.forget(AOIFE)
    again = run("-w", str(workspace.root), "followup", "import", str(attended.id), str(export))
    assert again.stdout.strip() == (
        f"Imported 1 response for session {attended.id}: 1 from attendees, 0 anonymous (1 "
        "imported before, replaced); 1 response of people whose details were erased left out."
    )
    assert AOIFE not in again.stdout + again.stderr  # her address is not printed either
    kept = workspace.followup_responses(attended.id)
    erased = next(r for r in kept if r.erased)
    assert (erased.person_id, erased.changed, erased.answers) == (None, None, {})
    assert erased.used_since == "Yes"  # still counted
    assert workspace.followup_quotes(attended.id) == []


def test_another_forms_responses_with_the_same_numbers_are_not_mistaken_for_these(
    workspace, attended, tmp_path
):
    """Microsoft Forms numbers every form's responses from 1."""
    first = forms_export(tmp_path / "first.xlsx", [
        {"email": "anonymous", "when": NOV, "used": "Yes", "changed": "Shared it at handover"},
    ], anonymous=True)  # fmt: skip
    other = forms_export(tmp_path / "other.xlsx", [
        {"email": "anonymous", "when": NOV + dt.timedelta(days=2), "used": "No"},
    ], anonymous=True)  # fmt: skip
    workspace.import_followup(attended.id, first)
    [quote] = workspace.followup_quotes(attended.id)
    workspace.keep_quotes(attended.id, [quote.number])
    done = workspace.import_followup(attended.id, other)
    assert (done.added, done.replaced) == (1, 0)
    kept = workspace.followup_responses(attended.id)
    assert sorted(r.used_since for r in kept) == ["No", "Yes"]
    assert [(q.text, q.keep) for q in workspace.followup_quotes(attended.id)] == [
        ("Shared it at handover", True)
    ]


def test_a_csv_without_ids_imported_in_two_parts_keeps_both(workspace, attended, tmp_path):
    header = f"Email,Completion time,{USED}\n"
    one = tmp_path / "one.csv"
    one.write_text(header + "anonymous,2026-12-14 09:30,Yes\nanonymous,2026-12-14 10:00,No\n")
    two = tmp_path / "two.csv"
    two.write_text(header + "anonymous,2026-12-15 11:00,Not yet\n")
    workspace.import_followup(attended.id, one)
    assert workspace.import_followup(attended.id, two).added == 1
    assert workspace.import_followup(attended.id, one).replaced == 2  # the same rows again
    answers = sorted(r.used_since for r in workspace.followup_responses(attended.id))
    assert answers == ["No", "Not yet", "Yes"]


def test_nobody_erased_is_asked_and_no_run_sends_a_followup_and_its_reminder_together(
    workspace, attended
):
    ws = _with_link(workspace)
    ws.forget(CHIAMAKA)
    # Weeks ahead, the follow-up and its reminder are both "due": only the follow-up goes.
    later = attended.date + dt.timedelta(days=40)
    sent = ws.send_due(today=later)
    kinds = {b.kind: len(b.sent) for b in sent if b.sent}
    # 9 credited (8 attended, Gareth partial), less Chiamaka, erased: her documents neither.
    assert kinds.get("followup") == 8 and kinds.get("documents") == 8
    assert "followup-reminder" not in kinds
    asked = [m.person.email for m in ws.messages(attended.id) if m.kind == "followup"]
    assert CHIAMAKA not in asked and not any(e.endswith("@erased.invalid") for e in asked)
    # The next run, the reminder goes to those asked (nobody has answered), once.
    reminded = ws.send_due(today=later + dt.timedelta(days=7))
    assert {b.kind: len(b.sent) for b in reminded if b.sent} == {"followup-reminder": 8}
    assert not any(b.sent for b in ws.send_due(today=later + dt.timedelta(days=8)))


def test_a_reading_group_of_another_series_is_named_as_its_own_in_the_followup(workspace):
    ws = _with_link(workspace)
    club = ws.new_session(date="2026-11-25", start="12:00", title="Continuity of carer",
                          series="Midwives' Journal Club")  # fmt: skip
    ws.book(club.id, name="Ann Lee", email="ann.lee@example.nhs.uk")
    ws.mark_attendance(club.id, ["ann.lee@example.nhs.uk"])
    [planned] = ws.send(club.id, "followup", dry_run=True).planned
    assert "You took part in the Midwives' Journal Club on 25 November 2026" in planned.draft.text
    assert "Nursing Reading Group" not in planned.draft.text
