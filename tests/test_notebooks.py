"""Every shipped notebook runs headless, top to bottom, as a librarian would run it."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest
from docx import Document

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs_and_starts_with_setup_then_parameters(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    # setup() first, so a Windows path pasted into the parameters cell is read as typed.
    assert "setup()" in "".join(code[0]["source"])
    assert "parameters" in code[1]["metadata"].get("tags", [])


def test_notebooks_are_numbered_in_the_order_of_use():
    assert [p.name for p in NOTEBOOKS] == [
        "01_select_articles.ipynb",
        "02_reading_group.ipynb",
        "03_report.ipynb",
    ]


def run_notebook(name: str, folder: Path, **parameters) -> list[dict]:
    """Execute the workspace's own copy of a notebook headless, from the workspace, as
    JupyterLab opened by `readinggroups lab` runs it; its cells with their outputs."""
    from nbclient.exceptions import CellTimeoutError

    out = folder.parent / f"out-{folder.name}-{name}"
    for attempt in (1, 2):
        try:
            papermill.execute_notebook(
                str(folder / name),
                str(out),
                parameters=parameters,
                cwd=str(folder),
                progress_bar=False,
                kernel_name="python3",
                # Now and then the client never hears an idle kernel's reply and would wait
                # for ever; no cell here takes a minute. Running a notebook again is safe
                # (what these tests check), so a stalled run is run once more.
                execution_timeout=120,
            )
            break
        except CellTimeoutError:
            if attempt == 2:
                raise
    return json.loads(out.read_text())["cells"]


def printed_by(cells: list[dict]) -> str:
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))


def html_shown(cells: list[dict]) -> list[str]:
    return [
        "".join(o["data"]["text/html"])
        for c in cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]


def database_rows(workspace: Path) -> list[str]:
    """Every row of every table, as SQL: two equal lists mean nothing changed."""
    import sqlite3

    with sqlite3.connect(workspace / "readinggroups.sqlite") as db:
        return list(db.iterdump())


def report_frames(workspace: Path) -> dict:
    import pandas as pd

    return pd.read_excel(workspace / "output" / "report" / "report.xlsx", sheet_name=None)


@pytest.fixture
def fresh(tmp_path):
    """A new workspace made as the README says, with its own copies of the notebooks."""
    from tests.commands import run

    run("init", str(tmp_path / "group"), "--group", "Nursing Reflective Reading Group")
    return tmp_path / "group"


def test_reading_group_notebook_runs_the_whole_session_headless_and_again_changes_nothing(fresh):
    from readinggroups.demo import sample_file

    parameters = dict(
        LIBRARY="Northfield Library and Knowledge Service",
        FACILITATOR="Helen Marsh, Clinical Librarian",
        SEARCH_EXPORTS=str(sample_file("search_export.ris")),  # one file, not a list: accepted
        SESSION_DATE="2026-11-12",
        TITLE="Therapeutic engagement on acute wards",
        MINUTES=60,
        CAPACITY=10,
        CODE_STANDARDS="6.2, 9.3, 22.3",
        ARTICLE="therapeutic engagement",
        BOOKINGS_FILE=str(sample_file("bookings.csv")),
        MAKE_PACK=True,
        ATTENDANCE_REPORT=str(sample_file("teams_attendance.csv")),
        SETTLE={"Rebecca T (Guest)": "rebecca.thornton@example.nhs.uk"},
        MAKE_DOCUMENTS=True,
        SEND="due",
    )
    printed = printed_by(run_notebook("02_reading_group.ipynb", fresh, **parameters))
    assert "The library is now 'Northfield Library and Knowledge Service'" in printed
    assert "Planned session 1." in printed
    assert "10 booked, 2 on the waiting list" in printed
    assert "Rebecca T (Guest): recorded as Rebecca Thornton" in printed
    assert "9 attended, 1 partial" in printed
    assert "30 documents for 10 attendees" in printed
    assert "Sent 10 messages (documents for session 1)." in printed
    assert "Sent 1 message (missed for session 1)." in printed
    from readinggroups import Workspace

    ws = Workspace.open(fresh)
    [session] = ws.sessions()
    [article] = session.articles
    assert "therapeutic engagement" in article.title
    pack = next((fresh / "output" / "packs").glob("session-pack_*.docx"))
    assert "Northfield Library and Knowledge Service" in "\n".join(
        p.text for p in Document(str(pack)).paragraphs
    )
    forms = sorted((fresh / "output" / "forms" / "session-1").glob("reflective-account_*"))
    assert len(forms) == 10
    [siobhan] = [f for f in forms if "Siobhán-Ní-Bhriain" in f.name]
    cells = [c.text for t in Document(str(siobhan)).tables for r in t.rows for c in r.cells]
    assert "Siobhán Ní Bhriain" in cells

    # A month on, the survey's export imported from the parameters cell.
    parameters["FOLLOWUP_SURVEY"] = str(sample_file("followup_survey.xlsx"))
    answered = printed_by(run_notebook("02_reading_group.ipynb", fresh, **parameters))
    assert "Imported 5 responses for session 1: 5 from attendees, 0 anonymous." in answered
    assert len(ws.followup_responses(session.id)) == 5

    before = database_rows(fresh)
    again = printed_by(run_notebook("02_reading_group.ipynb", fresh, **parameters))
    assert "Session 1 was planned before: carrying on with it." in again
    assert "(5 imported before, replaced)" in again  # the same answers, not twice
    assert "To settle" not in again  # Rebecca stays settled
    assert "Nothing to send: everyone has had what is due." in again
    assert database_rows(fresh) == before
    assert len(list((fresh / "output" / "packs").glob("session-pack_*.docx"))) == 1


def test_reading_group_notebook_changes_an_existing_session_as_its_parameters_say(fresh):
    from readinggroups import Workspace
    from readinggroups.demo import sample_file

    ws = Workspace.open(fresh)
    session = ws.new_session(date="2026-11-12", start="14:00", title="Delirium", capacity=12)
    ws.import_bookings(session.id, sample_file("bookings.csv"))  # 12 booked, nobody waiting
    printed = printed_by(
        run_notebook(
            "02_reading_group.ipynb", fresh, SESSION=session.id, CAPACITY=10, VENUE="Room 4"
        )
    )
    assert "Changed capacity, venue on session 1." in printed
    assert "2 moved to the waiting list" in printed or "waiting list" in printed
    changed = ws.session(session.id)
    assert changed.capacity == 10 and changed.venue == "Room 4"
    assert sum(b.status == "waitlisted" for b in ws.bookings(session.id)) == 2


def test_reading_group_notebook_plans_and_promotes_a_workshop_and_again_changes_nothing(fresh):
    from readinggroups import Workspace
    from readinggroups.demo import sample_file

    parameters = dict(
        SESSION_DATE="2027-01-14",
        START="10:00",
        TITLE="Finding the Evidence: searching CINAHL",
        KIND="workshop",
        OUTCOMES=["Search CINAHL with subject headings", "Find full text, with OpenAthens"],
        BOOKING_LINK="https://forms.example.nhs.uk/search-workshop",
        BOOKINGS_FILE=str(sample_file("bookings.csv")),
        PROMOTE=True,
    )
    cells = run_notebook("02_reading_group.ipynb", fresh, **parameters)
    printed = printed_by(cells)
    assert "Planned session 1." in printed
    [session] = Workspace.open(fresh).sessions()
    assert session.is_workshop and session.minutes == 90
    assert session.learning_outcomes == parameters["OUTCOMES"]
    assert session.booking_link == "https://forms.example.nhs.uk/search-workshop"
    shown = "\n".join(html_shown(cells))
    assert "of X&#x27;s 280 characters (its link counted as 23)" in shown
    assert "https://forms.example.nhs.uk/search-workshop" in shown and "poster.docx" in shown
    promotion = fresh / "output" / "promotion" / "session-1"
    assert "Finding the Evidence: searching CINAHL" in (promotion / "post.txt").read_text()

    before = database_rows(fresh)
    again = printed_by(run_notebook("02_reading_group.ipynb", fresh, **parameters))
    assert "Session 1 was planned before: carrying on with it." in again
    assert database_rows(fresh) == before


def test_a_library_error_shows_as_one_line_with_what_to_do_in_the_notebook(fresh):
    import papermill.exceptions

    with pytest.raises(papermill.exceptions.PapermillExecutionError):
        run_notebook("02_reading_group.ipynb", fresh, BOOKINGS_FILE="no-such-bookings.csv")
    [out] = fresh.parent.glob(f"out-{fresh.name}-02_reading_group.ipynb")
    cells = json.loads(out.read_text())["cells"]
    shown = " ".join(html_shown(cells))
    assert "BOOKINGS_FILE: " in shown and "does not exist" in shown
    assert "Correct it in the parameters cell" in shown
    assert not any(
        o.get("output_type") == "error" and o.get("traceback")
        for c in cells
        for o in c.get("outputs", [])
        if "Traceback" in "".join(o.get("traceback", []))
    )


def test_select_articles_notebook_imports_ranks_and_chooses_and_again_changes_nothing(fresh):
    from readinggroups import Workspace
    from readinggroups.demo import sample_file

    parameters = dict(
        SEARCH_EXPORTS=[
            str(sample_file("search_export.ris")),
            str(sample_file("pubmed_export.txt")),
        ],
        QUERY="nurses",
        SINCE=2021,
        REJECT="1: behind a paywall",  # typed as text, not a dict: accepted
        ARTICLE=9,
        SESSION_DATE="2026-12-10",
        TITLE="Next reading group",
    )
    cells = run_notebook("01_select_articles.ipynb", fresh, **parameters)
    printed = printed_by(cells)
    assert "18 new, 3 duplicates" in printed
    shown = " ".join(html_shown(cells))
    assert "3 merged (click to see)" in shown and "(same DOI)" in shown
    assert "<th>Reasons</th>" in shown and "<th>No.</th>" in shown
    ws = Workspace.open(fresh)
    [session] = ws.sessions()
    assert [a.id for a in session.articles] == [9] and session.articles[0].status == "shortlisted"
    assert ws.article(1).status == "rejected"

    before = database_rows(fresh)
    again = printed_by(run_notebook("01_select_articles.ipynb", fresh, **parameters))
    assert "0 new, 21 duplicates" in again or "0 new" in again
    assert "Session 1 was planned before" in again
    assert database_rows(fresh) == before


def test_notebooks_in_the_demo_workspace_run_twice_with_nothing_changed(tmp_path):
    from readinggroups.demo import build_demo

    workspace = tmp_path / "demo"
    build_demo(workspace)
    for notebook in NOTEBOOKS:
        assert (workspace / notebook.name).is_file()  # the demo has its own copies
    runs = []
    for _ in range(2):
        cells = {nb.name: run_notebook(nb.name, workspace) for nb in NOTEBOOKS}
        runs.append((database_rows(workspace), report_frames(workspace)))
    (rows1, report1), (rows2, report2) = runs
    assert rows1 == rows2
    assert report1.keys() == report2.keys()
    for sheet in report1:
        assert report1[sheet].equals(report2[sheet])

    report = cells["03_report.ipynb"]
    images = [o for c in report for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 4  # attendance, no-show rate, schedules, impact
    tables = html_shown(report)
    # Plain headers, percentages, no pandas row numbers.
    assert any("<th>No-show rate</th>" in t for t in tables)
    assert any("%</td>" in t for t in tables)
    assert not any("NaN" in t or "&lt;NA&gt;" in t for t in tables)
    assert any('href="output/report/report.xlsx"' in t for t in tables)
    # The demo's reading group and its search workshops, side by side, and their impact.
    assert any("Finding the Evidence" in t and "fortnightly" in t for t in tables)
    assert any("I plan a protected ten minutes" in t for t in tables)  # a kept quote
    anonymised = tables[-1]
    assert "Person " in anonymised and "Aoife" not in anonymised and "@example" not in anonymised


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_valid_notebook_whose_code_parses(notebook):
    # The committed notebooks are their own source (nothing generates them): each must be a
    # valid notebook whose every code cell is Python that parses.
    import ast

    import nbformat

    parsed = nbformat.read(str(notebook), as_version=4)
    nbformat.validate(parsed)
    ids = [cell.id for cell in parsed.cells]
    assert len(ids) == len(set(ids))
    for cell in parsed.cells:
        if cell.cell_type == "code":
            ast.parse(cell.source)
