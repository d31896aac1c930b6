"""Every shipped notebook runs headless, top to bottom, as a librarian would run it."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest
from docx import Document

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs_and_has_a_parameters_cell(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert "parameters" in code[0]["metadata"].get("tags", [])


def run_notebook(name: str, folder: Path, **parameters) -> list[dict]:
    """Execute a shipped notebook headless in ``folder``; its cells with their outputs."""
    out = folder / f"out-{name}"
    papermill.execute_notebook(
        str(Path(__file__).parents[1] / "notebooks" / name),
        str(out),
        parameters=parameters,
        cwd=str(folder),
        progress_bar=False,
        kernel_name="python3",
    )
    return json.loads(out.read_text())["cells"]


def printed_by(cells: list[dict]) -> str:
    return "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))


def test_reading_group_notebook_runs_the_whole_session(tmp_path):
    workspace = tmp_path / "nb-group"
    printed = printed_by(run_notebook("reading_group.ipynb", tmp_path, WORKSPACE=str(workspace)))
    assert "18 new, 3 duplicates" in printed
    assert "10 booked, 2 on the waiting list" in printed
    assert "8 attended, 1 partial, 2 no-show" in printed  # nobody cancelled in the notebook
    forms = sorted((workspace / "output" / "forms" / "session-1").glob("reflective-account_*"))
    # Daniel Ashworth was still waiting, but came and is counted; Sam Visitor walked in.
    assert len(forms) == 10
    [siobhan] = [f for f in forms if "Siobhán-Ní-Bhriain" in f.name]
    cells = [c.text for t in Document(str(siobhan)).tables for r in t.rows for c in r.cells]
    assert "Siobhán Ní Bhriain" in cells
    assert (workspace / "output" / "exports" / "attendance.xlsx").is_file()
    assert "marked: Sam Visitor, 60 min" in printed  # a walk-in from the sign-in sheet
    assert "30 documents for 10 attendees" in printed
    assert len(list((workspace / "output" / "forms" / "session-1").glob("certificate_*"))) == 10
    assert len(list((workspace / "output" / "packs").glob("session-pack_*.docx"))) == 1

    # Run again, as a librarian would: still one session, its bookings and documents.
    run_notebook("reading_group.ipynb", tmp_path, WORKSPACE=str(workspace))
    from readinggroups import Workspace

    ws = Workspace.open(workspace)
    [session] = ws.sessions()
    assert len(session.articles) == 1 and len(ws.bookings(session.id)) == 13
    assert len(list((workspace / "output" / "forms" / "session-1").glob("certificate_*"))) == 10


def test_select_articles_notebook_imports_ranks_and_chooses(tmp_path):
    workspace = tmp_path / "select"
    cells = run_notebook(
        "01_select_articles.ipynb",
        tmp_path,
        WORKSPACE=str(workspace),
        REJECT={1: "behind a paywall"},
    )
    printed = printed_by(cells)
    assert "18 new, 3 duplicates" in printed
    assert "merged into" in printed and "(same DOI)" in printed
    assert "Session 1 on 10 December 2026:" in printed
    from readinggroups import Workspace

    ws = Workspace.open(workspace)
    [session] = ws.sessions()
    assert len(session.articles) == 1 and session.articles[0].status == "shortlisted"
    assert ws.article(1).status == "rejected"
    shown = "".join(
        str(o.get("data", {}).get("text/plain", "")) for c in cells for o in c.get("outputs", [])
    )
    assert "reasons" in shown  # the shortlist table was displayed

    # Run again: the session is found and its article kept, not a second session planned.
    again = printed_by(run_notebook("01_select_articles.ipynb", tmp_path, WORKSPACE=str(workspace)))
    assert "was planned before, so its articles are kept" in again
    [session] = Workspace.open(workspace).sessions()
    assert len(session.articles) == 1


def test_report_notebook_makes_the_tables_and_shows_the_charts(tmp_path):
    workspace = tmp_path / "report-group"
    cells = run_notebook("03_report.ipynb", tmp_path, WORKSPACE=str(workspace))
    printed = printed_by(cells)
    assert "report.xlsx" in printed and "schedule_comparison.png" in printed
    images = [o for c in cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 3
    tables = [
        "".join(o["data"]["text/html"])
        for c in cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert len(tables) >= 4
    anonymised = workspace / "output" / "exports" / "people-anonymised.xlsx"
    assert str(anonymised) in printed and anonymised.is_file()
    # What the notebook shows under "anonymised" names nobody.
    assert "Person " in tables[-1] and "Aoife" not in tables[-1] and "@example" not in tables[-1]


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
