"""`readinggroups demo`: the whole journey on the sample data, as the README promises."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from docx import Document

from readinggroups import Workspace, WorkspaceError
from readinggroups.demo import build_demo


def test_demo_builds_the_workspace_and_prints_where_things_are(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "readinggroups", "demo", "demo-group"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Articles: 18 new, 3 duplicates" in out
    assert "Bookings: 10 booked, 2 on the waiting list" in out
    assert "promoted from the waiting list: Daniel Ashworth" in out
    assert "8 attended, 1 partial, 1 no-show" in out
    assert (
        "attendees' documents: output/forms/session-1 (10 reflective account forms, CPD records "
        "and certificates)"
    ) in out

    root = tmp_path / "demo-group"
    ws = Workspace.open(root)
    # Several months of sessions, so the report has months and a schedule to compare.
    assert [s.date.month for s in ws.sessions(kind="reading-group")] == [7, 9, 10, 11, 1]
    # And a fortnightly workshop series of its own beside the reading group.
    workshops = ws.sessions(series="Finding the Evidence")
    assert [(s.date.day, s.kind, s.minutes, s.capacity) for s in workshops] == [
        (15, "workshop", 150, 8),
        (29, "workshop", 150, 8),
    ]
    assert (
        "Workshops (Finding the Evidence, fortnightly): 15 October, 6 came; 29 October, 7 came"
        in out
    )
    session = ws.session(1)
    assert session.capacity == 10 and len(session.articles) == 1
    assert ws.current_session().id == 1
    forms = sorted((root / "output" / "forms" / "session-1").glob("reflective-account_*.docx"))
    assert len(forms) == 10  # with Rebecca, settled from her guest login
    assert len(list((root / "output" / "forms" / "session-1").glob("certificate_*.docx"))) == 10
    [pack] = (root / "output" / "packs").glob("*.docx")
    assert "Therapeutic engagement on acute wards" in "\n".join(
        p.text for p in Document(str(pack)).paragraphs
    )
    export = pd.read_excel(root / "output" / "exports" / "attendance.xlsx")
    first = export[export["session_id"] == 1]
    assert len(first) == 12
    assert first["status"].value_counts()["attended"] == 9
    assert not export["name"].str.contains("HYPERLINK").any()
    _, report = ws.report(until="2026-12-01")
    assert set(report.schedule[report.schedule["sessions"] > 0]["schedule"]) >= {
        "monthly",
        "every other month",
    }


def test_demo_refuses_a_folder_that_is_in_use(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="is not empty"):
        build_demo(tmp_path / "busy", echo=lambda _: None)
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]
