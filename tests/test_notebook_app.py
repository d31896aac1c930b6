"""The notebook's panels driven as the librarian drives them: values set, buttons clicked,
files uploaded; what they did checked in the database and on disk."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from readinggroups import Workspace
from readinggroups.demo import sample_file
from readinggroups.notebook import errors, show, values
from readinggroups.notebook.widgets import NEW, App


def upload(widget, *paths):
    """What a browser upload sets on a FileUpload."""
    widget.value = tuple(
        {
            "name": path.name,
            "type": "",
            "size": path.stat().st_size,
            "content": memoryview(path.read_bytes()),
            "last_modified": dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        }
        for path in paths
    )


def buttons(widget, description):
    """Every button with this label inside ``widget``."""
    import ipywidgets as w

    found = []
    stack = [widget]
    while stack:
        item = stack.pop()
        if isinstance(item, w.Button) and item.description == description:
            found.append(item)
        stack.extend(getattr(item, "children", ()))
    return found[::-1]


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return App(Workspace.create(tmp_path / "group", group="Nursing Reading Group"))


def test_a_whole_session_by_clicking(app):
    ws = app.ws
    # 1. Plan a session with the form under "New…".
    panel = app.session_panel()
    assert panel.chooser.value == NEW and panel.save.description == "Plan this session"
    panel.date.value = dt.date(2026, 11, 12)
    panel.title.value = "Therapeutic engagement on acute wards"
    panel.capacity.value = 10
    panel.standards.value = "6.2, 9.3"
    panel.save.click()
    [session] = ws.sessions()
    assert session.capacity == 10 and list(session.code_standards) == ["6.2", "9.3"]
    assert ws.current_session().id == session.id
    assert panel.chooser.value == session.id
    assert dict(panel.chooser.options)["12 Nov 2026 – Therapeutic engagement on acute wards (#1)"]
    panel.save.click()  # "Save changes" now: nothing new is planned
    assert len(ws.sessions()) == 1

    # 2. Upload the search exports; they are kept in the workspace's inbox.
    articles = app.articles_panel()
    upload(articles.upload, sample_file("search_export.ris"), sample_file("pubmed_export.txt"))
    assert "18 new, 3 duplicates" in articles.status.value
    assert sorted(p.name for p in (ws.root / "inbox").iterdir()) == [
        "pubmed_export.txt",
        "search_export.ris",
    ]
    first = ws.shortlist(limit=1)["id"].iloc[0]
    buttons(articles, "Choose")[0].click()
    assert [a.id for a in ws.session(session.id).articles] == [first]
    # Chosen, it moves to "On this session", with a button to take it off again.
    assert f"{first}: " in articles.chosen.children[0].children[0].value
    buttons(articles.chosen, "Take off")[0].click()
    assert ws.session(session.id).articles == []
    buttons(articles, "Choose")[0].click()
    assert [a.id for a in ws.session(session.id).articles] == [first]
    # Rejecting needs a reason; without one she is told, and nothing changes.
    second = [r for r in ws.shortlist(limit=3)["id"] if r != first][1]
    buttons(articles, "Reject")[1].click()
    assert "type the reason" in articles.status.value and ws.article(second).status is None
    reject_row = buttons(articles, "Reject")[1]
    reason_box = next(
        child
        for row in articles.rows.children
        for box in row.children[1:]
        for line in box.children
        if reject_row in getattr(line, "children", ())
        for child in line.children
        if child is not reject_row
    )
    reason_box.value = "behind a paywall"
    reject_row.click()
    assert (
        ws.article(second).status == "rejected"
        and ws.article(second).status_note == "behind a paywall"
    )

    # 3. Bookings: upload, then cancel one with its button; the first waiting takes the place.
    bookings = app.bookings_panel()
    upload(bookings.upload, sample_file("bookings.csv"))
    assert "10 booked, 2 on the waiting list" in bookings.status.value
    buttons(bookings, "Cancel")[0].click()
    assert "Promoted from the waiting list" in bookings.status.value
    statuses = [b.status for b in ws.bookings(session.id)]
    assert statuses.count("cancelled") == 1 and statuses.count("waitlisted") == 1

    # 4. The pack, with a link to open it.
    pack = app.pack_panel()
    buttons(pack, "Write the session pack")[0].click()
    assert 'href="group/output/packs/session-pack_2026-11-12' in pack.links.value

    # 5. Attendance: the Teams report has one name it cannot place; settle it with a click.
    attendance = app.attendance_panel()
    upload(attendance.upload, sample_file("teams_attendance.csv"))
    assert "Rebecca T (Guest)" in attendance.review.children[1].children[0].value
    [row] = attendance.review.children[1:]
    who = row.children[1].children[0]
    who.value = "rebecca.thornton@example.nhs.uk"
    buttons(row, "It is this person")[0].click()
    assert "Rebecca T (Guest): recorded as Rebecca Thornton" in attendance.status.value
    assert attendance.review.children == ()
    assert "Rebecca Thornton" in attendance.table.value
    rebecca = next(b for b in ws.bookings(session.id) if b.person.name == "Rebecca Thornton")
    assert rebecca.minutes_attended == 47
    # Uploaded again: she stays settled.
    upload(attendance.upload, sample_file("teams_attendance.csv"))
    assert attendance.review.children == ()

    # 6. The documents, as a zip, with a link.
    documents = app.documents_panel()
    documents.bundle.value = True
    buttons(documents, "Make the attendees' documents")[0].click()
    assert "1 zip for 10 attendees" in documents.status.value
    assert ".zip" in documents.links.value
    documents.bundle.value = False
    buttons(documents, "Make the attendees' documents")[0].click()
    forms = sorted((ws.root / "output" / "forms" / "session-1").glob("reflective-account_*"))
    assert len(forms) == 10
    names = [c.text for t in Document(str(forms[0])).tables for r in t.rows for c in r.cells]
    assert any(b.person.name in names for b in ws.bookings(session.id))
    buttons(documents, "Export attendance and people")[0].click()
    assert "attendance.xlsx" in documents.links.value

    # 7. Messages: what is due is shown before anything goes; sent once, then recorded.
    messages = app.messages_panel()
    assert "Your revalidation documents" in messages.due.value
    assert (
        "Sorry we missed you" in messages.due.value and "Nothing sent yet" in messages.record.value
    )
    assert not (ws.root / "output" / "outbox").exists()
    buttons(messages, "Send what is due")[0].click()
    drafts = sorted((ws.root / "output" / "outbox").glob("*.eml"))
    assert f"Sent {len(drafts)} messages to output/outbox/ as drafts." in messages.status.value
    assert len(drafts) == 11  # 10 attendees' documents, 1 missed-you note
    assert "Nothing is due to send" in messages.due.value
    assert messages.record.value.count("<tr>") == 1 + len(drafts)  # the header and each one
    buttons(messages, "Send what is due")[0].click()
    assert "Nothing to send" in messages.status.value
    assert len(list((ws.root / "output" / "outbox").glob("*.eml"))) == len(drafts)


def test_changing_places_and_cancelling_from_the_session_panel(app):
    ws = app.ws
    session = ws.new_session(date="2026-11-12", start="14:00", title="Delirium", capacity=12)
    ws.import_bookings(session.id, sample_file("bookings.csv"))
    app.choose(session.id)
    panel = app.session_panel()
    bookings = app.bookings_panel()
    panel.capacity.value = 10
    panel.save.click()
    assert "2 moved to the waiting list" in panel.status.value or "waiting" in panel.status.value
    assert sum(b.status == "waitlisted" for b in ws.bookings(session.id)) == 2
    assert bookings.rows.children[-1].children[0].value.endswith("<b>waitlisted</b></div>")
    # Moving the day is refused in one line, and nothing changes.
    panel.date.value = dt.date(2026, 11, 19)
    panel.save.click()
    assert "keeps its day and time" in panel.status.value
    assert ws.session(session.id).date == dt.date(2026, 11, 12)
    panel.reason.value = "facilitator unwell"
    panel.cancel.click()
    assert ws.session(session.id).cancelled
    assert panel.chooser.options[0][0].endswith("– cancelled") and panel.cancel.disabled
    assert buttons(bookings, "Cancel") == []  # a cancelled session takes no changes


def test_the_session_chooser_switches_every_panel(app):
    ws = app.ws
    first = ws.new_session(date="2026-11-12", start="14:00", title="Delirium")
    second = ws.new_session(date="2026-12-10", start="14:00", title="Falls")
    ws.book(second.id, name="Siobhán Ní Bhriain", email="siobhan@example.nhs.uk")
    app.choose(first.id)
    panel, bookings = app.session_panel(), app.bookings_panel()
    assert "Nobody booked yet" in bookings.rows.children[0].value
    panel.chooser.value = second.id
    assert ws.current_session().id == second.id and panel.title.value == "Falls"
    assert "Siobhán Ní Bhriain" in bookings.rows.children[0].children[0].value


def test_the_promotion_panel_writes_the_posts_and_the_poster_with_a_click(app):
    ws = app.ws
    session = ws.new_session(
        date="2027-01-14", start="14:00", title="<b>Falls</b> & =HYPERLINK(\"x\")",
        booking_link="https://forms.example.nhs.uk/falls",
    )  # fmt: skip
    app.choose(session.id)
    promotion = app.promotion_panel()
    buttons(promotion, "Write the posts and the poster")[0].click()
    assert "are written" in promotion.status.value
    shown = promotion.post.value
    assert "of X&#x27;s 280 characters (its link counted as 23)" in shown
    # The title is shown as typed, never as markup.
    assert "&lt;b&gt;Falls&lt;/b&gt; &amp; =HYPERLINK(&quot;x&quot;)" in shown
    assert 'href="group/output/promotion/session-1/poster.docx"' in shown
    ws.edit_session(session.id, booking_link="")
    buttons(promotion, "Write the posts and the poster")[0].click()
    assert "booking_link" in promotion.status.value  # what to set, as one line


def test_the_followup_panel_imports_the_survey_and_keeps_answers_with_a_click(app):
    ws = app.ws
    session = ws.new_session(date="2026-11-12", start="14:00", title="Engagement", minutes=60)
    ws.import_bookings(session.id, sample_file("bookings.csv"))
    came = [b.person.email for b in ws.bookings(session.id) if b.status == "booked"]
    ws.mark_attendance(session.id, came)
    app.choose(session.id)
    panel = app.followup_panel()
    assert "No written answers imported yet" in panel.rows.children[0].value
    upload(panel.upload, sample_file("followup_survey.xlsx"))
    assert "Imported 5 responses for session 1: 5 from attendees, 0 anonymous." in (
        panel.status.value
    )
    # Three wrote what they did differently; the formula-like one is shown as text.
    texts = [row.children[0].value for row in panel.rows.children]
    assert len(texts) == 3 and any("=Used it in supervision" in t for t in texts)
    assert "Aoife O&#x27;Neill: I plan a protected ten minutes" in texts[0]
    buttons(panel, "Keep for the report")[0].click()
    assert "without a name" in panel.status.value
    [kept] = [q for q in ws.followup_quotes(session.id) if q.keep]
    assert kept.who == "Aoife O'Neill" and not kept.named
    assert "<b>kept</b>" in panel.rows.children[0].children[0].value
    buttons(panel, "Take off the report")[0].click()
    assert not any(q.keep for q in ws.followup_quotes(session.id))


def test_names_are_shown_as_text_in_panels(app):
    ws = app.ws
    session = ws.new_session(date="2026-11-12", start="14:00", title="<b>Falls</b>")
    ws.book(session.id, name='=HYPERLINK("x") <b>O\'Neill</b>', email="x@example.nhs.uk")
    app.choose(session.id)
    bookings = app.bookings_panel()
    text = bookings.rows.children[0].children[0].value
    assert "&lt;b&gt;O&#x27;Neill&lt;/b&gt;" in text and "<b>O'Neill" not in text
    assert "&lt;b&gt;Falls&lt;/b&gt;" in show.table(ws.sessions_table())._repr_html_()


# -- the parameters cell ------------------------------------------------------------------------


def test_parameters_are_read_as_people_type_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.ris").write_text("TY  - JOUR\nER  -\n")
    assert values.files("a.ris", "SEARCH_EXPORTS") == [
        tmp_path.joinpath("a.ris").relative_to(tmp_path)
    ]
    assert values.files(None, "SEARCH_EXPORTS") == []
    assert values.words("6.2, 9.3; 22.3", "CODE_STANDARDS", example="") == ["6.2", "9.3", "22.3"]
    assert values.reasons("3: behind a paywall; 7: too long", "REJECT", example="") == {
        3: "behind a paywall",
        7: "too long",
    }
    with pytest.raises(values.ParameterError, match=r"SEARCH_EXPORTS: b.ris does not exist"):
        values.files(["a.ris", "b.ris"], "SEARCH_EXPORTS")
    with pytest.raises(values.ParameterError, match=r"REJECT: '3 behind' needs a number, a colon"):
        values.reasons("3 behind", "REJECT", example='{3: "why"}')
    with pytest.raises(values.ParameterError, match="CAPACITY: 'ten' is not a whole number"):
        values.number("ten", "CAPACITY", example="10")


def test_a_windows_path_pasted_into_a_cell_is_read_as_typed():
    line = 'BOOKINGS_FILE = "C:\\Users\\helen\\Downloads\\bookings.csv"'
    [made] = errors.raw_windows_paths([line])
    namespace: dict = {}
    exec(made, namespace)
    assert namespace["BOOKINGS_FILE"] == "C:\\Users\\helen\\Downloads\\bookings.csv"
    escaped = 'X = "C:\\\\Users\\\\helen"'
    assert errors.raw_windows_paths([escaped]) == [escaped]


def test_an_error_is_shown_with_advice_for_the_notebook_not_the_command_line():
    from readinggroups.errors import WorkspaceError

    shown = errors.render(
        WorkspaceError("x is not a workspace — create one with `readinggroups init x --group NAME`")
    )
    assert "readinggroups init" not in shown["text/html"]
    assert "x is not a workspace" in shown["text/html"] and "Set WORKSPACE" in shown["text/html"]


def test_saving_in_jupyterlab_leaves_no_outputs_in_the_file():
    from readinggroups.notebook.copies import clear_outputs, lab_command

    model = {
        "type": "notebook",
        "content": {
            "cells": [{"cell_type": "code", "outputs": [{"text": "Aoife"}], "execution_count": 3}],
            "metadata": {"widgets": {"state": "Aoife"}},
        },
    }
    clear_outputs(model)
    assert (
        model["content"]["cells"][0]["outputs"] == []
        and "widgets" not in model["content"]["metadata"]
    )
    command = lab_command(__import__("pathlib").Path("/w"))
    assert "--ContentsManager.pre_save_hook=readinggroups.notebook.copies.clear_outputs" in command
    assert not any(
        "pre_save_hook" in part
        for part in lab_command(__import__("pathlib").Path("/w"), keep_outputs=True)
    )
